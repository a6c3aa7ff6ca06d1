"""Search benchmark: pufa/search against Material's search (jieba + lunr) and Pagefind (extended).

The same content (the demo plus the statute library imported from ../shared/corpus/lawrefbook,
built with this repository's mkdocs.yml) is built three ways, served on 127.0.0.1 and queried
in Debian's Chromium, one engine after another in one run. Measured by query kind (law name,
article, everyday question, exact phrase) and overall: nDCG@10 and recall@10 on the judged
queries of queries.yml, exact-span recall (random 2-8 character spans of content pages, and
the judged queries that occur verbatim), queries with no result, bytes of search files
downloaded before the first results (cold cache), time from the last keystroke to results
shown, and index build time.

    .venv/bin/python benchmarks/search/run.py               # demo + statute library
    .venv/bin/python benchmarks/search/run.py --demo-only   # the demo site alone

Results go to benchmarks/search/results-<site>.md and .json.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from pufa.core.search.page_text import read_blocks  # noqa: E402

sys.path.insert(0, str(HERE))
from judgments import KINDS, load_queries, on_site, percentile, quality, span_found  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ENGINES = ("pufa", "material", "pagefind")
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{2,}")

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "lawrefbook"
# content pages: what a citizen searches for (home, calendar, report, kiosk start are not)
CONTENT_PREFIXES = ("laws/", "cases/", "statutes/")
SEARCH_PLUGIN = re.compile(r"^  - pufa/search:.*\n(    .*\n)*", re.MULTILINE)
MATERIAL_SEARCH = "  - search:\n      lang: zh\n"


def configs(mkdocs_yml: str) -> dict[str, str]:
    """The site's own mkdocs.yml three ways: without search, with pufa/search, with Material's.

    Only the search plugin changes, so all three engines index the pages an agency publishes
    (home, calendar, report and kiosk pages included).
    """
    mkdocs_yml = re.sub(r"^site_url: .*$", "site_url: http://127.0.0.1/", mkdocs_yml, flags=re.MULTILINE)
    if not SEARCH_PLUGIN.search(mkdocs_yml):
        raise SystemExit("mkdocs.yml: no pufa/search plugin entry to swap")
    base = SEARCH_PLUGIN.sub("", mkdocs_yml)
    return {"base": base, "pufa": mkdocs_yml,
            "material": base.replace("\nplugins:\n", "\nplugins:\n" + MATERIAL_SEARCH, 1)}


# building


def prepare(work: Path, corpus: Path | None) -> Path:
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "docs", project / "docs")
    if corpus:
        from pufa.core.statutes.importer import import_corpus

        import_corpus(corpus, project / "content", "spc")
    for name, text in configs((REPO / "mkdocs.yml").read_text(encoding="utf-8")).items():
        (project / f"{name}.yml").write_text(text, encoding="utf-8")
    return project


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def build_all(project: Path) -> tuple[dict[str, Path], dict[str, float]]:
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    sites, seconds = {}, {}
    for name in ("base", "pufa", "material"):
        sites[name] = project / f"site-{name}"
        seconds[name] = timed([mkdocs, "build", "-q", "-f", str(project / f"{name}.yml"), "-d", str(sites[name])], project)
    # Pagefind indexes the pages' content (Material's <article>), as its docs advise, over the base build
    sites["pagefind"] = sites["base"]
    seconds["pagefind"] = timed([sys.executable, "-m", "pagefind", "--site", str(sites["base"]),
                                 "--root-selector", "article", "--output-subdir", "pagefind"], project)
    return sites, seconds


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


# page texts, for judgments and spans


def page_path(url: str) -> str:
    path = unquote(urlsplit(url).path).strip("/")
    return path.removesuffix("index.html").strip("/")


def page_texts(site: Path) -> dict[str, str]:
    texts = {}
    for html_file in site.rglob("index.html"):
        rel = html_file.parent.relative_to(site).as_posix().strip(".")
        if rel.startswith(("search", "pagefind", "404")):
            continue
        html = html_file.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        if start < 0:
            continue
        texts[rel] = "\n".join(b.text for b in read_blocks(html[start:end]))
    return texts


def sample_spans(texts: dict[str, str], count: int, seed: int = 20261125) -> list[str]:
    rng = random.Random(seed)
    pages = sorted(p for p, t in texts.items() if HAN_RUN.search(t))
    spans: list[str] = []
    while len(spans) < count:
        runs = HAN_RUN.findall(texts[rng.choice(pages)])
        run = rng.choice(runs)
        length = rng.randint(2, min(8, len(run)))
        start = rng.randint(0, len(run) - length)
        spans.append(run[start:start + length])
    return spans


# engines in the browser


# pufa through its page's stable hooks (DESIGN.md), as a reader sees it: the clock runs from
# the input event to the result list no longer busy; the links are the shown results, in order
PUFA_QUERY = """q => new Promise(resolve => {
  const input = document.querySelector('[data-pufa-search]');
  const list = document.querySelector('[data-pufa-results]');
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (list.getAttribute('aria-busy') === 'false') {
      obs.disconnect();
      const ms = performance.now() - t0;
      resolve({ms, urls: [...list.querySelectorAll('[data-pufa-result]')].map(r => r.querySelector('a').href)});
    }
  });
  obs.observe(list, {attributes: true, attributeFilter: ['aria-busy']});
  input.value = q; input.dispatchEvent(new Event('input', {bubbles: true}));
})"""
PAGEFIND_INIT = "async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); }"
PAGEFIND_QUERY = """async q => { const t0 = performance.now(); const r = await window.pf.search(q);
  const d = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return {ms: performance.now() - t0, urls: d.map(x => x.url)}; }"""
MATERIAL_INPUT = ".md-search__input"
# Material searches on real key events; the clock starts at the last keyup and stops when it shows a count
MATERIAL_ARM = """() => {
  window.__t0 = null; window.__done = null;
  const meta = document.querySelector('.md-search-result__meta');
  document.querySelector('.md-search__input').addEventListener('keyup', () => { window.__t0 = performance.now(); },
                                                              {once: true});
  const obs = new MutationObserver(() => {
    if (window.__t0 !== null && !/键入以开始搜索|初始化/.test(meta.textContent)) {
      obs.disconnect(); window.__done = performance.now();
    }
  });
  obs.observe(meta, {childList: true, characterData: true, subtree: true});
}"""
MATERIAL_IDLE = "() => /键入以开始搜索/.test(document.querySelector('.md-search-result__meta').textContent)"
MATERIAL_LINKS = """() => [...document.querySelectorAll(
  '.md-search-result__list > li.md-search-result__item > a.md-search-result__link')].map(a => a.href)"""
LONG = 600_000  # Material loads an 80 MB index on the large site


def material_query(page, query: str, fresh: bool = False) -> tuple[list[str], float]:
    """Type a query into Material's search box; (result links, ms from the last keyup to results)."""
    if not fresh:
        page.fill(MATERIAL_INPUT, "")
        page.press(MATERIAL_INPUT, "End")
        page.wait_for_function(MATERIAL_IDLE, timeout=LONG)
    page.evaluate(MATERIAL_ARM)
    page.fill(MATERIAL_INPUT, query)
    page.press(MATERIAL_INPUT, "End")
    page.wait_for_function("window.__done !== null", timeout=LONG)
    return page.evaluate(MATERIAL_LINKS), page.evaluate("window.__done - window.__t0")


def open_engine(browser, name: str, base: str):
    """A fresh page ready for queries (nothing of the index loaded yet, except Pagefind's entry)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(LONG)
    if name == "pufa":
        page.goto(base + "/search/")
    elif name == "material":
        page.goto(base + "/")
        page.click(MATERIAL_INPUT)
    else:
        page.goto(base + "/")
        page.evaluate(PAGEFIND_INIT)
    return page


def query(page, name: str, text: str, fresh: bool = False) -> tuple[list[str], float]:
    """(page paths of the results in order, each once, at most 10; ms from keystroke to results)."""
    if name == "material":
        urls, ms = material_query(page, text, fresh)
    else:
        shown = page.evaluate(PUFA_QUERY if name == "pufa" else PAGEFIND_QUERY, text)
        urls, ms = shown["urls"], shown["ms"]
    seen: list[str] = []
    for url in urls:
        path = page_path(url)
        if path not in seen:
            seen.append(path)
    return seen[:10], ms


def search_bytes(browser, name: str, base: str, text: str) -> tuple[int, int, float]:
    """(search bytes, all bytes, seconds) from a cold start to the first results of one query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: sizes.append((urlsplit(request.url).path, request.sizes()["responseBodySize"])))
    start = time.perf_counter()
    if name == "pufa":
        page.goto(base + "/search/?q=" + quote(text))
        page.wait_for_selector("[data-pufa-results][aria-busy='false']", state="attached", timeout=LONG)
        # what the search page loads for searching: its data and scripts, not the page itself
        pattern = re.compile(r"^/(search/.+|assets/.*search.*\.m?js$)")  # one script or the ES modules
    elif name == "material":
        page.goto(base + "/")
        page.click(MATERIAL_INPUT)
        material_query(page, text, fresh=True)
        pattern = re.compile(r"(search_index\.json|/workers/|/lunr/)")
    else:
        page.goto(base + "/")
        page.evaluate(PAGEFIND_INIT)
        page.evaluate(PAGEFIND_QUERY, text)
        pattern = re.compile(r"^/pagefind/")
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(200)
    context.close()
    return sum(s for p, s in sizes if pattern.search(p)), sum(s for _, s in sizes), elapsed


# the run


def measure(browser, name: str, base: str, queries, spans: list[str], texts: dict[str, str], cold: int) -> dict:
    page = open_engine(browser, name, base)
    print(f"{name}: judged queries …", flush=True)
    rankings, ms = {}, {}
    first_ms = None
    for q in queries:
        rankings[q.text], ms[q.text] = query(page, name, q.text, fresh=first_ms is None)
        first_ms = ms[q.text] if first_ms is None else first_ms
    # warm timings: the same queries again, the index parts they need already fetched
    for q in queries:
        ms[q.text] = query(page, name, q.text)[1]
    print(f"{name}: spans …", flush=True)
    found = sum(span_found(span, query(page, name, span)[0], texts) for span in spans)
    page.context.close()
    print(f"{name}: cold loads …", flush=True)
    result = {"by_kind": quality(queries, rankings, texts), "random_span_recall": found / len(spans),
              "first_ms": first_ms, "rankings": rankings}
    for kind in KINDS + ("all",):
        mine = [q for q in queries if kind == "all" or q.kind == kind]
        times = [ms[q.text] for q in mine]
        entry = result["by_kind"][kind]
        entry["median_ms"] = statistics.median(times) if times else None
        entry["p95_ms"] = percentile(times, 0.95) if times else None
        if kind != "all":
            loads = [search_bytes(browser, name, base, q.text) for q in mine[:cold]]
            entry["cold"] = [{"q": q.text, "search_bytes": b, "all_bytes": a, "seconds": t}
                             for q, (b, a, t) in zip(mine, loads)]
    loads = [c for k in KINDS for c in result["by_kind"][k].get("cold", [])]
    for kind in KINDS + ("all",):
        mine = loads if kind == "all" else result["by_kind"][kind].get("cold", [])
        entry = result["by_kind"][kind]
        entry["search_bytes_median"] = statistics.median(c["search_bytes"] for c in mine) if mine else None
        entry["search_bytes_max"] = max(c["search_bytes"] for c in mine) if mine else None
    return result


def run(args: argparse.Namespace, save) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(args.work or tempfile.mkdtemp(prefix="pufa-bench-"))
    corpus = None if args.demo_only else Path(args.corpus).resolve()
    if args.reuse:
        # the builds of an earlier run in the same work folder (build times not measured again)
        project = work / "project"
        sites = {name: project / f"site-{name}" for name in ("base", "pufa", "material")}
        sites["pagefind"] = sites["base"]
        build_seconds = {}
    else:
        project = prepare(work, corpus)
        print(f"building in {project} …", flush=True)
        sites, build_seconds = build_all(project)
    texts = page_texts(sites["base"])
    queries = on_site(load_queries(HERE / "queries.yml"), set(texts), library=corpus is not None)
    # a span counts as found on a content page: the reader wants the text, not the calendar
    content = {p: t for p, t in texts.items() if p.startswith(CONTENT_PREFIXES)}
    spans = sample_spans(content, args.spans)
    servers, bases = {}, {}
    for name in ENGINES:
        bases[name], servers[name] = serve(sites["base" if name == "pagefind" else name])
    report: dict = {"site": args.name, "pages": len(texts),
                    "content_pages": sum(p.startswith(CONTENT_PREFIXES) for p in texts),
                    "queries": len(queries), "kinds": {k: sum(q.kind == k for q in queries) for k in KINDS},
                    "spans": len(spans), "build_seconds": build_seconds, "engines": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in args.engines:
            report["engines"][name] = measure(browser, name, bases[name], queries, spans, content, args.cold)
            if not args.keep_rankings:
                report["engines"][name].pop("rankings")
            save(report)  # each engine's figures kept as soon as they are measured
        browser.close()
    for server in servers.values():
        server.shutdown()
    return report


def _num(value, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def to_markdown(report: dict, command: str, load: str) -> str:
    b = report["build_seconds"]
    index_time = ({"pufa": b["pufa"] - b["base"], "material": b["material"] - b["base"], "pagefind": b["pagefind"]}
                  if b else {})
    kinds = ", ".join(f"{n} {k}" for k, n in report["kinds"].items())
    lines = [f"## Search benchmark: {report['site']} ({report['pages']} pages, {report['content_pages']} of them "
             f"content; {report['queries']} judged queries: {kinds}; {report['spans']} random spans)", "",
             f"`{command}` — load average before the run: {load}", "",
             "| engine | nDCG@10 | recall@10 | exact-span recall (random spans / verbatim queries) | queries with no result "
             "| search bytes before first results (median / max) | first query | keystroke to results median / p95 "
             "| index build |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in report["engines"].items():
        a = r["by_kind"]["all"]
        lines.append(
            f"| {name} | {a['ndcg10']:.3f} | {a['recall10']:.3f} | {r['random_span_recall']:.1%} / "
            f"{_num(a['span_recall'], '.1%')} of {a['span_queries']} | {len(a['no_result'])} | "
            f"{a['search_bytes_median'] / 1024:,.0f} KB / {a['search_bytes_max'] / 1024:,.0f} KB | "
            f"{r['first_ms']:.0f} ms | {a['median_ms']:.1f} / {a['p95_ms']:.1f} ms | "
            f"{_num(index_time.get(name), '.1f')} s |")
    lines += ["", "By query kind:", "",
              "| kind | queries | engine | nDCG@10 | recall@10 | exact-span recall (verbatim queries) "
              "| no result | search bytes median / max | keystroke to results p95 |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind in KINDS:
        for name, r in report["engines"].items():
            k = r["by_kind"][kind]
            lines.append(
                f"| {kind} | {k['queries']} | {name} | {_num(k['ndcg10'], '.3f')} | {_num(k['recall10'], '.3f')} | "
                f"{_num(k['span_recall'], '.1%')} of {k['span_queries']} | {len(k['no_result'])} | "
                f"{_num(k['search_bytes_median'] and k['search_bytes_median'] / 1024, ',.0f')} KB / "
                f"{_num(k['search_bytes_max'] and k['search_bytes_max'] / 1024, ',.0f')} KB | "
                f"{_num(k['p95_ms'], '.1f')} ms |")
    lines += ["", "Queries with no result:", ""]
    for name, r in report["engines"].items():
        empty = r["by_kind"]["all"]["no_result"]
        lines.append(f"- {name}: {len(empty)}" + (" — " + "、".join(empty) if empty else ""))
    lines += ["", (f"Builds (wall clock, separate processes): without search {b['base']:.1f} s, with pufa/search "
                   f"{b['pufa']:.1f} s, with Material's search {b['material']:.1f} s; Pagefind over the built HTML "
                   f"{b['pagefind']:.1f} s. Index build = build with the engine − build without search (Pagefind: "
                   "its run).") if b else "Builds of an earlier run reused (--reuse): build times not measured.",
              "Bytes: search files downloaded from a cold cache until the first results, for the first "
              "queries of each kind. Keystroke to results: the judged queries typed again on a warm page."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-only", action="store_true", help="the demo site alone, without the statute library")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="LawRefBook folder imported as the statute library")
    parser.add_argument("--name", help="name of the site in the results file (default: library or demo)")
    parser.add_argument("--work", help="folder for the project copy and builds (default: a new temp folder)")
    parser.add_argument("--spans", type=int, default=300)
    parser.add_argument("--cold", type=int, default=3, help="queries of each kind measured from a cold cache")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--reuse", action="store_true", help="query the builds an earlier run left in --work")
    parser.add_argument("--keep-rankings", action="store_true", help="keep each engine's top 10 per query in the JSON")
    args = parser.parse_args()
    args.name = args.name or ("demo" if args.demo_only else "library")
    if args.reuse and not args.work:
        parser.error("--reuse needs the --work folder of an earlier run")
    load = "%.2f %.2f %.2f" % os.getloadavg()
    # the command as run, without the work folder (a path of this machine)
    shown = [a for i, a in enumerate(sys.argv[1:]) if not a.startswith("--work") and sys.argv[i] != "--work"]
    command = "python " + " ".join(["benchmarks/search/run.py"] + shown)

    def save(report: dict) -> str:
        report["load_before"] = load
        report["load_after"] = "%.2f %.2f %.2f" % os.getloadavg()
        markdown = to_markdown(report, command, f"{load} (after: {report['load_after']})")
        (HERE / f"results-{args.name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                                        encoding="utf-8")
        (HERE / f"results-{args.name}.md").write_text(markdown, encoding="utf-8")
        return markdown

    print(save(run(args, save)))


if __name__ == "__main__":
    main()

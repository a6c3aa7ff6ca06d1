"""Search benchmark: pufa/search against Material's search (jieba + lunr) and Pagefind (extended).

The same content is built three ways, served on 127.0.0.1 and queried in Debian's Chromium:
quality (nDCG@10, recall@10 on queries.yml), exact-span recall (random 2–8 character spans of
page text), bytes downloaded before the first results (cold cache), latency from the last
keystroke to results shown, and index build time.

    .venv/bin/python benchmarks/search/run.py                                   # demo site
    .venv/bin/python benchmarks/search/run.py --corpus ../shared/corpus/lawrefbook   # + statute library

Results go to benchmarks/search/results-<site>.md and .json.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ENGINES = ("pufa", "material", "pagefind")
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{2,}")

CONFIG = """\
site_name: 普法在线
site_url: http://127.0.0.1/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
{plugins}
"""
PLUGINS = {
    "base": "  - pufa/content\n",
    "pufa": "  - pufa/content\n  - pufa/search:\n      synonyms_file: content/search-synonyms.yml\n",
    "material": "  - search:\n      lang: zh\n  - pufa/content\n",
}


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
    for name, plugins in PLUGINS.items():
        (project / f"{name}.yml").write_text(CONFIG.format(plugins=plugins), encoding="utf-8")
    return project


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def build_all(project: Path) -> tuple[dict[str, Path], dict[str, float]]:
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    sites, seconds = {}, {}
    for name in PLUGINS:
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


# metrics


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    gains = [2 ** judged.get(p, 0) - 1 for p in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2 ** g - 1 for g in judged.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    relevant = {p for p, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# engines in the browser


PUFA_TOP = "q => pufaSearch.search(q).then(r => r.hits.map(h => h.url))"
PAGEFIND_INIT = "async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); }"
PAGEFIND_TOP = """async q => { const r = await window.pf.search(q);
  const d = await Promise.all(r.results.slice(0, 10).map(x => x.data())); return d.map(x => x.url); }"""
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


def material_query(page, query: str, fresh: bool = False) -> tuple[list[str], float]:
    """Type a query into Material's search box; (result links, ms from the last keyup to results)."""
    if not fresh:
        page.fill(MATERIAL_INPUT, "")
        page.press(MATERIAL_INPUT, "End")
        page.wait_for_function(MATERIAL_IDLE, timeout=600_000)
    page.evaluate(MATERIAL_ARM)
    page.fill(MATERIAL_INPUT, query)
    page.press(MATERIAL_INPUT, "End")
    page.wait_for_function("window.__done !== null", timeout=600_000)
    return page.evaluate(MATERIAL_LINKS), page.evaluate("window.__done - window.__t0")


class Engines:
    def __init__(self, browser, bases: dict[str, str]) -> None:
        self.browser, self.bases = browser, bases
        self.pages = {}
        for name in ENGINES:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            if name == "pufa":
                page.goto(bases[name] + "/search/")
                page.evaluate("pufaSearch.loadMeta()")
            elif name == "material":
                page.goto(bases[name] + "/")
                page.click(MATERIAL_INPUT)
                page.wait_for_function(MATERIAL_IDLE, timeout=600_000)
            else:
                page.goto(bases[name] + "/")
                page.evaluate(PAGEFIND_INIT)
            self.pages[name] = page

    def top(self, name: str, query: str) -> list[str]:
        page = self.pages[name]
        if name == "material":
            urls = material_query(page, query)[0]
        else:
            urls = page.evaluate(PUFA_TOP if name == "pufa" else PAGEFIND_TOP, query)
        seen: list[str] = []
        for url in urls:
            path = page_path(url)
            if path not in seen:
                seen.append(path)
        return seen[:10]


def search_bytes(browser, name: str, base: str, query: str) -> tuple[int, int, float]:
    """(search bytes, all bytes, seconds) from a cold start to the first results of one query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: sizes.append((urlsplit(request.url).path, request.sizes()["responseBodySize"])))
    start = time.perf_counter()
    if name == "pufa":
        page.goto(base + "/search/?q=" + quote(query))
        page.wait_for_selector("[data-pufa-results][aria-busy='false'] [data-pufa-result]", timeout=600_000)
        pattern = re.compile(r"^/(search/data/|assets/pufa/search\.js)")
    elif name == "material":
        page.goto(base + "/")
        page.click(MATERIAL_INPUT)
        material_query(page, query, fresh=True)
        pattern = re.compile(r"(search_index\.json|/workers/|/lunr/)")
    else:
        page.goto(base + "/")
        page.evaluate(PAGEFIND_INIT)
        page.evaluate(PAGEFIND_TOP, query)
        pattern = re.compile(r"^/pagefind/")
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(200)
    context.close()
    return sum(s for p, s in sizes if pattern.search(p)), sum(s for _, s in sizes), elapsed


PUFA_LATENCY = """q => new Promise(resolve => {
  const input = document.querySelector('[data-pufa-search]');
  const list = document.querySelector('[data-pufa-results]');
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (list.getAttribute('aria-busy') === 'false') { obs.disconnect(); resolve(performance.now() - t0); }
  });
  obs.observe(list, {attributes: true, attributeFilter: ['aria-busy']});
  input.value = q; input.dispatchEvent(new Event('input', {bubbles: true}));
})"""
PAGEFIND_LATENCY = "async q => { const t0 = performance.now(); await (" + PAGEFIND_TOP + ")(q); return performance.now() - t0; }"


def latencies(browser, name: str, base: str, queries: list[str]) -> tuple[float, list[float]]:
    """(first query on a fresh page, the following queries) in milliseconds, last keystroke to results."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if name == "material":
        page.goto(base + "/")
        page.click(MATERIAL_INPUT)
        first = material_query(page, queries[0], fresh=True)[1]
        rest = [material_query(page, q)[1] for q in queries[1:]]
    else:
        if name == "pufa":
            page.goto(base + "/search/")
            script = PUFA_LATENCY
        else:
            page.goto(base + "/")
            page.evaluate(PAGEFIND_INIT)
            script = PAGEFIND_LATENCY
        first = page.evaluate(script, queries[0])
        rest = [page.evaluate(script, q) for q in queries[1:]]
    context.close()
    return first, rest


# the run


def run(args: argparse.Namespace) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(args.work or tempfile.mkdtemp(prefix="pufa-bench-"))
    corpus = Path(args.corpus).resolve() if args.corpus else None
    project = prepare(work, corpus)
    print(f"building in {project} …", flush=True)
    sites, build_seconds = build_all(project)
    texts = page_texts(sites["base"])
    servers = {}
    bases = {}
    for name in ENGINES:
        bases[name], servers[name] = serve(sites["base" if name == "pagefind" else name])
    queries = [{"q": str(item["q"]), "rel": item["rel"]}
               for item in yaml.safe_load((HERE / "queries.yml").read_text(encoding="utf-8"))]
    spans = sample_spans(texts, args.spans)
    report: dict = {"site": args.name, "pages": len(texts), "queries": len(queries), "spans": len(spans),
                    "build_seconds": build_seconds, "engines": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        engines = Engines(browser, bases)
        for name in ENGINES:
            print(f"{name}: quality …", flush=True)
            result: dict = {"per_query": {}}
            scores_n, scores_r = [], []
            for item in queries:
                judged = {p.strip("/"): g for p, g in item["rel"].items() if p.strip("/") in texts}
                ranked = engines.top(name, item["q"])
                result["per_query"][item["q"]] = ranked
                if judged:
                    scores_n.append(ndcg(ranked, judged))
                    scores_r.append(recall(ranked, judged))
            result["ndcg10"] = statistics.mean(scores_n)
            result["recall10"] = statistics.mean(scores_r)
            print(f"{name}: spans …", flush=True)
            found = 0
            for span in spans:
                ranked = engines.top(name, span)
                found += any(span in texts.get(p, "") for p in ranked)
            result["span_recall"] = found / len(spans)
            print(f"{name}: bytes and latency …", flush=True)
            measured = [search_bytes(browser, name, bases[name], q["q"]) for q in queries[:args.cold]]
            result["search_bytes_median"] = statistics.median(m[0] for m in measured)
            result["search_bytes_max"] = max(m[0] for m in measured)
            result["all_bytes_median"] = statistics.median(m[1] for m in measured)
            result["cold_seconds_median"] = statistics.median(m[2] for m in measured)
            first, rest = latencies(browser, name, bases[name], [q["q"] for q in queries])
            result["first_ms"] = first
            result["median_ms"] = statistics.median(rest)
            result["p95_ms"] = percentile(rest, 0.95)
            result.pop("per_query") if not args.keep_rankings else None
            report["engines"][name] = result
        browser.close()
    for server in servers.values():
        server.shutdown()
    return report


def to_markdown(report: dict) -> str:
    b = report["build_seconds"]
    index_time = {"pufa": b["pufa"] - b["base"], "material": b["material"] - b["base"], "pagefind": b["pagefind"]}
    lines = [f"## Search benchmark: {report['site']} ({report['pages']} pages, {report['queries']} queries, "
             f"{report['spans']} spans)", "",
             "| engine | nDCG@10 | recall@10 | exact-span recall | search bytes before first results (median / max) "
             "| first query | median | p95 | index build |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in report["engines"].items():
        lines.append(
            f"| {name} | {r['ndcg10']:.3f} | {r['recall10']:.3f} | {r['span_recall']:.1%} | "
            f"{r['search_bytes_median'] / 1024:,.0f} KB / {r['search_bytes_max'] / 1024:,.0f} KB | "
            f"{r['first_ms']:.0f} ms | {r['median_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {index_time[name]:.1f} s |")
    lines += ["", f"Builds (wall clock, separate processes): without search {b['base']:.1f} s, with pufa/search "
              f"{b['pufa']:.1f} s, with Material's search {b['material']:.1f} s; Pagefind over the built HTML "
              f"{b['pagefind']:.1f} s. Index build = build with the engine − build without search (Pagefind: its run)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="LawRefBook folder to import as the statute library")
    parser.add_argument("--name", help="name of the site in the results file (default: demo or corpus)")
    parser.add_argument("--work", help="folder for the project copy and builds (default: a new temp folder)")
    parser.add_argument("--spans", type=int, default=300)
    parser.add_argument("--cold", type=int, default=10, help="queries measured from a cold cache")
    parser.add_argument("--keep-rankings", action="store_true", help="keep each engine's top 10 per query in the JSON")
    args = parser.parse_args()
    args.name = args.name or ("corpus" if args.corpus else "demo")
    report = run(args)
    markdown = to_markdown(report)
    (HERE / f"results-{args.name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (HERE / f"results-{args.name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()

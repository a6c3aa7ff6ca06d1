"""Search benchmark: pufa/search against Material's search (jieba + lunr) and Pagefind (extended).

The same content (the demo plus the statute library imported from ../shared/corpus/lawrefbook,
built with this repository's mkdocs.yml) is built three ways, served on 127.0.0.1 by nginx
with the server block `pufa nginx-config` writes (gzip) and queried in Debian's Chromium, one
engine after another in one run, each within a time budget (--budget). Measured by query kind (law name,
article, everyday question, exact phrase) and overall: nDCG@10 and recall@10 on the judged
queries of queries.yml, exact-span recall (random 2-8 character spans of content pages, and
the judged queries that occur verbatim), queries with no result, bytes of search files
received over the wire before the first results (cold cache), time from the last keystroke to
results shown, and index build time (CPU seconds).

    .venv/bin/python benchmarks/search/run.py               # demo + statute library
    .venv/bin/python benchmarks/search/run.py --demo-only   # the demo site alone
    .venv/bin/python benchmarks/search/run.py --engines pufa --work W                  # one engine
    .venv/bin/python benchmarks/search/run.py --reuse --rebuild pufa --engines pufa --work W  # after a change

Results go to benchmarks/search/results-<site>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


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


def timed(command: list[str], cwd: Path) -> dict[str, float]:
    """Wall-clock and CPU seconds (user + system of the child) of one command."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "load": os.getloadavg()[0], "when": time.strftime("%Y-%m-%d %H:%M")}


BUILDS = "build-seconds.json"  # beside the builds, so a --reuse run reports the times they took


def build_all(project: Path, engines: list[str], skip: tuple[str, ...] = ()) -> dict[str, dict[str, float]]:
    """Build the sites the engines need (the build without search always: page texts, Pagefind).

    `skip`: sites an earlier run left that are kept as they are. The times of every build are
    kept in build-seconds.json in the project folder, merged with those of earlier runs.
    """
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    path = project / BUILDS
    seconds = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for name in ("base", "pufa", "material"):
        if (name == "base" or name in engines) and name not in skip:
            print(f"building {name} …", flush=True)
            seconds[name] = timed([mkdocs, "build", "-q", "-f", str(project / f"{name}.yml"),
                                   "-d", str(project / f"site-{name}")], project)
            path.write_text(json.dumps(seconds, indent=1), encoding="utf-8")
    # Pagefind indexes the pages' content (Material's <article>), as its docs advise, over the base build
    if "pagefind" in engines and "pagefind" not in skip:
        print("building pagefind …", flush=True)
        seconds["pagefind"] = timed([sys.executable, "-m", "pagefind", "--site", str(project / "site-base"),
                                     "--root-selector", "article", "--output-subdir", "pagefind"], project)
        path.write_text(json.dumps(seconds, indent=1), encoding="utf-8")
    return seconds


def site_of(project: Path, engine: str) -> Path:
    return project / ("site-base" if engine in ("base", "pagefind") else f"site-{engine}")


NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(site: Path, engine: str, prefix: Path) -> tuple[str, subprocess.Popen]:
    """The site served by Debian's nginx with the server block `pufa nginx-config` writes, as readers
    get it: gzip on JSON, JS and HTML, so the bytes counted are those sent over the wire.

    The other engines get the same block without pufa's Content-Security-Policy (Pagefind's
    WebAssembly needs 'wasm-unsafe-eval', which pufa's policy does not grant), and .wasm typed
    as such.
    """
    from pufa.core.deploy.nginx import InlineCode, nginx_config, read_site

    port = free_port()
    code = read_site(site) if engine == "pufa" else InlineCode(frozenset(), frozenset())
    server = nginx_config("/", str(site.resolve()), code, listen=f"127.0.0.1:{port}")
    if engine != "pufa":
        server = re.sub(r"^\s*add_header Content-Security-Policy .*$", "", server, flags=re.MULTILINE)
        server = server.replace("application/gzip            gz;", "application/gzip gz;\n        application/wasm wasm;")
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(
        "daemon off;\nmaster_process off;\npid nginx.pid;\nerror_log error.log warn;\n"
        "events { worker_connections 256; }\nhttp {\naccess_log off;\n" + server + "\n}\n", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "error.log"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while process.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"http://127.0.0.1:{port}", process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"nginx did not start for {engine}: see {prefix / 'error.log'}")


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


class Budget:
    """The time an engine may take for all of its measurements. Once spent (or once a query takes
    longer than what is left) the engine is reported as not answering within it: its remaining
    queries are counted as unanswered, and the figures it did produce are kept."""

    def __init__(self, minutes: float) -> None:
        self.minutes = minutes
        self.end = time.monotonic() + 60 * minutes
        self.spent = False

    def ms(self) -> float:
        """Milliseconds left (0 once spent)."""
        left = 0.0 if self.spent else max(0.0, (self.end - time.monotonic()) * 1000)
        if left <= 0:
            self.spent = True
        return left


class NoAnswer(Exception):
    """The engine did not answer within its budget."""


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


def evaluate(page, script: str, arg, budget: Budget):
    """page.evaluate(script, arg), given up (NoAnswer) when the budget runs out first."""
    ms = budget.ms()
    if ms <= 0:
        raise NoAnswer
    raced = ("([arg, ms]) => Promise.race([(" + script + ")(arg), "
             "new Promise(resolve => setTimeout(() => resolve('__no_answer__'), ms))])")
    value = page.evaluate(raced, [arg, ms])
    if value == "__no_answer__":
        budget.spent = True
        raise NoAnswer
    return value


def waiting(budget: Budget, call, *args, **kwargs):
    """A Playwright wait with what is left of the budget as its timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    ms = budget.ms()
    if ms <= 0:
        raise NoAnswer
    try:
        return call(*args, timeout=ms, **kwargs)
    except PlaywrightTimeout:
        budget.spent = True
        raise NoAnswer from None


def material_query(page, query: str, budget: Budget, fresh: bool = False) -> tuple[list[str], float]:
    """Type a query into Material's search box; (result links, ms from the last keyup to results)."""
    if not fresh:
        page.fill(MATERIAL_INPUT, "")
        page.press(MATERIAL_INPUT, "End")
        waiting(budget, page.wait_for_function, MATERIAL_IDLE)
    page.evaluate(MATERIAL_ARM)
    page.fill(MATERIAL_INPUT, query)
    page.press(MATERIAL_INPUT, "End")
    waiting(budget, page.wait_for_function, "window.__done !== null")
    return page.evaluate(MATERIAL_LINKS), page.evaluate("window.__done - window.__t0")


def open_engine(browser, name: str, base: str, budget: Budget):
    """A fresh page ready for queries (nothing of the index loaded yet, except Pagefind's entry)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        if name == "pufa":
            waiting(budget, page.goto, base + "/search/")
        elif name == "material":
            waiting(budget, page.goto, base + "/")
            page.click(MATERIAL_INPUT)
        else:
            waiting(budget, page.goto, base + "/")
            evaluate(page, PAGEFIND_INIT, None, budget)
    except NoAnswer:
        context.close()
        raise
    return page


def query(page, name: str, text: str, budget: Budget, fresh: bool = False) -> tuple[list[str], float]:
    """(page paths of the results in order, each once, at most 10; ms from keystroke to results)."""
    if name == "material":
        urls, ms = material_query(page, text, budget, fresh)
    else:
        shown = evaluate(page, PUFA_QUERY if name == "pufa" else PAGEFIND_QUERY, text, budget)
        urls, ms = shown["urls"], shown["ms"]
    seen: list[str] = []
    for url in urls:
        path = page_path(url)
        if path not in seen:
            seen.append(path)
    return seen[:10], ms


# what each engine fetches to search (not the page around it)
SEARCH_FILES = {"pufa": re.compile(r"^/(search/.+|assets/.*search.*\.m?js$)"),  # data and the ES modules
                "material": re.compile(r"(search_index\.json|/workers/|/lunr/)"),
                "pagefind": re.compile(r"^/pagefind/")}


# pufa: when the results were shown (list no longer busy, the status says what was found), in the
# browser's clock, to tell the files fetched before them from the snippets that follow them
PUFA_SHOWN = """() => { window.__shown = new Promise(resolve => {
  const check = () => {
    const list = document.querySelector('[data-pufa-results]'), status = document.querySelector('[data-pufa-status]');
    if (list && status && list.getAttribute('aria-busy') === 'false' && status.textContent) {
      observer.disconnect(); resolve(performance.timeOrigin + performance.now());
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
}); }"""
NOW = "() => performance.timeOrigin + performance.now()"


def search_bytes(browser, name: str, base: str, text: str, budget: Budget, site: Path | None = None) -> dict:
    """Bytes over the wire (gzip as nginx sends them) from a cold cache to the first results of one query.

    `search_bytes` counts the search files whose responses had ended when the results were shown
    (both in the browser's clock); `later_bytes` those that ended in the 500 ms after (pufa: the
    results' snippets, which follow the list); `raw_bytes` the first ones' sizes on disk (`site`);
    `all_bytes` every response until then, the page's own included.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    done: list = []
    page.on("requestfinished", lambda request: done.append(request))
    start = time.perf_counter()
    try:
        if name == "pufa":
            page.add_init_script("(" + PUFA_SHOWN + ")()")
            waiting(budget, page.goto, base + "/search/?q=" + quote(text))
            shown_at = evaluate(page, "() => window.__shown", None, budget)
        elif name == "material":
            waiting(budget, page.goto, base + "/")
            page.click(MATERIAL_INPUT)
            material_query(page, text, budget, fresh=True)
            shown_at = page.evaluate("performance.timeOrigin + window.__done")
        else:
            waiting(budget, page.goto, base + "/")
            evaluate(page, PAGEFIND_INIT, None, budget)
            evaluate(page, PAGEFIND_QUERY, text, budget)
            shown_at = page.evaluate(NOW)
        seconds = time.perf_counter() - start
        page.wait_for_timeout(500)
        # sizes while the page is open (Playwright asks the browser for them)
        done = [(urlsplit(r.url).path, r.sizes()["responseBodySize"], r.timing["startTime"] + r.timing["responseEnd"])
                for r in list(done)]
    finally:
        context.close()
    pattern = SEARCH_FILES[name]
    before, after, every = [], [], 0
    for path, size, ended_at in done:
        every += size
        if pattern.search(path):
            (before if ended_at <= shown_at else after).append((path, size))
    raw = sum((site / unquote(p).lstrip("/")).stat().st_size for p, _ in before) if site else None
    return {"q": text, "seconds": seconds, "search_bytes": sum(n for _, n in before), "raw_bytes": raw,
            "later_bytes": sum(n for _, n in after), "all_bytes": every,
            "files": sorted(f"{p} {n}" for p, n in before)}


# the run


def measure(browser, name: str, base: str, site: Path, queries, spans: list[str], texts: dict[str, str],
            cold: int, budget: Budget) -> dict:
    rankings, ms, warm = {}, {}, {}
    first_ms = None
    found = answered_spans = 0
    loads: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    page = None
    try:
        page = open_engine(browser, name, base, budget)
        print(f"{name}: judged queries …", flush=True)
        for q in queries:
            rankings[q.text], ms[q.text] = query(page, name, q.text, budget, fresh=first_ms is None)
            first_ms = ms[q.text] if first_ms is None else first_ms
        # warm timings: the same queries again, the index parts they need already fetched
        for q in queries:
            warm[q.text] = query(page, name, q.text, budget)[1]
        print(f"{name}: spans …", flush=True)
        for span in spans:
            found += span_found(span, query(page, name, span, budget)[0], texts)
            answered_spans += 1
        page.context.close()
        page = None
        print(f"{name}: cold loads …", flush=True)
        for kind in KINDS:
            for q in [q for q in queries if q.kind == kind][:cold]:
                loads[kind].append(search_bytes(browser, name, base, q.text, budget, site))
    except NoAnswer:
        print(f"{name}: did not answer within {budget.minutes:g} min", flush=True)
    finally:
        if page is not None:  # an engine still loading its index must not slow the next one down
            page.context.close()
    answered = [q for q in queries if q.text in rankings]
    result = {"by_kind": quality(answered, rankings, texts),
              "random_span_recall": found / answered_spans if answered_spans else None,
              "first_ms": first_ms, "rankings": rankings,
              "budget_minutes": budget.minutes, "budget_spent": budget.spent,
              "unanswered": {"judged": len(queries) - len(answered), "warm": len(queries) - len(warm),
                             "spans": len(spans) - answered_spans,
                             "cold": sum(min(cold, sum(q.kind == k for q in queries)) for k in KINDS)
                             - sum(map(len, loads.values()))},
              "unanswered_queries": [q.text for q in queries if q.text not in rankings]}
    for kind in KINDS + ("all",):
        times = [warm[q.text] for q in queries if q.text in warm and (kind == "all" or q.kind == kind)]
        mine = [c for k in KINDS for c in loads[k]] if kind == "all" else loads[kind]
        entry = result["by_kind"][kind]
        entry["median_ms"] = statistics.median(times) if times else None
        entry["p95_ms"] = percentile(times, 0.95) if times else None
        if kind != "all":
            entry["cold"] = mine
        entry["search_bytes_median"] = statistics.median(c["search_bytes"] for c in mine) if mine else None
        entry["search_bytes_max"] = max(c["search_bytes"] for c in mine) if mine else None
        raw = [c["raw_bytes"] for c in mine if c["raw_bytes"] is not None]
        entry["raw_bytes_median"] = statistics.median(raw) if raw else None
        entry["raw_bytes_max"] = max(raw) if raw else None
    return result


def run(args: argparse.Namespace, save) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(args.work or tempfile.mkdtemp(prefix="pufa-bench-"))
    corpus = None if args.demo_only else Path(args.corpus).resolve()
    if args.reuse:
        # the builds of an earlier run in the same work folder, and the times they took then
        project = work / "project"
        build_seconds = build_all(project, args.engines,
                                  skip=tuple(n for n in ("base", *ENGINES) if n not in args.rebuild))
    else:
        project = prepare(work, corpus)
        print(f"building in {project} …", flush=True)
        build_seconds = build_all(project, args.engines)
    sites = {name: site_of(project, name) for name in ("base", *ENGINES)}
    texts = page_texts(sites["base"])
    queries = on_site(load_queries(HERE / "queries.yml"), set(texts), library=corpus is not None)
    # a span counts as found on a content page: the reader wants the text, not the calendar
    content = {p: t for p, t in texts.items() if p.startswith(CONTENT_PREFIXES)}
    spans = sample_spans(content, args.spans)
    report: dict = {"site": args.name, "reused": bool(args.reuse), "pages": len(texts),
                    "content_pages": sum(p.startswith(CONTENT_PREFIXES) for p in texts),
                    "queries": len(queries), "kinds": {k: sum(q.kind == k for q in queries) for k in KINDS},
                    "spans": len(spans), "build_seconds": build_seconds, "engines": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in args.engines:
            base, server = serve(sites[name], name, work / "nginx" / name)
            try:
                report["engines"][name] = measure(browser, name, base, sites[name], queries, spans, content, args.cold,
                                                  Budget(args.budget))
            finally:
                server.terminate()
                server.wait(timeout=10)
            if not args.keep_rankings:
                report["engines"][name].pop("rankings")
            save(report)  # each engine's figures kept as soon as they are measured
        browser.close()
    return report


def _num(value, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def index_seconds(b: dict) -> dict[str, dict[str, float]]:
    """Index build time per engine: its build minus the build without search (Pagefind: its own run)."""
    times = {}
    for name in ("pufa", "material"):
        if name in b and "base" in b:
            times[name] = {k: b[name][k] - b["base"][k] for k in ("cpu", "wall")}
    if "pagefind" in b:
        times["pagefind"] = {k: b["pagefind"][k] for k in ("cpu", "wall")}
    return times


def _index_cell(time_: dict | None) -> str:
    return "–" if time_ is None else f"{time_['cpu']:.1f} s CPU ({time_['wall']:.1f} s wall)"


def builds_note(b: dict, reused: bool) -> str:
    if not b:
        return "Build times not measured."
    names = {"base": "without search", "pufa": "with pufa/search", "material": "with Material's search",
             "pagefind": "Pagefind over the built HTML"}
    parts = [f"{names[n]} {b[n]['cpu']:.1f} s CPU / {b[n]['wall']:.1f} s wall "
             f"({b[n]['when']}, load {b[n]['load']:.1f})" for n in names if n in b]
    return ("Builds" + (" (as recorded when each site was built)" if reused else "") + ": "
            + "; ".join(parts) + ". Index build = build with the engine − build without search "
            "(Pagefind: its run); CPU seconds of the build process, which load does not inflate as "
            "it does wall time.")


def _kb(value) -> str:
    return "–" if value is None else f"{value / 1024:,.0f} KB"


def _engine_cell(r: dict) -> str:
    """The engine's name, and what it left unanswered when its time budget ran out."""
    left = r.get("unanswered", {})
    if not r.get("budget_spent"):
        return r["name"]
    return (f"{r['name']} (did not answer within {r['budget_minutes']:g} min: {left['judged']} judged queries, "
            f"{left['spans']} spans, {left['cold']} cold loads unanswered)")


def to_markdown(report: dict, command: str, load: str) -> str:
    b = report["build_seconds"]
    index_time = index_seconds(b)
    kinds = ", ".join(f"{n} {k}" for k, n in report["kinds"].items())
    lines = [f"## Search benchmark: {report['site']} ({report['pages']} pages, {report['content_pages']} of them "
             f"content; {report['queries']} judged queries: {kinds}; {report['spans']} random spans)", "",
             f"`{command}` — load average before the run: {load}", "",
             "| engine | nDCG@10 | recall@10 | exact-span recall (random spans / verbatim queries) | queries with no result "
             "| search bytes before first results, over the wire (median / max) | first query | keystroke to results median / p95 "
             "| index build |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in report["engines"].items():
        a = r["by_kind"]["all"]
        lines.append(
            f"| {_engine_cell({**r, 'name': name})} | {_num(a['ndcg10'], '.3f')} | {_num(a['recall10'], '.3f')} | "
            f"{_num(r['random_span_recall'], '.1%')} / {_num(a['span_recall'], '.1%')} of {a['span_queries']} | "
            f"{len(a['no_result'])} | {_kb(a['search_bytes_median'])} / {_kb(a['search_bytes_max'])} "
            f"({_kb(a['raw_bytes_median'])} / {_kb(a['raw_bytes_max'])} uncompressed) | "
            f"{_num(r['first_ms'], '.0f')} ms | {_num(a['median_ms'], '.1f')} / {_num(a['p95_ms'], '.1f')} ms | "
            f"{_index_cell(index_time.get(name))} |")
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
                f"{_kb(k['search_bytes_median'])} / {_kb(k['search_bytes_max'])} | {_num(k['p95_ms'], '.1f')} ms |")
    lines += ["", "Queries with no result:", ""]
    for name, r in report["engines"].items():
        empty = r["by_kind"]["all"]["no_result"]
        lines.append(f"- {name}: {len(empty)}" + (" — " + "、".join(empty) if empty else ""))
    spent = [(n, r) for n, r in report["engines"].items() if r.get("budget_spent")]
    if spent:
        lines += ["", "Engines that did not answer within their time budget (figures above are over what they "
                  "answered; the queries column counts the answered ones):", ""]
        for name, r in spent:
            lines.append(f"- {name}: stopped after {r['budget_minutes']:g} min; unanswered: "
                         + ", ".join(f"{n} {what}" for what, n in r["unanswered"].items()))
    lines += ["", builds_note(b, report.get("reused", False)),
              "Bytes: search files received (as nginx sends them, gzip) from a cold cache until the first results "
              "were shown, for the first queries of each kind; pufa's result snippets, which follow the list, are "
              "not counted. Keystroke to results: the judged queries typed again on a warm page."]
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
    parser.add_argument("--budget", type=float, default=20,
                        help="minutes each engine may take for all its measurements (default 20)")
    parser.add_argument("--rebuild", nargs="+", default=[], choices=("base", *ENGINES),
                        help="with --reuse: build these sites again (after a change to the code), the rest as they are")
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

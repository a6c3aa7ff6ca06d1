"""Build speed and size at the scale of a provincial site, side by side in one run.

    .venv/bin/python benchmarks/build_scale/run.py [--corpus ../shared/corpus/lawrefbook] [--library]
    .venv/bin/python benchmarks/build_scale/run.py --preview-only --library --rounds 7

1. pufa: the demo content plus the whole corpus imported (`pufa import-statutes`), built
   with the repository's mkdocs.yml (all pufa plugins: citations, our search index, …).
2. plain Material: the same imported Markdown (statutes, explainers, cases) as ordinary
   docs pages, Material's own search plugin on with `lang: zh` (jieba installed).
3. edit-to-preview: `mkdocs serve` on the demo site (with `--library` also on the demo with
   the imported library); one explainer is edited `--rounds` times and the time until the
   served page shows each edit is measured (median and 90th percentile).

Wall time and peak memory (max RSS of the build process) are measured by the OS; the
table is printed and written to benchmarks/out/build_scale.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MKDOCS = [PYTHON, "-m", "mkdocs"]


class OutOfBudget(Exception):
    """The build was stopped after its time budget: (wall seconds, peak MiB, CPU seconds) so far."""


def timed(command: list[str], cwd: Path, budget: float | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one child process run to completion;
    stopped after `budget` seconds (OutOfBudget)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        timer = None
        if budget is not None:
            timer = threading.Timer(budget, process.kill)
            timer.start()
        _, status, rusage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
            if seconds >= budget:
                raise OutOfBudget(seconds, rusage.ru_maxrss // 1024, rusage.ru_utime + rusage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()[-2000:]}")
    return seconds, rusage.ru_maxrss // 1024, rusage.ru_utime + rusage.ru_stime


def tree_size(path: Path) -> tuple[int, int, int]:
    """(HTML files, total HTML bytes, median HTML bytes)."""
    sizes = sorted(p.stat().st_size for p in path.rglob("*.html"))
    return len(sizes), sum(sizes), sizes[len(sizes) // 2] if sizes else 0


def largest_pages(site: Path, count: int = 5) -> list[tuple[str, int]]:
    """The biggest HTML pages (DESIGN: a page stays well under 500 KB)."""
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    return [(name, size) for size, name in pages[:count]]


PAGE_LIMIT = 500_000  # DESIGN: a page stays well under 500 KB


def first_search(site: Path, work: Path, count: int) -> str:
    """Bytes received (gzip, as nginx sends them) from a cold cache until the first results, for the
    first `count` judged queries of benchmarks/search/queries.yml on this site, measured the way the
    search benchmark measures them (its serve() and search_bytes())."""
    import importlib.util
    from playwright.sync_api import sync_playwright

    folder = REPO / "benchmarks/search"
    sys.path.insert(0, str(folder))  # search/run.py imports judgments from its folder
    spec = importlib.util.spec_from_file_location("search_bench", folder / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    queries = bench.load_queries(folder / "queries.yml")[:count]
    base, server = bench.serve(site, "pufa", work / "nginx")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
            loads = [bench.search_bytes(browser, "pufa", base, q.text, bench.Budget(5), site) for q in queries]
            browser.close()
    finally:
        server.terminate()
        server.wait()
    sent = sorted(c["search_bytes"] for c in loads)
    raw = sorted(c["raw_bytes"] for c in loads)
    worst = max(loads, key=lambda c: c["search_bytes"])
    return (f"First search on this site ({len(loads)} judged queries, each from a cold cache, nginx with gzip): "
            f"search files received before the results {sent[len(sent) // 2] / 1e3:.0f} KB median, "
            f"{sent[-1] / 1e3:.0f} KB max (“{worst['q']}”); {raw[len(raw) // 2] / 1e3:.0f} KB / "
            f"{raw[-1] / 1e3:.0f} KB uncompressed.")


def prepare_pufa(work: Path, corpus: Path) -> Path:
    project = work / "pufa"
    for name in ("content", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    subprocess.run([PYTHON, "-m", "pufa.cli", "--root", str(project), "import-statutes", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    return project


def add_synthetic(project: Path, pages: int, agencies: int = 60) -> int:
    """Generated agencies, each with explainers and cases made from the demo's (title and address
    changed, plan items and comment periods dropped), until the site has about `pages` pages.

    Returns the number of documents written. The text is the demo's, so citations, search terms
    and page sizes are those of real explainers and cases.
    """
    content = project / "content"
    templates = [(kind, path.read_text(encoding="utf-8")) for kind in ("laws", "cases")
                 for path in sorted((REPO / "content" / kind).glob("*/*.md"))]
    existing = sum(1 for _ in content.rglob("*.md")) + 150  # statutes, demo documents, index and guide pages
    wanted = max(0, pages - existing - agencies * 2)  # each agency adds its page and its report page
    per_agency = -(-wanted // agencies)
    written = 0
    for number in range(1, agencies + 1):
        agency = f"syn{number:02d}"
        (content / "agencies" / f"{agency}.yml").write_text(
            f"name: 示例县第{number}执法局\nshort_name: 示例{number}局\nlevel: 县级\nkind: 行政机关\n"
            "description: 为规模测试生成的机关。\nresponsibilities:\n  - id: r1\n    title: 宣传普及法律援助法\n"
            "    laws: [中华人民共和国法律援助法]\n    measures: 在服务窗口提供咨询。\n", encoding="utf-8")
        for index in range(per_agency):
            if written >= wanted:
                break
            kind, text = templates[(number * 7 + index) % len(templates)]
            head, body = text.split("\n---\n", 1)
            lines = [line for line in head.splitlines()
                     if not line.startswith(("plan_item:", "comment_opens:", "comment_closes:", "comment_how:"))]
            lines = [f"{line}（{number}-{index}）" if line.startswith("title:") else
                     "status: 已发布" if line.startswith("status:") else line for line in lines]
            target = content / kind / agency / f"doc-{index:04d}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines) + "\n---\n" + body, encoding="utf-8")
            written += 1
    return written


def prepare_material(work: Path, pufa_project: Path) -> Path:
    """The same Markdown as plain docs pages: statutes, explainers and cases, front matter kept."""
    project = work / "material"
    docs = project / "docs"
    for section in ("statutes", "laws", "cases"):
        shutil.copytree(pufa_project / "content" / section, docs / section)
    (docs / "index.md").write_text("# 普法\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: 普法\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search:\n      lang: zh\n",
        encoding="utf-8")
    return project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_demo(work: Path) -> Path:
    project = work / "serve"
    for name in ("content", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc), all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# CPU seconds per second below which the server counts as idle: MkDocs' file watcher polls the
# watched folders twice a second, 0.1–0.2 CPU s/s with the statute library's 1,600 files on this
# machine, up to 0.3 on a slow day; writing a search index takes a whole core
IDLE_CPU = 0.5


def wait_idle(pid: int, timeout: float = 900) -> None:
    """Until the server has used little CPU for a second: the last save's search index is written."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - last < IDLE_CPU:
            return
        last = now


CPU_PER_ROUND: list[float] = []  # the server's CPU seconds from each save to its page being served


def edit_to_preview(project: Path, rounds: int = 3) -> list[float]:
    """Seconds from saving an explainer to `mkdocs serve` serving the changed page.

    Each save waits until the server is idle (the previous save's search index written), as an
    editor's saves are seconds apart; the server's CPU seconds per save go to CPU_PER_ROUND.
    """
    port = free_port()
    log = open(project.parent / f"serve-{project.name}.log", "w")  # a pipe nobody reads would block the server once full
    # livereload on: without it `mkdocs serve` watches nothing and never rebuilds; --dirty as scripts/serve
    server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=log)
    page = f"http://127.0.0.1:{port}/laws/spc/divorce-cooling-off-period/"
    source = project / "content/laws/spc/divorce-cooling-off-period.md"
    try:
        wait_for(page, lambda html: True, timeout=1800)
        times = []
        for number in range(rounds):
            wait_idle(server.pid)
            marker = f"编辑标记{number}{int(time.time())}"
            text = source.read_text(encoding="utf-8")
            cpu = cpu_seconds(server.pid)
            start = time.perf_counter()
            source.write_text(text + f"\n{marker}\n", encoding="utf-8")
            wait_for(page, lambda html: marker in html, timeout=1800)
            times.append(time.perf_counter() - start)
            CPU_PER_ROUND.append(cpu_seconds(server.pid) - cpu)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def summary(times: list[float]) -> str:
    """The rounds, their median and 90th percentile (nearest rank)."""
    ordered = sorted(times)
    p90 = ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]
    return (", ".join(f"{t:.2f} s" for t in times)
            + f" (median {ordered[len(ordered) // 2]:.2f} s, p90 {p90:.2f} s)")


def wait_for(url: str, ok, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ok(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {url}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(REPO.parent / "shared/corpus/lawrefbook"))
    parser.add_argument("--skip-material", action="store_true", help="only our build (Material takes minutes)")
    parser.add_argument("--preview-only", action="store_true",
                        help="only edit-to-preview (on the demo; with --library on demo + library)")
    parser.add_argument("--library", action="store_true",
                        help="also time edit-to-preview on the demo with the imported statute library")
    parser.add_argument("--rounds", type=int, default=3, help="edits timed while mkdocs serve runs")
    parser.add_argument("--search-queries", type=int, default=0, metavar="N",
                        help="after the pufa build, search N judged queries from a cold cache in Chromium "
                             "(nginx with gzip) and report the bytes received before the first results")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="add generated agencies (60), explainers and cases until the site has about N pages")
    parser.add_argument("--keep", metavar="DIR", help="prepare and build in DIR and leave it there (to profile or "
                                                       "search the built sites afterwards); DIR must not exist")
    parser.add_argument("--material-minutes", type=float, default=60, metavar="M",
                        help="stop plain Material's build after M minutes and report how far it got")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    unfinished = None
    if args.preview_only:
        with tempfile.TemporaryDirectory(prefix="pufa-bench-") as tmp:
            work = Path(tmp)
            project = prepare_pufa(work, corpus) if args.library else prepare_demo(work)
            times = edit_to_preview(project, args.rounds)
        print(("demo + library" if args.library else "demo") + " edit-to-preview: " + summary(times))
        print("server CPU seconds per save: " + ", ".join(f"{c:.2f}" for c in CPU_PER_ROUND)
              + f"; load average at the start {LOAD_AT_START}, at the end {load_average()}")
        return
    with (contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory(prefix="pufa-bench-")) as tmp:
        work = Path(tmp)
        pufa_project = prepare_pufa(work, corpus)
        if args.synthetic:
            documents = add_synthetic(pufa_project, args.synthetic)
            print(f"synthetic: {documents} generated explainers and cases", flush=True)
        pufa_time, pufa_rss, pufa_cpu = timed([*MKDOCS, "build", "-q"], pufa_project)
        pufa_pages, pufa_bytes, pufa_median = tree_size(pufa_project / "site")
        print(f"pufa build: {pufa_time:.1f} s, {pufa_cpu:.1f} CPU s, {pufa_rss} MiB, {pufa_pages} pages", flush=True)
        largest = largest_pages(pufa_project / "site")
        over = sum(1 for p in (pufa_project / "site").rglob("*.html") if p.stat().st_size > PAGE_LIMIT)
        rows = [("pufa (all plugins, citations, pufa search)", pufa_time, pufa_cpu, pufa_rss, pufa_pages, pufa_bytes,
                 pufa_median)]
        searched = first_search(pufa_project / "site", work, args.search_queries) if args.search_queries else None
        if not args.keep:
            shutil.rmtree(pufa_project / "site.releases")  # `site` links to the release `mkdocs build` made
            (pufa_project / "site").unlink()
        if not args.skip_material:
            material = prepare_material(work, pufa_project)
            try:
                mat_time, mat_rss, mat_cpu = timed([*MKDOCS, "build", "-q"], material, args.material_minutes * 60)
                print(f"Material build: {mat_time:.1f} s, {mat_cpu:.1f} CPU s, {mat_rss} MiB", flush=True)
                rows.append(("plain Material + search (lang: zh)", mat_time, mat_cpu, mat_rss,
                             *tree_size(material / "site")))
            except OutOfBudget as stopped:
                # Material writes pages as it renders them: how far it got, of how many
                written, wanted = tree_size(material / "site")[0], sum(1 for _ in (material / "docs").rglob("*.md"))
                unfinished = (f"plain Material + search (lang: zh) stopped after {args.material_minutes:g} min "
                              f"({stopped.args[0]:.0f} s wall, {stopped.args[2]:.0f} CPU s, peak {stopped.args[1]} MiB) "
                              f"with {written} of {wanted} pages written")
                print(unfinished, flush=True)
            if not args.keep and (material / "site").exists():
                shutil.rmtree(material / "site")
        previews = edit_to_preview(prepare_demo(work), args.rounds)
        print("demo edit-to-preview: " + summary(previews), flush=True)
        library_previews = edit_to_preview(pufa_project, args.rounds) if args.library else None
    lines = [f"Load average at the start: {LOAD_AT_START}.", "",
             "| build | wall s | CPU s | pages/s | peak MiB | HTML pages | HTML total MB | median page KB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, seconds, cpu, rss, pages, total, median in rows:
        lines.append(f"| {name} | {seconds:.1f} | {cpu:.1f} | {pages / seconds:.0f} | {rss} | {pages} | "
                     f"{total / 1e6:.0f} | {median / 1e3:.0f} |")
    if len(rows) == 2:
        lines.append(f"\nRatio pufa / Material: wall time {rows[0][1] / rows[1][1]:.2f}, "
                     f"CPU time {rows[0][2] / rows[1][2]:.2f}, peak memory {rows[0][3] / rows[1][3]:.2f}, "
                     f"HTML total {rows[0][5] / rows[1][5]:.3f}.")
    if unfinished:
        lines.append(f"\n{unfinished[0].upper()}{unfinished[1:]}: no ratio.")
    lines.append("\nLargest pufa pages: " + ", ".join(f"{name} {size / 1e3:.0f} KB" for name, size in largest)
                 + f"; {over} pages over {PAGE_LIMIT // 1000} KB.")
    if searched:
        lines.append("\n" + searched)
    lines.append("\nEdit-to-preview on the demo site (`mkdocs serve`, one explainer saved): " + summary(previews) + ".")
    if library_previews:
        lines.append("\nEdit-to-preview on the demo with the statute library: " + summary(library_previews) + ".")
    lines.append(f"\nLoad average at the end: {load_average()}.")
    report = "\n".join(lines)
    print(report)
    out = REPO / "benchmarks/out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "build_scale.md").write_text(report + "\n", encoding="utf-8")


def load_average() -> str:
    """The machine's 1-, 5- and 15-minute load averages: the figures mean little on a busy machine."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


LOAD_AT_START = load_average()


if __name__ == "__main__":
    main()

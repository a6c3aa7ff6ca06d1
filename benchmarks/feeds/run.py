"""What pufa/feeds costs: build time with and without it, and the size of what it writes.

    .venv/bin/python benchmarks/feeds/run.py [--runs 3] [--corpus ../shared/corpus/lawrefbook]

The demo site (optionally with the corpus imported as a statute library, so that every one
of its pages gets the <head> links) is copied to a temp dir and built with the repository's
mkdocs.yml, and with the same file minus `- pufa/feeds`; each build runs `--runs` times and
the median wall time is reported, with the feed files' count and bytes and the bytes the
<link rel="alternate"> elements add to the pages.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
FEEDS_LINE = "  - pufa/feeds"


def build(project: Path, config: str, site: Path) -> float:
    start = time.perf_counter()
    command = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / config), "-d", str(site)]
    subprocess.run(command, cwd=project, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*.html"))


def time_core(project: Path, site: Path) -> float:
    """Best of 5: what the plugin's on_pre_build and on_post_build do, fed the built pages' bodies."""
    from pufa.core.context import clock_from
    from pufa.core.feeds import build_feeds, document_sources, render_feeds, site_of
    from pufa.core.content.loading import load_content

    catalog = load_content(project / "content", project).catalog
    bodies = {}
    for src in document_sources(catalog):
        page = lxml.html.fromstring((site / src.removesuffix(".md") / "index.html").read_bytes())
        article = page.find_class("md-content__inner")[0]
        bodies[src] = "".join(lxml.html.tostring(child, encoding="unicode") for child in article)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        catalog = load_content(project / "content", project).catalog
        site_info = site_of("http://127.0.0.1:8000/", "普法在线", None)
        feeds = build_feeds(catalog, site_info, bodies, clock_from({}).stamp)
        files = render_feeds(feeds, site_info)
        best = min(best, time.perf_counter() - start)
    assert len(files) == len(feeds) * 4
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "project"
        for name in ("content", "docs"):
            shutil.copytree(REPO / name, project / name)
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        assert FEEDS_LINE in config, "mkdocs.yml has no pufa/feeds"
        (project / "with.yml").write_text(config, encoding="utf-8")
        without = "\n".join(line for line in config.splitlines() if not line.startswith(FEEDS_LINE))
        (project / "without.yml").write_text(without + "\n", encoding="utf-8")
        if args.corpus:
            subprocess.run([PYTHON, "-m", "pufa.cli", "--root", str(project), "import-statutes",
                            str(args.corpus.resolve())], check=True, stdout=subprocess.DEVNULL)
        times: dict[str, list[float]] = {"with.yml": [], "without.yml": []}
        for _ in range(args.runs):
            for name in times:  # interleaved, so drift in machine load hits both alike
                times[name].append(build(project, name, Path(temp) / name.removesuffix(".yml")))
        with_site, without_site = Path(temp) / "with", Path(temp) / "without"
        feeds = [p for p in (with_site / "feeds").rglob("*") if p.is_file() and p.suffix in (".xml", ".json")
                 and p.name != "sitemap.xml"]
        pages = len(list(without_site.rglob("*.html")))
        feeds_page = (with_site / "feeds/index.html").stat().st_size
        added = html_bytes(with_site) - html_bytes(without_site) - feeds_page
        core = time_core(project, with_site)
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"pages: {pages}{' (with corpus)' if args.corpus else ''}, runs: {args.runs}")
        print(f"build without pufa/feeds: median {median['without.yml']:.2f} s  {times['without.yml']}")
        print(f"build with pufa/feeds:    median {median['with.yml']:.2f} s  {times['with.yml']}")
        print(f"difference: {median['with.yml'] - median['without.yml']:+.2f} s")
        largest = max(feeds, key=lambda p: p.stat().st_size)
        print(f"feed files: {len(feeds)}, {sum(p.stat().st_size for p in feeds) / 1024:.0f} KiB; largest "
              f"{largest.relative_to(with_site)} {largest.stat().st_size / 1024:.0f} KiB")
        print(f"plugin work in process (load content, build entries, render every feed with page bodies): "
              f"{core:.2f} s, best of 5")
        print(f"added to other pages (<head> links, nav entry): {added / max(pages, 1):.0f} bytes per page")


if __name__ == "__main__":
    main()

"""Cost and size of the calendar as the number of explained laws grows.

    .venv/bin/python benchmarks/calendar/run.py [--laws 0 100 300 1000] [--repeat 5] [--anniversaries round]

For each size, the repository's content is copied to a temp dir with that many extra
explainers (one law each, so two anniversaries a year each), then the calendar work of
one build is timed (load calendar.yml against the catalog, expand the window, render the
pages, write every feed; the content load itself is pufa/content's and not counted) and
the sizes of the /calendar/ page's Markdown, the home block and the site feed are shown.
Times are medians of --repeat runs. The build date is fixed (SOURCE_DATE_EPOCH semantics)
at 2026-01-01, the worst case: the lists reach 400 days ahead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pufa.core.calendar.events import build_calendar
from pufa.core.calendar.ical import FeedWriter, feed_name
from pufa.core.calendar.loading import load_calendar
from pufa.render.calendar import calendar_pages, home_block
from pufa.core.content.loading import load_content
from pufa.core.routes import Routes

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 1)
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

EXPLAINER = """\
---
title: 测试解读{n}
summary: 用于测量日历规模的解读。
law: 测试法{n}
law_promulgated: {promulgated}
law_effective: {effective}
topics: [法律援助与调解]
published: 2026-01-01
reviewed: 2026-01-01
---

## 法律怎么规定

测试正文。
"""


def make_project(root: Path, laws: int) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    for n in range(laws):
        promulgated = dt.date(2000 + n % 25, 1 + n % 12, 1 + n % 28)
        effective = promulgated + dt.timedelta(days=90 + n % 200)
        text = EXPLAINER.format(n=n, promulgated=promulgated, effective=effective)
        (root / "content" / "laws" / "moj" / f"bench-{n}.md").write_text(text, encoding="utf-8")
    return root


def calendar_work(root: Path, catalog, anniversaries: str) -> dict[str, int]:
    loaded = load_calendar(root / "content", root, catalog)
    calendar = build_calendar(loaded.data, catalog, TODAY.year, 2, anniversaries)
    pages = calendar_pages(calendar, catalog, TODAY, "constitution-day", Routes())
    writer = FeedWriter(calendar, "https://pufa.example.gov.cn/", STAMP, Routes())
    site_feed = writer.feed(feed_name())
    for agency in catalog.agencies:
        if calendar.for_agency(agency.id):
            writer.feed(feed_name(agency.short_name), agency.id)
    home = home_block(calendar, catalog, "index.md", TODAY, "constitution-day", 5, Routes())
    return {
        "entries": len(calendar.occurrences),
        "page": len(pages[0].markdown.encode()),
        "home": len(home.encode()),
        "feed": len(site_feed),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--laws", type=int, nargs="+", default=[0, 100, 300, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--anniversaries", choices=("all", "round", "none"), default="all")
    args = parser.parse_args()
    print(
        "| extra laws | entries in window | calendar work (median ms) | /calendar/ Markdown | home block | pufa.ics |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for laws in args.laws:
        with tempfile.TemporaryDirectory() as tmp:
            root = make_project(Path(tmp), laws)
            result = load_content(root / "content", root)
            if not result.ok:
                raise SystemExit("\n".join(str(p) for p in result.problems if p.is_error))
            catalog = result.catalog
            times, sizes = [], {}
            for _ in range(args.repeat):
                start = time.perf_counter()
                sizes = calendar_work(root, catalog, args.anniversaries)
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"| {laws} | {sizes['entries']} | {statistics.median(times):.0f} | {sizes['page'] // 1024} KB "
                f"| {sizes['home'] // 1024} KB | {sizes['feed'] // 1024} KB |"
            )


if __name__ == "__main__":
    main()

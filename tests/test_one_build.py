"""One build context, one clock, one route map, seen from outside: real builds and `pufa` runs.

These tests use no pufa module, so they run unchanged against older code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from conftest import EXPLAINER, MKDOCS_YML, REPO, minimal_files, mkdocs_build, replace, write_project
from sitecheck import page_links
from test_calendar_checks import CALENDAR, PATH
from test_calendar_feed import FEED_CALENDAR, ZJ_SFT

# 2026-06-15 20:00 UTC: already 16 June in China, still 15 June in UTC
EPOCH = "1781553600"
CHINA_DAY = dt.date(2026, 6, 16)

ALL_PLUGINS = MKDOCS_YML + """\
  - pufa/search
  - pufa/kiosk
  - pufa/calendar:
      first_year: 2026
  - pufa/feeds
"""

BAD_CALENDAR = replace(CALENDAR, "    date: 12-04\n", "    date: 13-45\n")


# every problem at once, in the build


def test_build_reports_calendar_and_synonym_problems_with_content_problems(project):
    root = project({
        "mkdocs.yml": ALL_PLUGINS.replace("  - pufa/search\n",
                                          "  - pufa/search:\n      synonyms_file: content/search-synonyms.yml\n"),
        "content/laws/moj/legal-aid.md": replace(EXPLAINER, "summary: 经济困难", "summry: 经济困难"),
        PATH: BAD_CALENDAR,
        "content/search-synonyms.yml": "个保法: [个人信息保护法, 42]\n",
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    errors = [line for line in result.logs if line.startswith("ERROR")]
    assert any("content/laws/moj/legal-aid.md:" in line and "summry" in line for line in errors), errors
    assert any("content/calendar.yml:5: observances[" in line and "13-45" in line for line in errors), errors
    assert any("content/search-synonyms.yml:1:" in line for line in errors), errors
    assert not (root / "site").exists()


def test_check_reports_calendar_problems_with_content_problems(project):
    root = project({"content/laws/moj/legal-aid.md": replace(EXPLAINER, "summary: 经济困难", "summry: 经济困难"),
                    PATH: BAD_CALENDAR})
    result = pufa(root, "check")
    assert result.returncode == 1
    assert "content/laws/moj/legal-aid.md:3: summry:" in result.stdout
    assert "content/calendar.yml:5: observances[" in result.stdout and "13-45" in result.stdout


# one build context: pufa/content first, configured once


@pytest.mark.parametrize("plugins, message", [
    ("  - pufa/calendar\n  - pufa/content\n", "pufa/content 须写在 pufa/calendar 之前"),
    ("  - pufa/feeds\n", "缺少 pufa/content"),
])
def test_missing_or_misordered_content_plugin_is_a_configuration_error(project, plugins, message):
    root = project({"mkdocs.yml": MKDOCS_YML.replace("  - pufa/content\n", plugins)})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    assert message in str(result.error) + "\n".join(result.logs)
    assert not (root / "site").exists()


def test_content_dir_on_other_plugins_is_deprecated_and_ignored(project):
    yml = ALL_PLUGINS.replace("  - pufa/feeds\n", "  - pufa/feeds:\n      content_dir: content\n")
    root = project({"mkdocs.yml": yml})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    assert any("content_dir 已不再使用" in line for line in result.logs if line.startswith("WARNING")), result.logs
    assert (root / "site" / "feeds" / "rss.xml").is_file()


# pufa check and pufa report read mkdocs.yml and the one clock


def pufa(root, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pufa.cli", *args], cwd=root, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_check_reads_the_content_folder_and_synonyms_from_mkdocs_yml(project):
    files = minimal_files()
    root = project({
        **{k: None for k in files if k.startswith("content/")},
        **{"site-content/" + k.removeprefix("content/"): v for k, v in files.items() if k.startswith("content/")},
        "site-content/search-synonyms.yml": "个保法: [42]\n",
        "mkdocs.yml": MKDOCS_YML.replace("  - pufa/content\n", "  - pufa/content:\n      content_dir: site-content\n")
        + "  - pufa/search:\n      synonyms_file: site-content/search-synonyms.yml\n",
    })
    result = pufa(root, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "site-content/search-synonyms.yml:1: 个保法:" in result.stdout
    assert "topics.yml" not in result.stdout  # it read site-content/, not a missing content/


def test_check_takes_another_config_file(project):
    root = project({"other.yml": MKDOCS_YML.replace("  - pufa/content\n",
                                                    "  - pufa/content:\n      content_dir: elsewhere\n"),
                    "elsewhere/topics.yml": "- id: x\n"})
    result = pufa(root, "--config-file", "other.yml", "check")
    assert result.returncode == 1
    assert "elsewhere/topics.yml:1:" in result.stdout
    assert pufa(root, "check").returncode == 0  # mkdocs.yml: the valid content/


def test_check_names_an_unreadable_config_file_in_chinese(project):
    root = project({"mkdocs.yml": "site_name: [\n"})
    result = pufa(root, "check")
    assert result.returncode == 2
    assert "无法读取 mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_report_counts_as_of_the_build_day_of_the_one_clock(project):
    result = pufa(project(), "report", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    assert "统计截至 2026-06-16" in result.stdout


def test_new_dates_the_template_with_the_day_of_the_one_clock(project):
    root = project()
    result = pufa(root, "new", "explainer", "--agency", "moj", "--slug", "dated", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    text = (root / "content" / "laws" / "moj" / "dated.md").read_text(encoding="utf-8")
    assert "published: 2026-06-16" in text and "reviewed: 2026-06-16" in text


# one route map: the same link check whatever the addresses look like

ADDRESS = re.compile(r"""https?://[^\s"'<>\\]+""")


def site_file(site: Path, base: str, url: str) -> Path:
    """The file that an address under `base` (site_url) serves."""
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    candidate = site / path
    return candidate / "index.html" if path == "" or path.endswith("/") or candidate.is_dir() else candidate


def broken_addresses(site: Path, base: str) -> tuple[int, list[str]]:
    """Absolute addresses under `base` in feeds, .ics files, the sitemap and pages that lead nowhere."""
    checked, broken = 0, []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".xml", ".json", ".ics", ".html") or "search" in path.parts:
            continue
        text = path.read_bytes().decode("utf-8")
        if path.suffix == ".ics":
            text = text.replace("\r\n ", "")  # RFC 5545 folds long lines
        if path.suffix == ".html":
            text = " ".join(re.findall(r'href="(https?://[^"]+)"', text))
        for url in ADDRESS.findall(text):
            if url.startswith(base):
                checked += 1
                if not site_file(site, base, url).is_file():
                    broken.append(f"{path.relative_to(site)} -> {url}")
    return checked, broken


def broken_page_links(site: Path, base: str) -> list[str]:
    """Links and resources of every page, resolved from the page's address under `base`, that lead
    to no file; a link to the same host outside `base` leaves the site and counts as broken."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        address = base + rel.removesuffix("index.html")
        found = page_links(page.read_text(encoding="utf-8"))
        for raw in found.links + found.resources:
            if raw.startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
                continue
            target = urljoin(address, raw).split("#")[0].split("?")[0]
            if urlsplit(target).netloc != urlsplit(base).netloc:
                continue
            if not target.startswith(base) or not site_file(site, base, target).is_file():
                broken.append(f"{rel} -> {raw}")
    return broken


def build_all(project: Path, monkeypatch, yml: str, content: str = "content") -> Path:
    """The minimal project with every pufa plugin and a calendar, its content at `content` (from the project)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {k.replace("content/", f"{content}/", 1): v for k, v in minimal_files().items()}
    files.update({"mkdocs.yml": yml, f"{content}/calendar.yml": FEED_CALENDAR, f"{content}/agencies/zj-sft.yml": ZJ_SFT})
    write_project(project, files)
    result = mkdocs_build(project / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    return result.site


def assert_links_hold(site: Path, base: str, document_address: str) -> None:
    assert broken_page_links(site, base) == []
    checked, broken = broken_addresses(site, base)
    assert broken == []
    assert checked > 50
    ics = (site / "calendar" / "pufa.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert base + document_address in ics  # the event's explainer, as its page's address


def test_links_hold_without_directory_urls(tmp_path, monkeypatch):
    yml = ALL_PLUGINS.replace("site_url: http://127.0.0.1/\n", "site_url: http://127.0.0.1/\nuse_directory_urls: false\n")
    site = build_all(tmp_path / "project", monkeypatch, yml)
    assert (site / "laws" / "moj" / "legal-aid.html").is_file()
    assert_links_hold(site, "http://127.0.0.1/", "laws/moj/legal-aid.html")


def test_links_hold_with_the_content_folder_outside_the_project(tmp_path, monkeypatch):
    yml = ALL_PLUGINS.replace("  - pufa/content\n", "  - pufa/content:\n      content_dir: ../shared/content\n")
    site = build_all(tmp_path / "project", monkeypatch, yml, content="../shared/content")
    assert not (tmp_path / "project" / "content").exists()
    assert_links_hold(site, "http://127.0.0.1/", "laws/moj/legal-aid/")


def test_links_hold_under_a_sub_path_site_url(tmp_path, monkeypatch):
    base = "http://127.0.0.1:8000/pufa/site/"
    site = build_all(tmp_path / "project", monkeypatch, ALL_PLUGINS.replace("site_url: http://127.0.0.1/\n", f"site_url: {base}\n"))
    assert_links_hold(site, base, "laws/moj/legal-aid/")
    assert f"<loc>{base}laws/moj/legal-aid/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")


# one clock: reproducible builds, every date from the build day


def demo_copy(folder: Path) -> Path:
    for name in ("docs", "content"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns(".*", "statutes"))
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def test_two_builds_of_the_demo_with_one_source_date_epoch_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    sites = []
    for folder in (tmp_path / "a", tmp_path / "elsewhere" / "b"):
        result = mkdocs_build(demo_copy(folder) / "mkdocs.yml", folder / "site")
        assert result.error is None, "\n".join(result.logs)
        sites.append(folder / "site")
    files = [sorted(p.relative_to(s) for p in s.rglob("*") if p.is_file()) for s in sites]
    assert files[0] == files[1] and len(files[0]) > 200
    different = [str(p) for p in files[0] if (sites[0] / p).read_bytes() != (sites[1] / p).read_bytes()]
    assert different == []

    site = sites[0]
    day_cn = f"{CHINA_DAY.year}年{CHINA_DAY.month}月{CHINA_DAY.day}日"
    assert f"统计截至{day_cn}" in (site / "report" / "index.html").read_text(encoding="utf-8")
    assert f'data-pufa-calendar-asof="{CHINA_DAY.isoformat()}"' in \
        (site / "calendar" / "index.html").read_text(encoding="utf-8")
    assert "DTSTAMP:20260615T200000Z" in (site / "calendar" / "pufa.ics").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    about = re.search(r"<loc>[^<]*/about/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert about and about[1] == CHINA_DAY.isoformat()  # the day in China, not MkDocs' UTC day

    # where the build day was taken from other clocks before, the machine's own day appears nowhere
    # (the demo content never names it; calendar pages list every day of their window, so they and
    # the search texts of them are left to the checks above)
    real = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    sources = [p.read_text(encoding="utf-8") for f in ("docs", "content") for p in (REPO / f).rglob("*.*")
               if p.suffix in (".md", ".yml")]
    dated = [site / "sitemap.xml", *(site / "report").rglob("*.html"), *(site / "feeds").rglob("*.*"),
             *(site / "calendar").glob("*.ics")]
    assert len(dated) > 20
    for day in (real, real - dt.timedelta(days=1), dt.datetime.now(dt.UTC).date()):
        forms = (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", day.strftime("%Y%m%dT"))
        if any(form in text for form in forms for text in sources):
            continue  # the content itself names that day; what is shown then proves nothing
        shown = [str(p.relative_to(site)) for p in dated if any(f in p.read_text(encoding="utf-8") for f in forms)]
        assert shown == [], f"{day} appears in {shown[:5]}"


def test_report_takes_review_days_from_mkdocs_yml_as_the_site_does(project):
    # reviewed 2026-03-01; as of 2026-06-01 that is overdue after 10 days, not after the default 365
    root = project({"mkdocs.yml": MKDOCS_YML.replace("  - pufa/content\n",
                                                      "  - pufa/content:\n      review_days: 10\n")})
    configured = pufa(root, "report", "--as-of", "2026-06-01", "--format", "csv")
    given = pufa(root, "report", "--as-of", "2026-06-01", "--format", "csv", "--review-days", "365")
    assert configured.returncode == 0 and given.returncode == 0, configured.stderr + given.stderr
    overdue = lambda out: out.stdout.splitlines()[1].split(",")[-1]  # noqa: E731  last column: 超期未审核
    assert (overdue(configured), overdue(given)) == ("1", "0"), (configured.stdout, given.stdout)

"""One build context, one clock, one route map, navigation as data: unit tests on core, no MkDocs.

Real builds and `pufa` runs of the same are in test_one_build.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import EXPLAINER as EXPLAINER_MD
from conftest import replace
from test_calendar_checks import CALENDAR, PATH

from pufa.core.context import Sources, clock_from, load_build
from pufa.core.kinds import CASE, EXPLAINER, STATUTE
from pufa.core.content.loading import load_content
from pufa.core.navigation import NavItem, footer_links, site_nav
from pufa.core.routes import Routes
from pufa.core.search.entries import kind_of

# 2026-06-15 20:00 UTC: already 16 June in China, still 15 June in UTC
EPOCH = "1781553600"
CHINA_DAY = dt.date(2026, 6, 16)


BAD_CALENDAR = replace(CALENDAR, "    date: 12-04\n", "    date: 13-45\n")  # observances[0].date, line 5


# the clock


def test_source_date_epoch_sets_the_build_day_in_china_not_utc():
    clock = clock_from({"SOURCE_DATE_EPOCH": EPOCH})
    assert clock.stamp == dt.datetime(2026, 6, 15, 20, 0, tzinfo=dt.UTC)
    assert clock.today == CHINA_DAY


def test_without_source_date_epoch_the_clock_is_now_in_whole_seconds():
    now = dt.datetime(2026, 1, 1, 17, 0, 0, 5, tzinfo=dt.UTC)
    assert clock_from({}, now).stamp == now.replace(microsecond=0)
    assert clock_from({"SOURCE_DATE_EPOCH": "not a number"}, now).today == dt.date(2026, 1, 2)


# the route map and the kinds


@pytest.mark.parametrize("src, directories, files", [
    ("index.md", "", "index.html"),
    ("laws/index.md", "laws/", "laws/index.html"),
    ("laws/moj/legal-aid.md", "laws/moj/legal-aid/", "laws/moj/legal-aid.html"),
    ("statutes/民法典.md", "statutes/民法典/", "statutes/民法典.html"),
    ("calendar/pufa.ics", "calendar/pufa.ics", "calendar/pufa.ics"),
])
def test_routes_give_the_address_mkdocs_gives(src, directories, files):
    assert Routes().path(src) == directories
    assert Routes(directory_urls=False).path(src) == files


def test_routes_make_absolute_addresses_under_a_sub_path_and_encode_them():
    assert Routes().url("https://example.gov.cn/pufa/", "statutes/民法典.md", "art-1077") == \
        "https://example.gov.cn/pufa/statutes/%E6%B0%91%E6%B3%95%E5%85%B8/#art-1077"
    assert Routes(False).url("https://example.gov.cn/pufa", "calendar/index.md") == \
        "https://example.gov.cn/pufa/calendar/index.html"
    assert Routes(False).relative("agencies/moj.md", "feeds/rss.xml") == "../feeds/rss.xml"


def test_one_vocabulary_of_document_kinds(project):
    root = project()
    catalog = load_content(root / "content", root).catalog
    explainer, case = catalog.explainers[0], catalog.cases[0]
    assert (explainer.document_kind, case.document_kind) == (EXPLAINER, CASE)
    assert explainer.src_uri == "laws/moj/legal-aid.md" and case.src_uri == "cases/moj/wage-case.md"
    assert [kind_of(s) for s in ("laws/moj/a.md", "cases/moj/b.md", "statutes/x.md", "laws/index.md")] == \
        [EXPLAINER.short, CASE.short, STATUTE.short, "页面"]


# navigation as data


def _catalog(project):
    root = project()
    return load_content(root / "content", root).catalog


GENERATED = {"agencies/index.md", "agencies/moj.md", "report/index.md", "topics/index.md",
             "topics/legal-aid.md", "topics/marriage-family.md", "laws/index.md", "consultations/index.md",
             "cases/index.md", "statutes/index.md"}


def titles(nav: list) -> list:
    return [item.title if isinstance(item, NavItem) else item for item in nav]


def test_navigation_leaves_out_sections_no_plugin_made(project):
    catalog = _catalog(project)
    nav = site_nav(catalog, GENERATED | {"index.md"}, {"index.md"}, None)
    assert titles(nav) == ["首页", "普法机关", "专题", "法律解读", "以案释法", "法律法规"]
    agencies = nav[1]
    assert agencies.src_uri == "agencies/index.md"
    assert [(c.title, c.src_uri) for c in agencies.children] == [("司法部", "agencies/moj.md"),
                                                                 ("责任落实情况", "report/index.md")]


def test_citizens_navigation_places_the_calendar_by_page_and_leaves_guide_and_feeds_to_the_footer(project):
    catalog = _catalog(project)
    pages = GENERATED | {"index.md", "calendar/index.md", "feeds/index.md", "guide/index.md",
                         "guide/calendar.md", "guide/fields.md", "about.md"}
    nav = site_nav(catalog, pages, {"index.md", "guide/index.md", "about.md"}, None)
    assert titles(nav) == ["首页", "普法机关", "专题", "普法日历", "法律解读", "以案释法", "法律法规", None]
    assert nav[-1].src_uri == "about.md"
    assert [(i.title, i.src_uri) for i in footer_links(pages)] == [("订阅", "feeds/index.md"),
                                                                   ("编辑指南", "guide/index.md")]
    assert footer_links(GENERATED) == []  # no feeds plugin, no guide: no dead links


def test_a_nav_written_in_mkdocs_yml_comes_first_and_the_sections_follow(project):
    catalog = _catalog(project)
    written = [{"首页": "index.md"}, {"专题": "my-topics.md"}]  # a title like a generated section's
    nav = site_nav(catalog, GENERATED | {"index.md", "calendar/index.md"}, {"index.md"}, written)
    assert nav[:2] == written
    assert titles(nav[2:]) == ["普法机关", "专题", "普法日历", "法律解读", "以案释法", "法律法规"]


# the context: everything loaded once, every problem at once


def test_context_reports_content_calendar_and_synonym_problems_together(project):
    root = project({
        "content/laws/moj/legal-aid.md": replace(EXPLAINER_MD, "summary: 经济困难", "summry: 经济困难"),
        PATH: BAD_CALENDAR,
        "content/search-synonyms.yml": "个保法: [个人信息保护法, 42]\n",
    })
    sources = Sources(root, root / "content", synonyms_file=root / "content" / "search-synonyms.yml")
    context = load_build(sources, clock_from({"SOURCE_DATE_EPOCH": EPOCH}), read_git=False)
    found = {(p.path, p.code) for p in context.problems if p.is_error}
    assert ("content/laws/moj/legal-aid.md", "unknown-field") in found
    assert ("content/calendar.yml", "impossible-date") in found or ("content/calendar.yml", "bad-month-day") in found
    assert ("content/search-synonyms.yml", "search-synonyms-value") in found
    assert context.catalog is None and context.calendar is None and not context.ok


def test_context_of_valid_content_holds_catalog_calendar_and_the_day(project):
    root = project({PATH: CALENDAR})
    context = load_build(Sources(root, root / "content"), clock_from({"SOURCE_DATE_EPOCH": EPOCH}), Routes(False))
    assert context.ok and context.today == CHINA_DAY
    assert [e.id for e in context.calendar.events] == ["moj-legal-aid-day"]
    assert context.routes.path(context.catalog.explainers[0].src_uri) == "laws/moj/legal-aid.html"
    assert context.sources.content_folder == "content"


def test_content_folder_outside_the_project_is_named_absolutely(tmp_path):
    sources = Sources(tmp_path / "project", tmp_path / "shared" / "content")
    assert sources.content_folder == (tmp_path / "shared" / "content").resolve().as_posix()


def test_checks_bound_dates_by_the_build_clock_not_the_wall_clock(project):
    # published 2026-03-01 is more than a year after a build dated 2024-06-01 (the wall clock is later)
    early = clock_from({"SOURCE_DATE_EPOCH": str(int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp()))})
    root = project()
    context = load_build(Sources(root, root / "content"), early, read_git=False)
    assert ("content/laws/moj/legal-aid.md", "published") in {(p.path, p.field) for p in context.problems}


def test_calendar_yml_linked_out_of_the_repository_is_examined_once_reported_once_and_never_read(
        project, tmp_path, monkeypatch):
    from pufa.core.content import links

    outside = tmp_path / "elsewhere.yml"
    outside.write_text(CALENDAR, encoding="utf-8")
    root = project()
    (root / "content" / "calendar.yml").symlink_to(outside)
    examined = []
    refused = links._refused
    monkeypatch.setattr(links, "_refused", lambda path, *rest: examined.append(path.name) or refused(path, *rest))
    context = load_build(Sources(root, root / "content"), clock_from({"SOURCE_DATE_EPOCH": EPOCH}), read_git=False)
    assert examined.count("calendar.yml") == 1  # one walk of the content folder serves calendar.yml too
    assert [(p.path, p.code) for p in context.problems if p.is_error] == [("content/calendar.yml", "symlink")]
    assert context.calendar is None

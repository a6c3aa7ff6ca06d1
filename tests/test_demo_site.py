"""End-to-end: the repository's demo site, built by MkDocs into a temp dir."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import REPO
from pufa.core.content.loading import load_content
from sitecheck import broken_links, external_resources

DEMO = load_content(REPO / "content", REPO)


def html(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_demo_content_is_clean_and_large_enough():
    assert DEMO.ok, "\n".join(map(str, DEMO.problems))
    catalog = DEMO.catalog
    assert len(catalog.agencies) >= 6
    assert {a.level for a in catalog.agencies} == {"中央", "省级", "市级", "县级"}
    assert len(catalog.explainers) >= 20 and len(catalog.cases) >= 20
    names = {t.name for t in catalog.topics if catalog.in_topic(t.id)}
    assert {"教育就业", "劳动就业", "医疗卫生", "征地拆迁", "食品安全", "环境保护", "安全生产", "社会救助"} <= names


def test_every_agency_has_its_section_with_documents_and_responsibility_list(demo_site):
    for agency in DEMO.catalog.agencies:
        page = html(demo_site.site, f"/agencies/{agency.id}/")
        assert agency.name in page
        assert "普法责任清单" in page
        for responsibility in agency.responsibilities:
            assert responsibility.title in page
        for explainer in DEMO.catalog.explainers_of(agency.id):
            assert explainer.title.replace('"', "&quot;")[:10] in page


def test_every_document_page_has_its_metadata_panel(demo_site):
    for document in (*DEMO.catalog.explainers, *DEMO.catalog.cases):
        page = html(demo_site.site, document.url)
        assert "data-pufa-meta" in page, document.url
        assert "发布机关" in page


def test_case_links_to_explainer_and_explainer_lists_case(demo_site):
    linked = 0
    for case in DEMO.catalog.cases:
        for explainer in DEMO.catalog.explainers_for(case):
            assert f'href="../../../laws/{explainer.agency}/{explainer.slug}/"' in html(demo_site.site, case.url)
            assert f'href="../../../cases/{case.agency}/{case.slug}/"' in html(demo_site.site, explainer.url)
            linked += 1
    # most cases of the demo set apply an article that an explainer explains
    assert linked >= len(DEMO.catalog.cases) * 3 // 4


def test_no_internal_link_is_broken(demo_site):
    assert demo_site.error is None
    assert broken_links(demo_site.site) == []


def test_build_log_has_no_warnings(demo_site):
    assert any("Documentation built" in line for line in demo_site.logs)
    assert [line for line in demo_site.logs if line.startswith(("WARNING", "ERROR"))] == []


def test_no_page_loads_anything_from_another_host(demo_site):
    assert external_resources(demo_site.site) == []
    for page in demo_site.site.rglob("*.html"):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8")


def test_navigation_is_generated_from_content(demo_site):
    home = html(demo_site.site, "/")
    for label in ("普法机关", "专题", "法律解读", "以案释法", "法律法规", "编辑指南"):
        assert label in home
    agency_page = html(demo_site.site, "/agencies/moj/")
    for agency in DEMO.catalog.agencies:
        assert f'href="../{agency.id}/"' in agency_page or agency.id == "moj"


def test_pages_stay_small(demo_site):
    # the texts of long laws (刑法, 民法典 合同编) are pages of their own, within the 500 KB of any page
    statutes = demo_site.site / "statutes"
    sizes = {p: p.stat().st_size for p in demo_site.site.rglob("*.html") if not p.is_relative_to(statutes)}
    assert max(sizes.values()) < 200_000, max(sizes, key=sizes.get)
    texts = {p: p.stat().st_size for p in statutes.rglob("*.html")}
    assert len(texts) > 30 and max(texts.values()) < 500_000, max(texts, key=texts.get)


def test_topic_and_law_pages_group_documents(demo_site):
    catalog = DEMO.catalog
    for topic in catalog.topics:
        page = html(demo_site.site, f"/topics/{topic.id}/")
        assert len(re.findall(r'class="pufa-item-meta"', page)) == len(catalog.in_topic(topic.id))
    for law in catalog.laws():
        page = html(demo_site.site, f"/statutes/{law.key}/")
        assert law.title in page
        assert len(re.findall(r'class="pufa-item-meta"', page)) == len(law.explainers) + len(law.cases)


def test_lists_say_which_date_they_show(demo_site):
    page = html(demo_site.site, "/agencies/spc/")
    for explainer in DEMO.catalog.explainers_of("spc"):
        day = explainer.published
        assert f"发布于{day.year}年{day.month}月{day.day}日" in page
    for case in DEMO.catalog.cases_of("spc"):
        day = case.decided
        assert f"裁判于{day.year}年{day.month}月{day.day}日" in page  # 最高法 is a court
    organs = [c for c in DEMO.catalog.cases if c.decided and "法院" not in c.court]
    assert organs and all(f"决定于{c.decided.year}年" in html(demo_site.site, "/cases/") for c in organs)


def test_field_guide_and_json_schema_are_published(demo_site):
    guide = html(demo_site.site, "/guide/fields/")
    for name in ("law_promulgated", "case_number", "responsibilities[].measures", "comment_closes"):
        assert f"<code>{name}</code>" in guide
    assert (demo_site.site / "schema" / "explainer.schema.json").is_file()
    # calendar.yml's schema from the same field kinds as its check, linked from the field guide
    assert 'href="../../schema/calendar.schema.json"' in guide
    calendar = json.loads((demo_site.site / "schema" / "calendar.schema.json").read_text(encoding="utf-8"))
    month = calendar["properties"]["observances"]["items"]["properties"]["month"]
    assert {"type": "integer", "minimum": 1, "maximum": 12} in month["anyOf"]


def test_nothing_is_written_into_docs_or_content(demo_site):
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "docs", "content"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    generated = [line for line in status.splitlines() if line[3:].startswith(("docs/agencies", "docs/laws",
                 "docs/cases", "docs/topics", "docs/statutes", "docs/guide/fields"))]
    assert generated == []
    assert not (REPO / "docs" / "agencies").exists()

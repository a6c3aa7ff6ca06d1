"""The render layer in real builds: pufa's HTML is in a page when Markdown returns, whatever plugin reads it."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import lxml.html

from conftest import AGENCY, mkdocs_build
from test_calendar_checks import CALENDAR, MKDOCS_YML, PATH

# a site's own hook that reads pages before every pufa plugin does (priority 100): what it sees
# is what any plugin sees, however the plugins are ordered
EARLY_READER = """\
import json
from pathlib import Path

from mkdocs.plugins import event_priority

SEEN = {}


@event_priority(100)
def on_page_content(html, page, config, files):
    SEEN[page.file.src_uri] = html
    return html


def on_post_build(config):
    (Path(config.config_file_path).parent / "seen.json").write_text(json.dumps(SEEN), encoding="utf-8")
"""


def test_calendar_html_is_in_the_page_for_a_plugin_that_reads_it_first(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795190400")  # 2026-11-21 in China
    yml = MKDOCS_YML.replace("site_url: http://127.0.0.1/\n", "site_url: http://127.0.0.1/\nuse_directory_urls: false\n")
    root = project({"mkdocs.yml": yml + "hooks:\n  - early_reader.py\n", PATH: CALENDAR,
                    "early_reader.py": EARLY_READER,
                    "docs/index.md": "# 首页\n\n<!-- pufa:calendar -->\n"})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    seen = json.loads((root / "seen.json").read_text(encoding="utf-8"))
    for src in ("calendar/index.md", "calendar/moj.md", "agencies/moj.md", "index.md"):
        assert "data-pufa-calendar-item" in seen[src], src
        assert "data-pufa-html" not in seen[src] and "pufa:html" not in seen[src], src
    assert "data-pufa-calendar-month=" in seen["calendar/index.md"]
    # the blocks' links lead to pages that exist, with use_directory_urls: false too
    site = result.site
    for page in ("calendar/index.html", "calendar/moj.html", "agencies/moj.html", "index.html"):
        text = (site / page).read_text(encoding="utf-8")
        block = text[text.index("data-pufa-calendar"):]
        links = [h for h in re.findall(r'href="([^"#?]*)[^"]*"', block)
                 if h and not re.match(r"[a-z]+:|/", h)]
        assert links, page
        for href in links:
            target = (site / page).parent / unquote(href)
            assert target.is_file(), (page, href)


# page kinds by templates: a site overrides one in its custom_dir, and what it prints is still escaped

OVERRIDDEN_EXPLAINER = """\
{% from "pufa/partials/meta.md" import meta %}
# {{ view.title }}

<p class="site-lead">本站导读：{{ view.summary }}</p>

{{ meta(view.meta) }}

{{ view.body }}
"""


def test_a_site_overrides_the_explainer_template_and_content_stays_escaped(project):
    from conftest import EXPLAINER

    hostile = "<script>pwn()</script>[点我](javascript:pwn()) *强*"
    yml = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    root = project({
        "mkdocs.yml": yml,
        "overrides/pufa/explainer.md": OVERRIDDEN_EXPLAINER,
        "content/laws/moj/legal-aid.md": EXPLAINER.replace("summary: 经济困难的公民可以免费获得律师帮助。",
                                                           f"summary: '{hostile}'"),
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    page = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    lead = re.search(r'<p class="site-lead">(.*?)</p>', page, re.S)
    assert lead, "the site's template was not used"
    assert lead[1] == "本站导读：&lt;script&gt;pwn()&lt;/script&gt;[点我](javascript:pwn()) *强*"
    assert "<script>pwn" not in page and 'href="javascript' not in page and "<em>强</em>" not in page
    assert "data-pufa-meta" in page and "《法律援助法》第三十一条" in page
    assert "相关案例" not in page  # the package's template is not used for this page
    # cases still use the package's template
    case = (result.site / "cases/moj/wage-case/index.html").read_text(encoding="utf-8")
    assert "相关法律解读" in case and "site-lead" not in case


OVERRIDDEN_LIST = """\
{% macro documents(items, empty="") %}
<div class="site-list" markdown>

{% for item in items %}
1. [{{ item.title }}]({{ item.href }}) {{ item.summary }}
{% endfor %}

</div>
{% endmacro %}
"""


def test_a_site_overrides_the_list_partial_on_every_page_that_lists_documents(project):
    """Lists reach the templates as data: one partial in overrides/pufa/partials/ changes them all."""
    from conftest import EXPLAINER

    hostile = "<script>pwn()</script> *强*"
    yml = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    root = project({
        "mkdocs.yml": yml,
        "overrides/pufa/partials/documents.md": OVERRIDDEN_LIST,
        "content/laws/moj/legal-aid.md": EXPLAINER.replace("summary: 经济困难的公民可以免费获得律师帮助。",
                                                           f"summary: '{hostile}'"),
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    for page in ("index.html", "agencies/moj/index.html", "laws/index.html", "cases/moj/wage-case/index.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        assert '<div class="site-list">' in html and 'class="pufa-list"' not in html, page
        assert "<script>pwn" not in html and "<em>强</em>" not in html, page
    item = lxml.html.parse(str(result.site / "laws/index.html")).getroot().xpath("//div[@class='site-list']//li")[0]
    assert item.text_content() == f"哪些人可以申请法律援助？ {hostile}"
    assert item.find("a").get("href") == "moj/legal-aid/"


def _listed(page) -> list[str]:
    return [a.text_content() for a in page.xpath("//div[contains(@class, 'pufa-list')]//a")]


def _html(site, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def _follow(site, from_path: str, link) -> str:
    """The site path a link on the page at `from_path` leads to."""
    return (site / from_path / unquote(link.get("href"))).resolve().relative_to(site.resolve()).as_posix()


def test_law_and_agency_pages_show_the_newest_ten_and_link_the_list_of_all(project):
    from conftest import CASE, replace

    # twelve cases applying the explainer's article, published on twelve days of 2026
    cases = {f"content/cases/moj/wage-{n:02d}.md":
             replace(replace(CASE, "农民工讨薪获得法律援助", f"讨薪案例第{n}号"), "published: 2026-04-01",
                     f"published: 2026-04-{n:02d}") for n in range(1, 13)}
    result = mkdocs_build(project(cases) / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    site = result.site
    every_case = {f"讨薪案例第{n}号" for n in range(1, 13)} | {"农民工讨薪获得法律援助"}
    newest_ten = [f"讨薪案例第{n}号" for n in range(12, 2, -1)]

    # the explainer's related cases: the newest ten, and where all thirteen are
    explainer = _html(site, "laws/moj/legal-aid")
    assert _listed(explainer) == newest_ten
    more = explainer.xpath("//p[contains(., '共 13 个案例')]")[0]  # the fixture's own case is the thirteenth
    assert "这里列出最新的 10 个" in more.text_content()
    assert more.xpath(".//a")[0].text_content() == "《中华人民共和国法律援助法》"
    listing = _follow(site, "laws/moj/legal-aid", more.xpath(".//a")[0])
    assert listing.startswith("statutes/") and listing.endswith("/documents")

    # the law's page: its one explainer, the newest ten cases, a link to the list of all
    law_path = listing.rsplit("/", 1)[0]
    law = _html(site, law_path)
    assert _listed(law) == ["哪些人可以申请法律援助？", *newest_ten]
    more = law.xpath("//p[contains(., '共 13 个案例')]")[0]
    assert "这里列出最新的 10 个" in more.text_content()
    assert _follow(site, law_path, more.xpath(".//a[.='查看全部法律解读和以案释法']")[0]) == listing

    # the list: every explainer and case once, a way back, a title saying whose it is
    page = _html(site, listing)
    assert page.findtext(".//h1") == "《中华人民共和国法律援助法》：法律解读和以案释法"
    assert [h.text_content() for h in page.xpath("//article//h2")] == ["法律解读", "以案释法"]
    assert sorted(_listed(page)) == sorted(every_case | {"哪些人可以申请法律援助？"})
    assert _follow(site, listing, page.xpath("//a[.='《中华人民共和国法律援助法》']")[0]) == law_path

    # the agency's page the same way
    agency = _html(site, "agencies/moj")
    assert _listed(agency) == ["哪些人可以申请法律援助？", *newest_ten]
    link = agency.xpath("//a[.='查看全部法律解读和以案释法']")[0]
    assert _follow(site, "agencies/moj", link) == "agencies/moj/documents"
    page = _html(site, "agencies/moj/documents")
    assert "司法部" in page.findtext(".//h1")
    assert sorted(_listed(page)) == sorted(every_case | {"哪些人可以申请法律援助？"})


def test_a_topic_continues_on_numbered_pages(project):
    from conftest import EXPLAINER, replace

    files = {f"content/laws/moj/aid-{n:03d}.md": replace(EXPLAINER, "哪些人可以申请法律援助？", f"法律援助问答第{n}号")
             for n in range(1, 106)}
    result = mkdocs_build(project(files) / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    site = result.site
    topic = "legal-aid"
    first, second = _html(site, f"topics/{topic}"), _html(site, f"topics/{topic}/page/2")
    assert [len(_listed(first)), len(_listed(second))] == [100, 7]  # 106 explainers and the fixture's case
    assert sorted(_listed(first) + _listed(second)) == sorted(
        [f"法律援助问答第{n}号" for n in range(1, 106)] + ["哪些人可以申请法律援助？", "农民工讨薪获得法律援助"])
    # page 1 is all explainers: no empty 以案释法 heading saying there are none
    assert [h.text_content() for h in first.xpath("//article//h2")] == ["法律解读"]
    assert [h.text_content() for h in second.xpath("//article//h2")] == ["法律解读", "以案释法"]
    assert "（第 2 页）" in second.findtext(".//h1")
    assert _follow(site, f"topics/{topic}", first.xpath("//nav[contains(@class, 'pufa-pager')]//a[.='下一页']")[0]) \
        == f"topics/{topic}/page/2"


def test_the_explainer_index_continues_on_numbered_pages_and_lists_every_explainer_once(project):
    from conftest import EXPLAINER, replace

    # 105 more explainers: with the fixture's own, 106 — a page of 100 and a page of 6
    files = {f"content/laws/moj/aid-{n:03d}.md": replace(EXPLAINER, "哪些人可以申请法律援助？", f"法律援助问答第{n}号")
             for n in range(1, 106)}
    result = mkdocs_build(project(files) / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    first = lxml.html.fromstring((result.site / "laws/index.html").read_text(encoding="utf-8"))
    second = lxml.html.fromstring((result.site / "laws/page/2/index.html").read_text(encoding="utf-8"))
    listed = [[a.text_content() for a in page.xpath("//div[contains(@class, 'pufa-list')]//a")]
              for page in (first, second)]
    assert [len(titles) for titles in listed] == [100, 6]
    assert sorted(listed[0] + listed[1]) == sorted([f"法律援助问答第{n}号" for n in range(1, 106)] + ["哪些人可以申请法律援助？"])
    assert second.findtext(".//title").startswith("法律解读（第 2 页）")
    pager = first.xpath("//nav[contains(@class, 'pufa-pager')]")[0]
    assert "第 1 页，共 2 页" in pager.text_content()
    next_page = pager.xpath(".//a[text()='下一页']")[0].get("href")
    assert (result.site / "laws" / unquote(next_page) / "index.html").resolve() == (result.site / "laws/page/2/index.html").resolve()
    # one entry in the navigation, whatever the number of pages
    assert len(first.xpath("//nav[contains(@class, 'md-nav--primary')]//a[normalize-space()='法律解读']")) == 1


def test_an_agency_may_not_take_the_name_of_the_index_pages(project):
    from test_checks import check

    problems = check(project({"content/agencies/page.yml": AGENCY}))
    assert [(p.path, p.field, p.code) for p in problems if p.code == "reserved-slug"] == [
        ("content/agencies/page.yml", "file", "reserved-slug")]


def test_a_long_list_links_the_first_and_last_pages_and_those_near_this_one(project, monkeypatch):
    from conftest import EXPLAINER, replace
    import pufa.render.pages

    monkeypatch.setattr(pufa.render.pages, "INDEX_PAGE_SIZE", 1)  # 12 explainers: 12 pages
    files = {f"content/laws/moj/aid-{n:03d}.md": replace(EXPLAINER, "哪些人可以申请法律援助？", f"法律援助问答第{n}号")
             for n in range(1, 12)}
    result = mkdocs_build(project(files) / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)

    def pager(path: str) -> tuple[str, list[str]]:
        nav = _html(result.site, path).xpath("//nav[contains(@class, 'pufa-pager')]")[0]
        return " ".join(nav.text_content().split()).replace("： ", "："), [_follow(result.site, path, a) for a in nav.xpath(".//a")]

    text, targets = pager("laws/page/6")
    assert text == "第 6 页，共 12 页：上一页 · 1 … 4 5 6 7 8 … 12 · 下一页"
    assert targets == ["laws/page/5", "laws", "laws/page/4", "laws/page/5", "laws/page/7", "laws/page/8",
                       "laws/page/12", "laws/page/7"]
    assert pager("laws")[0] == "第 1 页，共 12 页：1 2 3 … 12 · 下一页"
    assert pager("laws/page/12")[0] == "第 12 页，共 12 页：上一页 · 1 … 10 11 12"
    assert pager("laws/page/4")[0] == "第 4 页，共 12 页：上一页 · 1 2 3 4 5 6 … 12 · 下一页"

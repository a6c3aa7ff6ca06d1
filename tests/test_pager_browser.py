"""In Debian's Chromium: the page links of a paged index at phone, desktop and kiosk size."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import EXPLAINER, mkdocs_build, page_opener, replace, serve_directory
from test_kiosk import KIOSK_YML
from test_kiosk_browser import DESKTOP, PHONE, serious_violations

KIOSK = {"width": 1080, "height": 1920}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A site with the kiosk plugin and 106 explainers: the explainer index has two pages."""
    from conftest import minimal_files, write_project

    files = {**minimal_files(), "mkdocs.yml": KIOSK_YML}
    files.update({f"content/laws/moj/aid-{n:03d}.md": replace(EXPLAINER, "哪些人可以申请法律援助？", f"法律援助问答第{n}号")
                  for n in range(1, 106)})
    root = write_project(tmp_path_factory.mktemp("pager") / "project", files)
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    with serve_directory(result.site) as url:
        yield url


@pytest.fixture
def opener(browser):
    yield from page_opener(browser)


@pytest.mark.parametrize(("viewport", "kiosk"), [(PHONE, False), (DESKTOP, False), (KIOSK, True)])
def test_page_links_are_large_fit_the_screen_and_lead_to_the_next_page(opener, base, viewport, kiosk):
    page = opener(base, viewport, kiosk=kiosk)
    page.goto(base + "/laws/")
    pager = page.locator(".pufa-pager")
    pager.scroll_into_view_if_needed()
    assert "第 1 页，共 2 页" in pager.inner_text()
    for link in pager.locator("a, strong").all():
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (link.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    pager.get_by_role("link", name="下一页").click()
    page.wait_for_url("**/laws/page/2/")
    assert page.locator("h1").first.inner_text() == "法律解读（第 2 页）"


LAW = "/statutes/法律援助法/"  # the fixture's explainers all explain 中华人民共和国法律援助法


@pytest.mark.parametrize(("viewport", "kiosk"), [(PHONE, False), (DESKTOP, False), (KIOSK, True)])
@pytest.mark.parametrize(("page_path", "heading"), [(LAW, "《中华人民共和国法律援助法》：法律解读和以案释法"),
                                                   ("/agencies/moj/", "中华人民共和国司法部：法律解读和以案释法")])
def test_a_law_or_agency_page_leads_to_the_list_of_all_its_documents(opener, base, viewport, kiosk, page_path,
                                                                     heading):
    page = opener(base, viewport, kiosk=kiosk)
    page.goto(base + page_path)
    # the newest ten explainers, then the way to all 106
    more = page.locator("p", has_text="共 106 篇解读，这里列出最新的 10 篇。")
    assert more.count() == 1
    link = more.get_by_role("link", name="查看全部法律解读和以案释法")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box["height"] >= 44, box
    link.click()
    page.wait_for_url("**/documents/")
    assert page.locator("h1").first.inner_text() == heading
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    # 100 on this page, the rest on the next, and the way back to the law or agency
    assert page.locator(".pufa-list li").count() == 100
    back = page.get_by_role("link", name=heading.split("：")[0])
    assert back.bounding_box()["height"] >= 44
    page.locator(".pufa-pager").get_by_role("link", name="下一页").click()
    page.wait_for_url("**/documents/page/2/")
    assert page.locator(".pufa-list li").count() == 7  # 6 explainers and the fixture's case
    assert [h.inner_text() for h in page.locator("article h2").all()] == ["法律解读", "以案释法"]
    page.get_by_role("link", name=heading.split("：")[0]).click()
    page.wait_for_url("**" + quote(page_path))


@pytest.mark.parametrize(("viewport", "kiosk"), [(PHONE, False), (DESKTOP, False), (KIOSK, True)])
def test_a_topic_continues_on_its_next_page(opener, base, viewport, kiosk):
    page = opener(base, viewport, kiosk=kiosk)
    page.goto(base + "/topics/legal-aid/")
    assert page.locator(".pufa-list li").count() == 100
    assert serious_violations(page) == []
    page.locator(".pufa-pager").get_by_role("link", name="下一页").click()
    page.wait_for_url("**/topics/legal-aid/page/2/")
    assert page.locator("h1").first.inner_text() == "法律援助（第 2 页）"
    assert [h.inner_text() for h in page.locator("article h2").all()] == ["法律解读", "以案释法"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

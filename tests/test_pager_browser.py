"""In Debian's Chromium: the page links of a paged index at phone, desktop and kiosk size."""

from __future__ import annotations

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

"""In Chromium: a citation shows the article on hover (mouse) and on first tap (touch)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from conftest import EXPLAINER, mkdocs_build, serve_directory

STATUTE = """---
title: 中华人民共和国法律援助法
short_names: [法律援助法]
---

第三十一条 下列事项的当事人，因经济困难没有委托代理人的，可以申请法律援助。

第三十二条 有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制。
"""


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory):
    from conftest import minimal_files, write_project
    root = write_project(tmp_path_factory.mktemp("cite"), {
        **minimal_files(),
        "content/statutes/legal-aid-law.md": STATUTE,
        "content/laws/moj/legal-aid.md": EXPLAINER + "\n有些情形不受经济困难条件限制，见《法律援助法》第三十二条。\n",
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    with serve_directory(result.site) as url:
        yield url


def test_hover_shows_the_article_text(browser, cited_site):
    page = browser.new_page()
    page.goto(cited_site + "/laws/moj/legal-aid/")
    link = page.locator("a.pufa-cite", has_text="《法律援助法》第三十二条")
    link.hover()
    preview = page.locator("[data-pufa-cite-preview]")
    preview.wait_for(state="visible")
    assert preview.inner_text().startswith("第三十二条 有下列情形之一")
    assert link.get_attribute("aria-describedby") == "pufa-cite-preview"
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")
    page.close()


def test_first_tap_previews_and_the_preview_opens_the_article(browser, cited_site):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(cited_site + "/laws/moj/legal-aid/")
    page.locator("a.pufa-cite", has_text="《法律援助法》第三十二条").tap()
    preview = page.locator("[data-pufa-cite-preview]")
    preview.wait_for(state="visible")
    assert "/laws/moj/legal-aid/" in page.url  # the first tap did not navigate
    preview.get_by_role("link", name="打开条文").tap()
    page.wait_for_url("**/statutes/**")
    assert unquote(urlsplit(page.url).path) == "/statutes/法律援助法/"
    assert urlsplit(page.url).fragment == "art-32"
    assert page.locator("#art-32").is_visible()
    context.close()


def test_the_article_a_link_opens_is_marked(browser, cited_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(cited_site + "/statutes/法律援助法/#art-32")
    background = "id => getComputedStyle(document.getElementById(id)).backgroundColor"
    marked, other = page.evaluate(background, "art-32"), page.evaluate(background, "art-31")
    assert marked != other and other == "rgba(0, 0, 0, 0)"
    assert page.locator("#art-32").is_visible()
    page.close()

"""In Debian's Chromium, by touch at 1080×1920: the kiosk details a service hall notices (issue 13 part 4)."""

from __future__ import annotations

from urllib.parse import urlsplit

from test_kiosk_browser import CATALOG, PAGE_KINDS, PORTRAIT

ON_TOP_JS = """el => { const b = el.getBoundingClientRect();
  const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  return !!hit && (el === hit || el.contains(hit)); }"""


def test_article_preview_is_wide_and_wholly_above_the_bottom_bar(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    citation = page.locator("article p a.pufa-cite").last
    citation.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)  # the citation near the bottom of the screen, where the bar is
    citation.tap()
    preview = page.locator("[data-pufa-cite-preview]")
    preview.wait_for(state="visible")
    box = preview.bounding_box()
    bar = page.locator("[data-pufa-kiosk-bar]").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"]
    assert box["width"] >= 0.8 * PORTRAIT["width"]
    opener = preview.get_by_role("link", name="打开条文")
    assert opener.evaluate(ON_TOP_JS)  # on screen and not covered: it can be tapped


def test_tapping_search_focuses_the_field_without_moving_the_page(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    page.mouse.wheel(0, 1500)
    page.wait_for_function("scrollY > 1000")
    before = page.evaluate("scrollY")
    page.locator("[data-pufa-search-open]").tap()
    assert page.evaluate("document.activeElement.matches('input[data-pufa-search]')")
    assert page.evaluate("scrollY") == before


def test_the_attract_loop_ends_on_a_tap_anywhere(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + "/kiosk/?attract=1")
    attract = page.locator("[data-pufa-attract]")
    assert attract.is_visible()
    page.locator(".pufa-attract__welcome").tap()
    assert not attract.is_visible()
    assert urlsplit(page.url).path == "/kiosk/"


def test_the_link_dialog_closes_on_a_tap_outside_it(open_page, demo_server):
    agency = next(a for a in CATALOG.agencies if a.website)
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + f"/agencies/{agency.id}/")
    page.locator("article").get_by_role("link", name=agency.website).tap()
    dialog = page.locator("[data-pufa-qr-dialog]")
    assert dialog.is_visible()
    page.touchscreen.tap(20, 20)
    assert not dialog.is_visible()
    assert urlsplit(page.url).path == f"/agencies/{agency.id}/"


def test_a_tap_outside_the_idle_question_keeps_the_page(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True, clock=True)
    page.goto(demo_server + PAGE_KINDS["case"])
    page.clock.run_for(91_000)
    idle = page.locator("[data-pufa-idle]")
    assert idle.is_visible()
    page.touchscreen.tap(20, 20)
    assert not idle.is_visible()
    page.clock.run_for(40_000)  # the countdown was stopped: no reset
    assert urlsplit(page.url).path == PAGE_KINDS["case"]


def test_back_returns_to_where_the_reader_was_on_the_page_after_the_article_preview(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    citation = page.locator("article p a.pufa-cite").last
    citation.tap()
    opener = page.locator("[data-pufa-cite-preview]").get_by_role("link", name="打开条文")
    opener.wait_for()
    assert page.evaluate("scrollY") > 500  # far enough down that "the top" would be a different place
    place = citation.bounding_box()["y"]  # where on the screen the reader saw the citation
    opener.tap()
    page.wait_for_url(lambda url: urlsplit(url).path != PAGE_KINDS["explainer"])
    page.locator("[data-pufa-back]").tap()
    page.wait_for_url(lambda url: urlsplit(url).path == PAGE_KINDS["explainer"])
    page.wait_for_load_state("load")
    assert abs(citation.bounding_box()["y"] - place) <= 2
    assert citation.evaluate(ON_TOP_JS)  # and nothing covers it
    # the same page opened anew (not with 返回) starts at its top
    page.locator("[data-pufa-home]").tap()
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")
    page.goto(demo_server + PAGE_KINDS["explainer"])
    assert page.evaluate("scrollY") == 0



def test_a_statutes_history_opens_with_a_60px_tap_and_reads_in_kiosk_size_text(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["law"])  # a statute with 沿革 (its amendments)
    summary = page.locator("article details.pufa-history > summary")
    summary.scroll_into_view_if_needed()
    box = summary.bounding_box()
    assert box["height"] >= 60 and box["width"] >= 60
    summary.tap()
    entry = page.locator("article details.pufa-history li").first
    assert entry.is_visible()
    sizes = [float(el.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) for el in (summary, entry)]
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p:not([class])')).fontSize)")
    assert body >= 28 and sizes == [body, body]

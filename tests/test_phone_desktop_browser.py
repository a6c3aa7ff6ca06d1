"""In Debian's Chromium: what a phone reader and a desktop reader get (issue 13 part 5).
Navigation-tab contrast at desktop width is checked by axe in test_kiosk_browser.py (390, 1280
and 1080×1920 px)."""

from __future__ import annotations

from test_kiosk_browser import CATALOG, PAGE_KINDS, PHONE, PORTRAIT

DESKTOP = {"width": 1280, "height": 800}
# an explainer whose text names the 12348 legal aid line
HOTLINE_PAGE = next(e.url for e in CATALOG.explainers if "12348" in e.body)


def test_hotlines_in_the_text_are_tappable_tel_links_on_a_phone(open_page, demo_server):
    page = open_page(PHONE)
    page.goto(demo_server + HOTLINE_PAGE)
    hotline = page.locator('article a[href="tel:12348"]').first
    assert hotline.inner_text() == "12348"
    assert hotline.is_visible()


def test_a_kiosk_shows_hotlines_as_text_it_cannot_call(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + HOTLINE_PAGE)
    assert "12348" in page.locator("article").inner_text()
    assert page.locator('article a[href^="tel:"]').count() == 0


def test_no_scan_me_block_on_a_phone_but_on_a_desktop(open_page, demo_server):
    phone = open_page(PHONE)
    phone.goto(demo_server + PAGE_KINDS["explainer"])
    assert phone.locator("[data-pufa-page-qr]").count() == 1
    assert not phone.locator("[data-pufa-page-qr]").is_visible()
    desktop = open_page(DESKTOP)
    desktop.goto(demo_server + PAGE_KINDS["explainer"])
    assert desktop.locator("[data-pufa-page-qr]").is_visible()

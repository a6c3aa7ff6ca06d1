"""In Debian's Chromium, by touch at 1080×1920: the kiosk's on-screen pinyin keyboard (issue 13 part 2).

Kiosks have no Chinese input method: a reader taps pinyin letters, the site's own words come up as
candidates, and the search runs on the Chinese word tapped, never on half-typed letters.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from test_kiosk_browser import INTERACTIVE, PAGE_KINDS, PHONE, PORTRAIT, TOO_SMALL_JS, serious_violations

KEYBOARD = "[data-pufa-kiosk-chrome] [data-pufa-keyboard]"
FIELD = "input[data-pufa-search]"

# the middle of the element is on screen and nothing covers it: a reader can see and tap it
UNCOVERED_JS = """el => { const b = el.getBoundingClientRect();
  if (b.bottom <= 0 || b.top >= innerHeight) return false;
  const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  return !!hit && (el === hit || el.contains(hit)); }"""


def START(url: str) -> bool:
    """The start screen as the idle reset opens it."""
    return urlsplit(url).path == "/kiosk/" and "attract=1" in urlsplit(url).query


def key(page, name: str):
    return page.locator(f'{KEYBOARD} [data-pufa-key="{name}"]')


def type_letters(page, letters: str) -> None:
    for letter in letters:
        key(page, letter).tap()


def candidates(page) -> list[str]:
    bar = page.locator(f"{KEYBOARD} [data-pufa-candidate]")
    bar.first.wait_for()
    return bar.all_inner_texts()


def open_keyboard(open_page, demo_server, path: str = PAGE_KINDS["explainer"], **options):
    page = open_page(PORTRAIT, kiosk=True, **options)
    page.goto(demo_server + path)
    page.locator("[data-pufa-search-open]").tap()
    page.locator(KEYBOARD).wait_for(state="visible")
    return page


def test_pinyin_letters_give_the_word_and_searching_finds_pages_about_it(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "lihun")
    assert page.locator(f"{KEYBOARD} [data-pufa-keyboard-letters]").inner_text() == "lihun"
    assert page.locator(FIELD).input_value() == ""  # letters wait beside the keys, not in the box
    assert candidates(page)[0] == "离婚"
    page.locator(f"{KEYBOARD} [data-pufa-candidate]", has_text="离婚").first.tap()
    assert page.locator(FIELD).input_value() == "离婚"
    assert page.locator(f"{KEYBOARD} [data-pufa-keyboard-letters]").is_hidden()  # the letters are gone
    assert page.locator(f"{KEYBOARD} [data-pufa-candidate]").count() == 0
    key(page, "search").tap()
    page.wait_for_url("**/search/**")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["离婚"]
    results = page.locator("[data-pufa-results] [data-pufa-result]")
    results.first.wait_for()
    assert results.first.locator("a mark").all_inner_texts()[0] == "离婚"
    # (pages only: a statute result's link moves to the matching article when its snippet arrives)
    pages = "links => links.map(a => a.href.split('#')[0])"
    found = results.locator("a").evaluate_all(pages)
    # the same pages, in the same order, as a search for 离婚 typed on a hardware keyboard
    page.goto(demo_server + "/search/?q=" + quote("离婚"))
    results.first.wait_for()
    assert results.locator("a").evaluate_all(pages) == found


def test_on_the_search_page_results_come_for_the_word_and_stay_clear_of_the_keyboard(open_page, demo_server):
    page = open_keyboard(open_page, demo_server, "/search/")
    searched = []
    page.on("request", lambda request: "/search/data/s/" in request.url and searched.append(request.url))
    type_letters(page, "gongzi")
    assert candidates(page)[0] == "工资"
    # half-typed letters are no query: nothing was searched and nothing is listed
    assert searched == [] and page.locator("[data-pufa-result]").count() == 0
    page.locator(f"{KEYBOARD} [data-pufa-candidate]", has_text="工资").first.tap()
    first = page.locator("[data-pufa-results] [data-pufa-result] a").first
    first.wait_for()
    assert "工资" in page.locator("[data-pufa-results]").inner_text()
    assert page.locator(KEYBOARD).is_visible()
    assert first.evaluate(UNCOVERED_JS)  # above the keyboard, not under it
    # every result can be scrolled clear of the keyboard, once the snippets (fetched after the list) are in
    expect(page.locator("[data-pufa-snippet][aria-busy=true]")).to_have_count(0)
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")  # as far down as the page goes
    assert page.locator("[data-pufa-results] [data-pufa-result] a").last.evaluate(UNCOVERED_JS)


def test_initials_give_the_long_word(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "lhljq")
    assert candidates(page)[0] == "离婚冷静期"
    page.locator(f"{KEYBOARD} [data-pufa-candidate]").first.tap()
    assert page.locator(FIELD).input_value() == "离婚冷静期"


def test_a_word_the_site_does_not_list_is_built_one_syllable_at_a_time(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "shangbiao")  # 商标: no page's title, topic or keyword has it
    assert "商" in candidates(page)
    page.locator(f"{KEYBOARD} [data-pufa-candidate]", has_text="商").first.tap()
    assert page.locator(FIELD).input_value() == "商"
    assert page.locator(f"{KEYBOARD} [data-pufa-keyboard-letters]").inner_text() == "biao"  # the rest stays typed
    assert "标" in candidates(page)
    page.locator(f"{KEYBOARD} [data-pufa-candidate]", has_text="标").first.tap()
    assert page.locator(FIELD).input_value() == "商标"


def test_digits_go_into_the_box_for_hotlines_and_article_numbers(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    for digit in "12348":
        key(page, digit).tap()
    assert page.locator(FIELD).input_value() == "12348"
    key(page, "delete").tap()
    assert page.locator(FIELD).input_value() == "1234"
    key(page, "clear").tap()
    assert page.locator(FIELD).input_value() == ""


def test_many_candidates_are_paged_with_more(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "f")
    first = candidates(page)
    more = key(page, "more")
    assert more.is_visible() and key(page, "previous").is_hidden()
    more.tap()
    second = page.locator(f"{KEYBOARD} [data-pufa-candidate]").all_inner_texts()
    assert second and not set(second) & set(first)
    key(page, "previous").tap()
    assert page.locator(f"{KEYBOARD} [data-pufa-candidate]").all_inner_texts() == first


def test_every_key_and_candidate_is_at_least_60px(open_page, demo_server):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "fa")
    candidates(page)
    assert key(page, "more").is_visible()
    sizes = page.evaluate("""sel => Array.from(document.querySelectorAll(sel)).filter(b => !b.hidden)
        .map(b => b.getBoundingClientRect()).map(r => [r.width, r.height])""", f"{KEYBOARD} button")
    assert len(sizes) >= 10 + 26 + 5 + 2
    assert all(w >= 60 and h >= 60 for w, h in sizes), sizes
    assert page.evaluate(TOO_SMALL_JS, [INTERACTIVE, 60, False]) == []
    # the whole keyboard is on screen, above the kiosk bar
    board = page.locator(KEYBOARD).bounding_box()
    bar = page.locator("[data-pufa-kiosk-bar]").bounding_box()
    assert board["y"] >= 0 and board["y"] + board["height"] <= bar["y"] + 1


def test_axe_finds_nothing_serious_with_the_keyboard_open(open_page, demo_server):
    page = open_keyboard(open_page, demo_server, "/search/")
    type_letters(page, "fa")
    candidates(page)
    assert key(page, "more").is_visible()
    assert serious_violations(page) == []
    key(page, "clear").tap()
    type_letters(page, "lihun")
    page.locator(f"{KEYBOARD} [data-pufa-candidate]").first.tap()
    page.locator("[data-pufa-results] [data-pufa-result]").first.wait_for()
    assert serious_violations(page) == []


@pytest.mark.parametrize("how", ["close", "escape", "outside"])
def test_close_escape_or_a_tap_outside_closes_the_keyboard(open_page, demo_server, how):
    page = open_keyboard(open_page, demo_server)
    type_letters(page, "li")
    if how == "close":
        key(page, "close").tap()
    elif how == "escape":
        page.keyboard.press("Escape")
    else:
        page.touchscreen.tap(PORTRAIT["width"] / 2, 400)  # the page above the keyboard
    assert page.locator(KEYBOARD).is_hidden()
    assert urlsplit(page.url).path == PAGE_KINDS["explainer"]
    # tapping the box opens it again, with no letters left over
    page.locator(FIELD).tap()
    assert page.locator(KEYBOARD).is_visible()
    assert page.locator(f"{KEYBOARD} [data-pufa-keyboard-letters]").is_hidden()


def test_the_idle_reset_closes_the_keyboard_and_clears_the_box(open_page, demo_server):
    page = open_keyboard(open_page, demo_server, clock=True)
    type_letters(page, "lihun")
    page.locator(f"{KEYBOARD} [data-pufa-candidate]").first.tap()
    type_letters(page, "gong")
    assert page.locator(FIELD).input_value() == "离婚"
    # what the reader's page looks like once every listener of the reset has run (window.name
    # outlives the reset's move to the start screen, as nothing else in the page does)
    page.evaluate("""() => document.addEventListener('pufa-kiosk-reset', () => {
        window.name = JSON.stringify([document.querySelector('[data-pufa-keyboard]').hidden,
                                      document.querySelector('input[data-pufa-search]').value]);
    })""")
    page.clock.run_for(91_000 + 31_000)
    page.wait_for_url(START)
    assert json.loads(page.evaluate("window.name")) == [True, ""]
    assert page.locator(KEYBOARD).is_hidden() and page.locator(FIELD).input_value() == ""


@pytest.mark.parametrize("viewport", [PHONE, PORTRAIT], ids=["phone", "portrait"])
def test_only_kiosk_mode_has_the_on_screen_keyboard(open_page, demo_server, viewport):
    kiosk = open_page(PORTRAIT, kiosk=True)
    kiosk.goto(demo_server + "/search/")
    kiosk.locator(FIELD).tap()
    assert kiosk.locator(KEYBOARD).is_visible()
    assert kiosk.locator(FIELD).get_attribute("inputmode") == "none"  # no second keyboard from the device
    # phones and desktops have their own input method: elder mode, the box tapped, pinyin typed
    page = open_page(viewport)
    page.goto(demo_server + "/search/")
    page.locator("header [data-pufa-elder-toggle]").click()
    page.locator(FIELD).click()
    page.keyboard.type("lihun")
    assert page.locator(KEYBOARD).is_hidden()
    assert page.locator(FIELD).get_attribute("inputmode") is None
    page.locator("[data-pufa-results] [data-pufa-result]").first.wait_for()  # typed pinyin still searches

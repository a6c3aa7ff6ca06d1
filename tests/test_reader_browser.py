"""In Debian's Chromium: what an ordinary reader notices on a phone — the language of every
word on screen, a header whose controls do not cover each other, panels and lists that fit."""

from __future__ import annotations

import pytest

from conftest import REPO
from test_kiosk_browser import PAGE_KINDS, PHONE, visit
from pufa.core.content.loading import load_content

CATALOG = load_content(REPO / "content", REPO).catalog
KINDS = {**PAGE_KINDS, "laws": "/laws/", "cases": "/cases/", "statutes": "/statutes/",
         "consultations": "/consultations/", "calendar": "/calendar/", "report": "/report/",
         "agency-report": "/report/moj/", "feeds": "/feeds/", "not-found": "/404.html"}

# names of formats and tools that have no Chinese name readers would recognise
TECHNICAL = {"RSS", "Atom", "JSON", "Feed", "iCalendar", "JavaScript", "nginx", "git", "YAML", "UTF", "WPS", "Tab",
             "HTML", "PNG", "JPG", "GIF", "WebP", "SVG", "BMP", "MB", "Typora", "VS", "Code"}

# every word a reader sees or hears: text, tooltips, labels, placeholders, alt texts, the
# title; code samples in the editor guide are exempt, and so are search snippets, which
# quote whatever the pages say
WORDS_JS = """() => {
  const words = new Set();
  const note = s => {
    s = s.replace(/https?:\\/\\/\\S+|[\\w.-]+@[\\w.-]+|[\\w.-]+\\.(xml|json|ics|yml|md|html)\\b/g, " ");
    for (const w of s.match(/[A-Za-z]{2,}/g) || []) words.add(w);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!n.parentElement.closest("script, style, code, pre, kbd, svg, template, [data-pufa-results]")) note(n.data);
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]"))
    for (const a of ["title", "aria-label", "placeholder", "alt"]) if (el.hasAttribute(a)) note(el.getAttribute(a));
  note(document.title);
  return [...words].sort();
}"""


def test_every_word_a_reader_meets_is_chinese(open_page, demo_server):
    page = open_page(PHONE)
    english = {}
    for kind, path in KINDS.items():
        visit(page, demo_server + path)
        words = set(page.evaluate(WORDS_JS)) - TECHNICAL
        if words:
            english[kind] = sorted(words)
    assert english == {}


def test_agency_pages_carry_the_full_name_in_title_and_heading(open_page, demo_server):
    page = open_page(PHONE)
    for agency in CATALOG.agencies:
        page.goto(f"{demo_server}/agencies/{agency.id}/")
        heading = page.get_by_role("heading", level=1).inner_text().removesuffix("¶").strip()
        assert (page.title(), heading) == (f"{agency.name} - 普法在线", agency.name)


# the header's controls side by side: menu, search box and button, 适老模式
HEADER_JS = """() => [...document.querySelectorAll(
    "header label[for=__drawer], header [data-pufa-search], header .pufa-header-search button, header [data-pufa-elder-toggle]")]
  .filter(el => el.checkVisibility()).map(el => {
    const b = el.getBoundingClientRect();
    return {name: el.getAttribute("aria-label") || el.innerText.trim() || el.tagName, left: b.left, right: b.right};
  })"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_header_controls_stay_on_screen_and_apart_on_phones(open_page, demo_server, width, elder):
    page = open_page({"width": width, "height": 844})
    page.goto(demo_server + "/")
    if elder:
        page.locator("header [data-pufa-elder-toggle]").click()
    for path in ("/", PAGE_KINDS["explainer"]):
        page.goto(demo_server + path)
        boxes = page.evaluate(HEADER_JS)
        assert len(boxes) == 4, boxes
        for box in boxes:
            assert 0 <= box["left"] and box["right"] <= width + 0.5, box
        for left, right in zip(boxes, boxes[1:]):
            assert left["right"] <= right["left"] + 0.5, (left, right)


# a phone's first screens: the text, not a column of labels; tiles and tables that fit


# the bottom of each label's first line against its value's, text to text (links are tall boxes)
LEVEL_JS = """() => [...document.querySelectorAll("[data-pufa-meta] dt")].map(dt => {
  const firstLine = el => {
    const range = document.createRange();
    range.selectNodeContents(document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode());
    return range.getClientRects()[0].bottom;
  };
  return [dt.innerText, Math.abs(firstLine(dt) - firstLine(dt.nextElementSibling))];
})"""


def test_on_a_phone_metadata_labels_sit_beside_their_values(open_page, demo_server):
    page = open_page(PHONE)
    for kind in ("explainer", "case"):
        visit(page, demo_server + PAGE_KINDS[kind])
        page.locator("[data-pufa-meta] > summary").click()  # folded on phones (test_meta_fold_browser.py)
        rows = page.evaluate(LEVEL_JS)
        assert len(rows) >= 6, kind
        assert [label for label, gap in rows if gap > 1] == [], kind
        assert page.locator("[data-pufa-meta]").bounding_box()["height"] < PHONE["height"], kind


def test_in_elder_mode_metadata_labels_are_level_with_their_values(open_page, demo_server):
    page = open_page({"width": 1280, "height": 800})
    page.goto(demo_server + "/")
    page.locator("header [data-pufa-elder-toggle]").click()
    visit(page, demo_server + PAGE_KINDS["explainer"])
    rows = page.evaluate(LEVEL_JS)
    assert len(rows) >= 6 and [label for label, gap in rows if gap > 1] == []


def test_on_a_phone_topic_tiles_come_two_a_row(open_page, demo_server):
    page = open_page(PHONE)
    visit(page, demo_server + "/")
    tops = page.evaluate("[...document.querySelectorAll('[data-pufa-tiles] a')].map(a => a.getBoundingClientRect().top)")
    assert len(tops) >= 4 and tops[0] == tops[1] and tops[2] == tops[3] and tops[1] < tops[2]


def test_on_a_phone_no_table_hides_columns_off_to_the_side(open_page, demo_server):
    page = open_page(PHONE)
    hidden = {}
    for kind in ("agency", "report", "agency-report", "feeds"):
        visit(page, demo_server + KINDS[kind])
        widths = page.evaluate("""() => [...document.querySelectorAll("article table")].map(t => {
          const box = t.closest(".md-typeset__scrollwrap") || t.parentElement;
          return [box.scrollWidth, box.clientWidth]; })""")
        assert widths, kind
        if any(scroll > client + 1 for scroll, client in widths):
            hidden[kind] = widths
    assert hidden == {}

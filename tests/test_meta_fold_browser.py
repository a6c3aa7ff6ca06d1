"""In Debian's Chromium: on a phone the answer comes first (issue #13). An explainer's summary and
要点, and a case's summary, come before the metadata, which is folded behind a clear Chinese toggle
that keyboard and touch open; wide screens, print and kiosk mode show it open, elder mode readably."""

from __future__ import annotations

import pytest

from pufa.core.content.fields import STATUS_DRAFT

from test_kiosk_browser import PAGE_KINDS, PHONE, PORTRAIT, serious_violations, visit
from test_reader_browser import CATALOG, LEVEL_JS

DESKTOP = {"width": 1280, "height": 800}
TOGGLES = {"explainer": "法律依据与发布信息", "case": "案件信息与法律依据"}
PUBLISHED = [("explainer", e.url, bool(e.rights or e.obligations or e.remedies))
             for e in CATALOG.explainers if e.status != STATUS_DRAFT] + \
            [("case", c.url, False) for c in CATALOG.cases if c.status != STATUS_DRAFT]

# where the parts of a page are, in page coordinates, and whether the metadata's rows are shown
LAYOUT_JS = """() => {
  const top = el => el ? el.getBoundingClientRect().top + scrollY : null;
  const meta = document.querySelector("article [data-pufa-meta]");
  const points = [...document.querySelectorAll("article .pufa-point")];
  const toggle = meta.querySelector(":scope > summary");
  return {
    summary: top(document.querySelector("article .pufa-summary")),
    points: points.length ? top(points[0]) : null,
    pointsEnd: points.length ? points.at(-1).getBoundingClientRect().bottom + scrollY : null,
    meta: top(meta),
    // a comment period or an outdated-review warning comes before the 要点: the reader must see it
    notices: [...document.querySelectorAll("article [data-pufa-comment], article [data-pufa-review-outdated]")]
      .reduce((sum, el) => sum + el.getBoundingClientRect().height, 0),
    tag: meta.tagName.toLowerCase(),
    open: meta.open === true,
    toggle: toggle && toggle.checkVisibility() ? toggle.innerText.trim() : null,
    rows: [...meta.querySelectorAll("dd")].filter(dd => dd.checkVisibility()).length,
  };
}"""


def layout(page) -> dict:
    return page.evaluate(LAYOUT_JS)


def test_on_a_phone_summary_and_key_points_come_first_and_the_metadata_is_folded(open_page, demo_server):
    page = open_page(PHONE)
    late, unfolded = {}, {}
    for kind, url, has_points in PUBLISHED:
        visit(page, demo_server + url)
        where = layout(page)
        # the summary, and an explainer's first 要点, start within the first screen (below any notice)
        first = [where["summary"]] + ([where["points"] - where["notices"]] if has_points else [])
        if not all(top is not None and top < PHONE["height"] for top in first):
            late[url] = where
        if has_points and not where["meta"] > where["pointsEnd"]:
            late[url] = where
        if (where["tag"], where["open"], where["toggle"], where["rows"]) != ("details", False, TOGGLES[kind], 0):
            unfolded[url] = where
    assert late == {} and unfolded == {}
    assert any(has_points for _, _, has_points in PUBLISHED)


def test_the_folded_metadata_opens_from_the_keyboard(open_page, demo_server):
    page = open_page(PHONE)
    visit(page, demo_server + PAGE_KINDS["explainer"])
    for _ in range(200):  # Tab through the page, as a keyboard user does, until the toggle has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-pufa-meta] > summary')"):
            break
    else:
        pytest.fail("the metadata toggle cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert layout(page)["open"] and layout(page)["rows"] >= 6
    page.keyboard.press("Space")
    assert not layout(page)["open"] and layout(page)["rows"] == 0


def test_the_folded_metadata_opens_with_a_tap_and_its_toggle_is_touch_sized(browser, demo_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        for kind in ("explainer", "case"):
            visit(page, demo_server + PAGE_KINDS[kind])
            toggle = page.locator("[data-pufa-meta] > summary")
            box = toggle.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (kind, box)
            toggle.tap()
            where = layout(page)
            assert where["open"] and where["rows"] >= 6, kind
            # opened, the labels still sit level with their values
            assert [label for label, gap in page.evaluate(LEVEL_JS) if gap > 1] == [], kind
    finally:
        context.close()


@pytest.mark.parametrize("where", ["desktop", "print", "kiosk"])
def test_wide_screens_print_and_kiosk_mode_show_the_metadata_open(open_page, demo_server, where):
    page = open_page({"desktop": DESKTOP, "print": PHONE, "kiosk": PORTRAIT}[where], kiosk=where == "kiosk")
    if where == "print":
        page.emulate_media(media="print")
    for kind in ("explainer", "case"):
        visit(page, demo_server + PAGE_KINDS[kind])
        shown = layout(page)
        assert shown["rows"] >= 6 and shown["toggle"] is None, (kind, shown)


def test_in_elder_mode_on_a_phone_the_toggle_is_large_and_the_rows_readable(open_page, demo_server):
    page = open_page(PHONE)
    page.goto(demo_server + "/")
    page.locator("header [data-pufa-elder-toggle]").click()
    visit(page, demo_server + PAGE_KINDS["explainer"])
    toggle = page.locator("[data-pufa-meta] > summary")
    assert toggle.bounding_box()["height"] >= 60
    toggle.click()
    assert layout(page)["rows"] >= 6
    # 24 px type: each label above its value (pufa.css), every row within the screen's width
    rows = page.evaluate("""() => [...document.querySelectorAll("[data-pufa-meta] dt")].map(dt => {
      const label = dt.getBoundingClientRect(), value = dt.nextElementSibling.getBoundingClientRect();
      return [dt.innerText, value.top >= label.bottom - 1 && Math.max(label.right, value.right) <= innerWidth];
    })""")
    assert len(rows) >= 6 and [label for label, fits in rows if not fits] == []
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-pufa-meta] dd')).fontSize)")
    assert size >= 20


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_axe_finds_no_serious_violation_with_the_metadata_folded_or_open(open_page, demo_server, viewport):
    page = open_page(viewport)
    found = {}
    for kind in ("explainer", "case"):
        visit(page, demo_server + PAGE_KINDS[kind])
        found[f"{kind} as loaded"] = serious_violations(page)
        page.evaluate("document.querySelector('[data-pufa-meta]').open = true")
        found[f"{kind} opened"] = serious_violations(page)
    assert {k: v for k, v in found.items() if v} == {}

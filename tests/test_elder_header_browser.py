"""In Debian's Chromium on 320 and 390 px phones: the 适老模式 button fits the header in both modes
and says its state in words (issue 13 part 5). Screenshots go to test-artifacts/elder-header/."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from test_kiosk_browser import PAGE_KINDS, visit

ARTIFACTS = REPO / "test-artifacts" / "elder-header"
# whatever covers the button's centre or cuts its text off, a reader cannot read or tap it
SHOWN_JS = """el => { const b = el.getBoundingClientRect();
  const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  return {left: b.left, right: b.right, width: b.width, height: b.height,
          onTop: !!hit && (el === hit || el.contains(hit)), clipped: el.scrollWidth > el.clientWidth + 0.5,
          pageWidth: document.documentElement.scrollWidth, words: el.innerText.trim(),
          pressed: el.getAttribute("aria-pressed")}; }"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("elder", [False, True], ids=["public", "elder"])
def test_the_elder_mode_button_fits_a_phone_header_and_says_its_state(open_page, demo_server, width, elder):
    page = open_page({"width": width, "height": 800})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(demo_server + "/")
    if elder:
        page.locator("header [data-pufa-elder-toggle]").click()
    problems = {}
    for kind in ("home", "explainer", "law", "search"):
        visit(page, demo_server + PAGE_KINDS[kind])
        page.locator("header").screenshot(path=ARTIFACTS / f"{kind}-{width}-{'elder' if elder else 'public'}.png")
        shown = page.locator("header [data-pufa-elder-toggle]").evaluate(SHOWN_JS)
        wrong = []
        if shown["left"] < 0 or shown["right"] > width or not shown["onTop"] or shown["clipped"]:
            wrong.append(f"not wholly shown: {shown}")
        if min(shown["width"], shown["height"]) < (60 if elder else 44) - 0.5:
            wrong.append(f"{shown['width']:.0f}×{shown['height']:.0f} px")
        if shown["pageWidth"] > width:
            wrong.append(f"page {shown['pageWidth']} px wide")
        # 适老模式：开, or on a narrow phone 适老模式 above 开
        if re.sub(r"[\s：]", "", shown["words"]) != ("适老模式开" if elder else "适老模式关"):
            wrong.append(f"says {shown['words']!r}")
        if shown["pressed"] != ("true" if elder else "false"):
            wrong.append(f"aria-pressed={shown['pressed']}")
        if wrong:
            problems[kind] = wrong
    assert problems == {}


def test_the_elder_mode_button_keeps_its_name_and_says_the_new_state_when_tapped(open_page, demo_server):
    page = open_page({"width": 390, "height": 844})
    page.goto(demo_server + PAGE_KINDS["explainer"])
    toggle = page.get_by_role("button", name="适老模式")
    assert toggle.inner_text().split() == ["适老模式", "关"]  # a phone: the state on its own line
    toggle.click()
    assert toggle.inner_text().split() == ["适老模式", "开"]
    assert toggle.get_attribute("aria-pressed") == "true"

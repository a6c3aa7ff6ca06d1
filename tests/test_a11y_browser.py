"""In Debian's Chromium: what the public site gives every reader, on a phone and a desktop.

Touch targets of every control a reader can see and hit (44×44 CSS px, 60×60 in elder mode),
text resized to 200% and WCAG 1.4.12 text spacing without loss, titles and language, the skip
link, and no time limit or pop-up on the public site. Screenshots go to test-artifacts/a11y/.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import REPO
from test_kiosk_browser import INTERACTIVE, PAGE_KINDS, PHONE, open_page, visit  # noqa: F401 (fixture)

ARTIFACTS = REPO / "test-artifacts" / "a11y"
DESKTOP = {"width": 1280, "height": 800}
KINDS = {**PAGE_KINDS, "calendar": "/calendar/", "feeds": "/feeds/", "report": "/report/", "not-found": "/404.html"}

# What a reader can aim at: rendered, not transparent (Material's ¶ permalinks and the skip
# link show only on hover or keyboard focus), inside the page or scrollable into view (not in
# a closed drawer off-canvas), and on top where it is (not under the open drawer's overlay).
# Links inside running text are exempt: WCAG 2.5.8's inline exception, their height is the line's.
TARGETS_JS = """([selector, minimum]) => {
  const measured = [], small = [];
  const x = scrollX, y = scrollY;
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    // a label counts only where it stands in for a hidden control (Material's menu and toggles)
    if (el.tagName === "LABEL" && el.control && el.control.checkVisibility()) continue;
    const text = (el.innerText || "").trim();
    if (getComputedStyle(el).display === "inline" && el.parentElement.innerText.trim().length > text.length) continue;
    if (el.getBoundingClientRect().width === 0) continue;
    el.scrollIntoView({block: "center", inline: "nearest"});
    const box = el.getBoundingClientRect();
    const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    if (cx < 0 || cx >= innerWidth || cy < 0 || cy >= innerHeight) continue;  // off-canvas
    const hit = document.elementFromPoint(cx, cy);
    if (!hit || !(el.contains(hit) || hit.contains(el))) continue;  // covered
    const name = `${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]} "${(text || el.getAttribute("aria-label") || el.title || "").slice(0, 20)}"`;
    measured.push(name);
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) small.push(`${name} ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  scrollTo(x, y);
  return {measured: measured.length, small};
}"""


def too_small(page, minimum: int, where: str, found: dict) -> int:
    """Measure the targets now on screen; records the small ones under `where`, returns how many were measured."""
    result = page.evaluate(TARGETS_JS, [INTERACTIVE, minimum])
    if result["small"]:
        found[where] = result["small"]
    return result["measured"]


def report(small: dict) -> str:
    return "targets too small:\n" + "\n".join(f"{where}: {', '.join(sorted(set(items)))}" for where, items in small.items())


def settle(page) -> None:
    """Wait until Material's drawer and menu sections have finished sliding in."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def measure_all_states(page, demo_server: str, viewport: dict, minimum: int, tag: str) -> dict:
    """Every page kind as loaded; on a phone also with the drawer and one of its sections open;
    on the longest page the back-to-top button that appears when the reader scrolls up."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found: dict = {}
    for kind, path in KINDS.items():
        visit(page, demo_server + path)
        page.screenshot(path=ARTIFACTS / f"{tag}-{kind}-{viewport['width']}.png")
        assert too_small(page, minimum, kind, found) >= 5, kind  # the measure found the page's controls
        if viewport["width"] < 1000:
            page.locator("header label[for=__drawer]").click()
            settle(page)
            assert too_small(page, minimum, f"{kind}, menu open", found) >= 5, kind
            page.screenshot(path=ARTIFACTS / f"{tag}-{kind}-{viewport['width']}-menu.png")
            if kind == "home":  # elsewhere the menu opens at the page's own section, measured above
                page.locator(".md-sidebar--primary label.md-nav__link[for^=__nav_]").first.click()
                settle(page)
                assert too_small(page, minimum, "home, menu section open", found) >= 5
    visit(page, demo_server + PAGE_KINDS["guide"])
    page.mouse.wheel(0, 3000)
    page.wait_for_function("scrollY > 1000")
    page.mouse.wheel(0, -300)
    top = page.locator("[data-md-component=top]")
    top.wait_for(state="visible")
    settle(page)
    box = top.bounding_box()
    if box["width"] < minimum - 0.5 or box["height"] < minimum - 0.5:
        found["back to top"] = [f"{round(box['width'])}×{round(box['height'])}"]
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_control_a_reader_can_see_is_at_least_44px(open_page, demo_server, viewport):
    page = open_page(viewport)
    small = measure_all_states(page, demo_server, viewport, 44, "public")
    assert not small, report(small)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_in_elder_mode_every_control_a_reader_can_see_is_at_least_60px(open_page, demo_server, viewport):
    page = open_page(viewport)
    page.goto(demo_server + "/")
    page.locator("header [data-pufa-elder-toggle]").click()
    small = measure_all_states(page, demo_server, viewport, 60, "elder")
    assert not small, report(small)

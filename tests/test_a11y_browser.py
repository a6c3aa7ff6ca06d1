"""In Debian's Chromium: what the public site gives every reader, on a phone and a desktop.

Touch targets of every control a reader can see and hit (44×44 CSS px, 60×60 in elder mode),
text resized to 200% and WCAG 1.4.12 text spacing without loss, titles and language, the skip
link, and no time limit or pop-up on the public site. Screenshots go to test-artifacts/a11y/.
"""

from __future__ import annotations

import re

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, REPO
from test_kiosk_browser import INTERACTIVE, PAGE_KINDS, PHONE, visit

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
    on a long page the back-to-top button that appears when the reader scrolls up."""
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


# GB/T 37668 and WCAG 2.4.2 / 3.1.1: every page says what it is, in which language


def test_every_page_has_its_own_title_and_declares_chinese(demo_site):
    titles: dict[str, list[str]] = {}
    for page in sorted(demo_site.site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1).strip()
        titles.setdefault(title, []).append(page.relative_to(demo_site.site).as_posix())
        assert re.search(r'<html[^>]* lang="zh', text), page
    home = "普法在线"
    assert titles.pop(home) == ["index.html"]
    assert all(title.endswith(" - " + home) and len(title) > len(home) + 3 for title in titles)
    assert {title: pages for title, pages in titles.items() if len(pages) > 1} == {}


# WCAG 1.4.4, 1.4.12 and the MIIT spec's larger text: nothing is cut off or needs sideways scrolling


LOST_JS = """() => {
  // text cut off: a box that hides overflow while its content is bigger than it
  const lost = [];
  for (const el of document.querySelectorAll("body *")) {
    // shown only later (Material's page title in the header appears on scrolling)
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true}) || !(el.innerText || "").trim()) continue;
    const box = el.getBoundingClientRect();
    if (box.right <= 0 || box.left >= innerWidth) continue;  // the closed menu drawer, off-canvas
    const style = getComputedStyle(el);
    const hidesX = /hidden|clip/.test(style.overflowX), hidesY = /hidden|clip/.test(style.overflowY);
    if ((hidesX && el.scrollWidth > el.clientWidth + 1) || (hidesY && el.scrollHeight > el.clientHeight + 1))
      lost.push(`${el.tagName.toLowerCase()}.${String(el.className).split(" ")[0]} "${el.innerText.trim().slice(0, 20)}"`);
  }
  return {lost, sideways: document.documentElement.scrollWidth > innerWidth};
}"""

# the bookmarklet spacing of WCAG 1.4.12, which a reader's style sheet may apply
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""


def losses(page, demo_server: str, restyle=None) -> dict:
    """Page kinds where text is cut off (that was whole before `restyle`) or the page scrolls sideways."""
    found = {}
    for kind, path in KINDS.items():
        visit(page, demo_server + path)
        before = set(page.evaluate(LOST_JS)["lost"]) if restyle else set()
        if restyle:
            restyle(page)
        after = page.evaluate(LOST_JS)
        new = sorted(set(after["lost"]) - before)
        if new or after["sideways"]:
            found[kind] = {"cut off": new, "scrolls sideways": after["sideways"]}
    return found


def test_text_at_twice_the_size_loses_nothing(browser, demo_server, tmp_path):
    # the reader's browser set to 32 px text instead of 16 (Chromium's font size setting, as
    # its settings page stores it), in a 1280×800 window
    (tmp_path / "Default").mkdir()
    (tmp_path / "Default" / "Preferences").write_text('{"webkit": {"webprefs": {"default_font_size": 32}}}')
    context = browser.browser_type.launch_persistent_context(
        tmp_path, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=DESKTOP, locale="zh-CN")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(demo_server)
                  else route.abort())
    page = context.pages[0] if context.pages else context.new_page()
    try:
        visit(page, demo_server + "/")
        assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)") >= 32
        assert losses(page, demo_server) == {}
        page.screenshot(path=ARTIFACTS / "text-200-1280.png")
        assert page.locator("header [data-pufa-elder-toggle]").is_visible()
    finally:
        context.close()


def test_page_zoom_at_200_percent_loses_nothing(browser, demo_server):
    # Ctrl + to 200% on a 1280×800 window: 640×400 CSS px at two device pixels each
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    try:
        found = {}
        for kind, path in KINDS.items():
            visit(page, demo_server + path)
            result = page.evaluate(LOST_JS)
            if result["sideways"]:
                found[kind] = result
        assert found == {}
        assert page.locator("header [data-pufa-elder-toggle]").is_visible()
    finally:
        context.close()


def test_wider_text_spacing_loses_nothing(open_page, demo_server):
    page = open_page(PHONE)  # the narrow screen, where wider text has least room
    assert losses(page, demo_server, lambda p: p.add_style_tag(content=TEXT_SPACING)) == {}


def test_elder_mode_paragraphs_are_further_apart_than_lines(open_page, demo_server):
    # MIIT 适老化: paragraph spacing at least 1.3 times the line spacing
    page = open_page(PHONE)
    page.goto(demo_server + "/")
    page.locator("header [data-pufa-elder-toggle]").click()
    visit(page, demo_server + PAGE_KINDS["explainer"])
    spacing = page.evaluate("""() => {
      const [first, next] = [...document.querySelectorAll("article p:not([class]) + p:not([class])")]
        .map(p => [p.previousElementSibling, p])[0];
      const line = parseFloat(getComputedStyle(first).lineHeight);
      // baseline to baseline across the paragraph break, against baseline to baseline within one
      return [next.getBoundingClientRect().top - first.getBoundingClientRect().bottom + line, line];
    }""")
    assert spacing[0] >= 1.3 * spacing[1], spacing


# keyboard: a way past the header and navigation (WCAG 2.4.1)


def test_first_tab_shows_a_skip_link_that_moves_to_the_content(open_page, demo_server):
    page = open_page(DESKTOP)
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.inner_text() == "跳转至", kind
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        box = skip.bounding_box()
        assert box and box["y"] >= 0 and box["x"] >= 0, kind
        target = skip.get_attribute("href")
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash !== ''")
        heading = page.locator(f"[id='{target[1:]}']")
        assert heading.is_visible() and heading.evaluate("el => el.closest('article') !== null"), kind


# no time limits and nothing that opens by itself on the public site (WCAG 2.2.1, MIIT: no pop-ups)


def test_public_pages_never_time_out_or_pop_up_anything(open_page, demo_server):
    page = open_page(PHONE, clock=True)
    for kind in ("home", "explainer", "search"):
        visit(page, demo_server + PAGE_KINDS[kind])
        address = page.url
        page.clock.run_for(30 * 60_000)
        shown = page.evaluate("""() => [...document.querySelectorAll('dialog, [role=dialog], [role=alertdialog]')]
                                 .filter(el => el.checkVisibility()).map(el => el.outerHTML.slice(0, 80))""")
        assert (page.url, shown) == (address, []), kind

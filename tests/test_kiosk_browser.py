"""In Debian's Chromium: kiosk mode on a touchscreen, elder mode and accessibility of every page kind.

Screenshots of every page kind in kiosk mode at both kiosk resolutions go to test-artifacts/kiosk/.
"""

from __future__ import annotations

import base64
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REPO, stop_clock
from pufa.render.kiosk_start import common_questions
from pufa.core.content.loading import load_content

CATALOG = load_content(REPO / "content", REPO).catalog
ARTIFACTS = REPO / "test-artifacts" / "kiosk"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
TEXT = "article p:not([class]), article li"  # body text, not summaries or captions


def _url(src_uri: str) -> str:
    return "/" + src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"


def _page_kinds() -> dict[str, str]:
    explainer = next(e for e in CATALOG.explainers if CATALOG.cases_for(e))
    law = next(law for law in CATALOG.laws() if law.explainers and law.cases)
    return {
        "home": "/",
        "kiosk-start": "/kiosk/",
        "agency": f"/agencies/{explainer.agency}/",
        "explainer": explainer.url,
        "case": CATALOG.cases_for(explainer)[0].url,
        "topic": f"/topics/{explainer.topics[0]}/",
        "law": _url(law.src_uri),
        "guide": "/guide/",
        "search": "/search/?q=" + quote("离婚冷静期"),
    }


PAGE_KINDS = _page_kinds()

def visit(page, url: str) -> None:
    """Open a page; on the search page, wait until its results are shown."""
    page.goto(url)
    if "/search/" in url:
        page.locator("[data-pufa-results] [data-pufa-result]").first.wait_for()


# every element a reader can tap, click or tab to
INTERACTIVE = ('a[href], button, input:not([type="hidden"]), select, textarea, summary, label[for], '
               '[role="button"], [role="link"], [tabindex]:not([tabindex="-1"])')

TOO_SMALL_JS = """([selector, minimum, inlineExempt]) => {
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    // a label counts only where it stands in for a hidden control (Material's menu and search toggles)
    if (el.tagName === "LABEL" && el.control && el.control.checkVisibility()) continue;
    // WCAG 2.5.5's exception: a link inside a sentence is as tall as the line it sits in
    if (inlineExempt && getComputedStyle(el).display === "inline") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // nothing there to see or tap
    // shown only on hover or focus: a touch reader would never find it
    const faded = !el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    if (faded || box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.innerText || el.value || "").trim().slice(0, 30)}" `
                 + `${Math.round(box.width)}×${Math.round(box.height)}${faded ? " (hidden until hover)" : ""}`);
    }
  }
  return found;
}"""


# kiosk mode: touch targets, layout, screenshots


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_visible_control_in_kiosk_mode_is_at_least_60px_and_needs_no_hover(open_page, demo_server, viewport):
    page = open_page(viewport, kiosk=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    offenders = {}
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        page.screenshot(path=ARTIFACTS / f"{kind}-{viewport['width']}x{viewport['height']}.png")
        too_small = page.evaluate(TOO_SMALL_JS, [INTERACTIVE, 60, False])
        if too_small:
            offenders[kind] = too_small
        # back and home are on screen wherever the reader has scrolled to
        page.mouse.wheel(0, 5000)
        for hook in ("[data-pufa-back]", "[data-pufa-home]"):
            box = page.locator(hook).bounding_box()
            assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (kind, hook)
    assert offenders == {}


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_kiosk_pages_fit_the_screen_width_and_use_large_type(open_page, demo_server, viewport):
    page = open_page(viewport, kiosk=True)
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], kind
        size = page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{TEXT}')).fontSize)")
        assert size >= 28, (kind, size)


def test_kiosk_start_screen_offers_questions_topics_and_agencies_as_buttons(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    questions = page.locator("[data-pufa-questions] a")
    assert questions.count() == len(common_questions(CATALOG)) > 0
    assert page.locator("[data-pufa-tiles] a").count() == len(CATALOG.topics)
    assert page.locator("[data-pufa-agency-tiles] a").count() == len(CATALOG.agencies)
    question, explainer = common_questions(CATALOG)[0]
    page.locator("[data-pufa-questions]").get_by_role("link", name=question).click()
    page.wait_for_url("**" + explainer.url)


def test_citation_preview_on_first_tap_is_touch_sized_in_kiosk_mode(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    citation = page.locator("article p a.pufa-cite").first
    citation.scroll_into_view_if_needed()
    citation.tap()
    preview = page.locator(".pufa-cite-preview")
    preview.wait_for(state="visible")
    assert urlsplit(page.url).path == PAGE_KINDS["explainer"]
    assert page.evaluate(TOO_SMALL_JS, [INTERACTIVE, 60, False]) == []


def test_kiosk_blocks_selection_and_long_press_menus(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    assert page.evaluate("getComputedStyle(document.body).userSelect") == "none"
    prevented = page.evaluate("""() => {
        const event = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
        return !document.querySelector('article').dispatchEvent(event);
    }""")
    assert prevented


def test_back_and_home_in_kiosk_bar(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True)
    explainer = common_questions(CATALOG)[0][1]
    page.locator("[data-pufa-questions] a").first.click()
    page.wait_for_url("**" + explainer.url)
    page.locator("[data-pufa-back]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")
    page.goto(demo_server + PAGE_KINDS["case"])
    page.locator("[data-pufa-home]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")


def test_link_leaving_the_site_shows_a_qr_code_instead_of_navigating(open_page, demo_server):
    agency = next(a for a in CATALOG.agencies if a.website)
    page = open_page(PORTRAIT, kiosk=True)
    page.goto(demo_server + f"/agencies/{agency.id}/")
    page.locator("article").get_by_role("link", name=agency.website).click()
    dialog = page.locator("[data-pufa-qr-dialog]")
    assert dialog.is_visible()
    assert urlsplit(page.url).path == f"/agencies/{agency.id}/"
    assert dialog.locator("[data-pufa-qr-url]").inner_text() == agency.website
    image = dialog.locator("[data-pufa-qr-image]")
    image.wait_for(state="visible")  # the code of the address the script computed, once the index is read
    image.evaluate("img => img.decode()")
    assert decode_qr(page, image) == agency.website
    dialog.get_by_role("button", name="关闭").click()
    assert not dialog.is_visible()


@pytest.mark.parametrize("kind", ["home", "explainer", "law"])
def test_every_page_shows_a_qr_code_of_its_public_address(open_page, demo_server, kind):
    page = open_page(LANDSCAPE, kiosk=True)
    page.goto(demo_server + PAGE_KINDS[kind])
    code = page.locator("[data-pufa-page-qr] svg")
    assert code.is_visible()
    public = page.evaluate("document.querySelector('link[rel=canonical]').href")
    assert decode_qr(page, code) == public
    assert urlsplit(public).path == urlsplit(page.url).path


# idle reset, with the page's clock under the test's control


def test_idle_kiosk_asks_then_returns_to_the_start_screen_and_forgets_the_reader(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True, clock=True)
    stop_clock(page)  # the checks below are a second apart: only run_for moves time
    page.locator("[data-pufa-questions] a").first.click()
    page.wait_for_load_state()
    page.evaluate("sessionStorage.setItem('left-by-reader', '1')")
    search = page.locator("input[data-pufa-search]").first
    search.fill("离婚")
    page.mouse.wheel(0, 1500)
    page.wait_for_function("scrollY > 0")
    read = page.url

    page.clock.run_for(89_000)
    dialog = page.locator("[data-pufa-idle]")
    assert not dialog.is_visible()
    page.clock.run_for(1_000)
    assert dialog.is_visible()
    assert "还在使用吗？" in dialog.inner_text()
    assert dialog.locator("[data-pufa-countdown]").inner_text() == "30"
    page.clock.run_for(20_000)
    assert dialog.locator("[data-pufa-countdown]").inner_text() == "10"
    assert page.url == read  # still the reader's page while the question stands

    with page.expect_navigation():
        page.clock.run_for(10_000)
    assert urlsplit(page.url).path == "/kiosk/"
    assert page.evaluate("sessionStorage.getItem('left-by-reader')") is None
    assert page.evaluate("scrollY") == 0
    assert page.locator("input[data-pufa-search]").first.input_value() == ""
    assert page.locator("[data-pufa-attract]").is_visible()
    # the start screen replaced the reader's page: "back" goes nowhere near it
    page.locator("[data-pufa-attract-start]").click()
    page.locator("[data-pufa-back]").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/kiosk/"


def test_answering_the_idle_question_keeps_the_page(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True, clock=True)
    page.goto(demo_server + PAGE_KINDS["case"])
    page.clock.run_for(91_000)
    dialog = page.locator("[data-pufa-idle]")
    dialog.get_by_role("button", name="继续使用").click()
    assert not dialog.is_visible()
    page.clock.run_for(60_000)
    assert urlsplit(page.url).path == PAGE_KINDS["case"]
    assert not dialog.is_visible()


def test_attract_loop_cycles_and_can_be_paused(open_page, demo_server):
    page = open_page(LANDSCAPE, clock=True)
    stop_clock(page)  # a card every 8 s: only run_for moves time
    page.goto(demo_server + "/kiosk/?kiosk=1&attract=1")
    cards = page.locator("[data-pufa-attract-card]")
    assert cards.count() >= 2
    first = cards.first.inner_text()
    shown = page.locator("[data-pufa-attract-card]:visible")
    assert shown.inner_text() == first
    page.clock.run_for(8_500)
    assert shown.inner_text() == cards.nth(1).inner_text()
    page.get_by_role("button", name="暂停轮播").click()
    page.clock.run_for(30_000)
    assert shown.inner_text() == cards.nth(1).inner_text()
    page.locator("[data-pufa-attract-start]").click()
    assert not page.locator("[data-pufa-attract]").is_visible()
    assert page.locator("[data-pufa-questions]").is_visible()


# elder mode on the public site


@pytest.mark.parametrize("elder", [False, True], ids=["public", "elder"])
def test_pages_reflow_to_320px_without_sideways_scrolling(open_page, demo_server, elder):
    page = open_page({"width": 320, "height": 640})
    if elder:
        page.goto(demo_server + "/")
        page.locator("header [data-pufa-elder-toggle]").click()
    wide = {}
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[kind] = width
    assert wide == {}


def test_elder_mode_from_the_header_enlarges_text_and_persists(open_page, demo_server):
    page = open_page(PHONE)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    toggle = page.locator("header [data-pufa-elder-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(demo_server + PAGE_KINDS["case"])
    style = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('article p:not([class])'));
        return [parseFloat(s.fontSize), parseFloat(s.lineHeight)];
    }""")
    assert style[0] >= 24 and style[1] / style[0] >= 1.3
    assert page.locator("header [data-pufa-elder-toggle]").get_attribute("aria-pressed") == "true"
    page.locator("header [data-pufa-elder-toggle]").click()
    page.reload()
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p:not([class])')).fontSize)") < 24


# keyboard: every stop shows where it is, the elder-mode button comes early


FOCUS_JS = """() => {
  // one read of activeElement: focus leaving the page (body) between two reads was a race
  const el = document.activeElement;
  if (el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {name: `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`,
          ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          inView: box.bottom > 0 && box.top < innerHeight, elder: el.hasAttribute('data-pufa-elder-toggle')};
}"""


def test_keyboard_focus_is_always_visible_and_reaches_elder_mode_early(open_page, demo_server):
    page = open_page({"width": 1280, "height": 800})
    problems = {}
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS_JS)
            if stop is None:
                break  # past the last stop, focus leaves the page
            stops.append(stop)
        bad = [stop["name"] for stop in stops if not (stop["ring"] and stop["inView"])]
        elder = next((i for i, stop in enumerate(stops) if stop["elder"]), None)
        if bad or elder is None or elder > 8:
            problems[kind] = {"no visible focus": bad, "elder toggle at stop": elder}
    assert problems == {}


# page weight: what a cold browser downloads, from its own network log


@pytest.mark.parametrize(("mode", "kind"), [("kiosk", "kiosk-start"), ("kiosk", "explainer"), ("kiosk", "law"),
                                            ("public", "home"), ("public", "explainer"), ("public", "law")])
def test_cold_page_load_stays_under_500_kb_without_web_fonts(open_page, demo_server, mode, kind):
    page = open_page(PORTRAIT if mode == "kiosk" else PHONE, kiosk=mode == "kiosk")  # a fresh profile
    # a kiosk switched on at its start address, then a cold cache: nothing of that visit is reused
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(demo_server + PAGE_KINDS[kind], wait_until="networkidle")
    assert page.evaluate("document.documentElement.classList.contains('pufa-kiosk')") == (mode == "kiosk")
    sizes = {r.url: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished}
    fonts = [r.url for r in finished if r.resource_type == "font"]
    total = sum(sizes.values())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = "\n".join(f"{size:>9} {url}" for url, size in sorted(sizes.items(), key=lambda item: -item[1]))
    (ARTIFACTS / f"weight-{mode}-{kind}.txt").write_text(f"{total:>9} total\n{report}\n", encoding="utf-8")
    assert fonts == []
    assert total <= 500 * 1024, f"{total} bytes:\n{report}"


# accessibility: axe-core on every page kind, public, elder and kiosk


AXE = Axe()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page) -> list[str]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                    "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


DESKTOP = {"width": 1280, "height": 800}  # wide enough for Material's navigation tabs (≥ 1220 px)


@pytest.mark.parametrize(("mode", "viewport"), [
    ("public", PHONE), ("public", DESKTOP), ("public", PORTRAIT),
    ("elder", PHONE), ("elder", DESKTOP), ("elder", PORTRAIT),
    ("kiosk", PORTRAIT),
], ids=lambda value: value if isinstance(value, str) else f"{value['width']}px")
def test_axe_finds_no_serious_violation_on_any_page_kind(open_page, demo_server, mode, viewport):
    page = open_page(viewport, kiosk=mode == "kiosk")
    if mode == "elder":
        page.goto(demo_server + "/")
        page.locator("header [data-pufa-elder-toggle]").click()
    found = {}
    for kind, path in PAGE_KINDS.items():
        visit(page, demo_server + path)
        violations = serious_violations(page)
        if violations:
            found[kind] = violations
    assert found == {}


def test_axe_finds_no_serious_violation_in_kiosk_overlays(open_page, demo_server):
    page = open_page(LANDSCAPE, clock=True)
    page.goto(demo_server + "/kiosk/?kiosk=1&attract=1")
    assert serious_violations(page) == []
    page.locator("[data-pufa-attract-start]").click()
    page.clock.run_for(91_000)
    assert page.locator("[data-pufa-idle]").is_visible()
    assert serious_violations(page) == []


# QR codes are read back from the pixels the browser shows


def decode_qr(page, locator) -> str:
    """Read the QR code in a screenshot of the element with zxing-cpp, as a phone camera would."""
    import zxingcpp

    png = base64.b64encode(locator.screenshot()).decode()
    width, height, gray = page.evaluate("""async (png) => {
        const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + png)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const gray = new Array(bitmap.width * bitmap.height);
        for (let i = 0; i < gray.length; i++) gray[i] = rgba[4 * i];
        return [bitmap.width, bitmap.height, gray];
    }""", png)
    image = memoryview(bytes(gray)).cast("B", (height, width))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "no readable QR code on screen"
    return found[0].text

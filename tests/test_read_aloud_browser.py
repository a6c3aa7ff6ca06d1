"""In Debian's Chromium: 朗读 (read aloud) on explainer, case, statute and calendar pages.

Headless Chromium has no voices, so most tests put a recording stand-in in place of the browser's
`speechSynthesis`: it records what is spoken, at what rate, what the page highlights at that
moment, and every pause, resume and cancel (through a binding, so a record survives the page).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from test_kiosk_browser import PAGE_KINDS, PHONE, PORTRAIT

DESKTOP = {"width": 1280, "height": 800}

STAND_IN = r"""(() => {
  const pending = [];
  const record = (entry) => {
    window.pufaSpeech(entry);
    // also kept in the tab's session: a record made as the page is left survives it
    const kept = JSON.parse(sessionStorage.getItem("pufa-test-speech") || "[]");
    sessionStorage.setItem("pufa-test-speech", JSON.stringify(kept.concat([entry])));
  };
  const words = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  class Utterance {
    constructor(text) { this.text = text; this.rate = 1; this.voice = null; this.lang = ""; }
  }
  const voices = [{name: "English", lang: "en-US", voiceURI: "en", localService: true, default: true},
                  {name: "测试普通话", lang: "zh-CN", voiceURI: "zh", localService: true, default: false}];
  const synth = {
    getVoices: () => voices.slice(),
    speak(u) {
      const reading = document.querySelectorAll("[data-pufa-reading]");
      const box = reading.length === 1 ? reading[0].getBoundingClientRect() : null;
      record({event: "speak", text: u.text, rate: u.rate, voice: u.voice && u.voice.name,
              highlighted: reading.length === 1 ? words(reading[0]) : null,
              inView: !!box && box.top >= 0 && box.bottom <= innerHeight});
      pending.push(u);
    },
    cancel() { record({event: "cancel"}); pending.length = 0; },
    pause() { record({event: "pause"}); },
    resume() { record({event: "resume"}); },
    addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  // the test ends the utterance being spoken, as a voice would when it reaches its end
  window.pufaSpeechEnd = () => { const u = pending.shift(); if (u && u.onend) u.onend({}); return pending.length; };
})();"""


def speaking(page) -> list[dict]:
    """Install the stand-in for the next page loads; returns the list it records into."""
    log: list[dict] = []
    page.expose_function("pufaSpeech", lambda entry: log.append(entry))
    page.add_init_script(STAND_IN)
    return log


def spoken(log: list[dict]) -> list[str]:
    return [entry["text"] for entry in log if entry["event"] == "speak"]


def read_to_the_end(page, log: list[dict]) -> None:
    """Let the stand-in finish every passage, one after another, until the page stops reading."""
    for _ in range(2000):
        if page.locator("[data-pufa-read-aloud]").get_attribute("data-pufa-read-state") == "idle":
            return
        page.evaluate("window.pufaSpeechEnd()")
    pytest.fail("the page never finished reading")


BODY_TEXT_JS = """() => [...document.querySelectorAll("article p, article li")]
  .filter(el => !el.querySelector("p, li") && !el.closest("[data-pufa-page-qr], [data-pufa-read-aloud]")
               && el.checkVisibility() && el.textContent.trim())
  .map(el => el.textContent.replace(/\\s+/g, " ").trim())"""


@pytest.mark.parametrize(("viewport", "kiosk"), [(PHONE, False), (DESKTOP, False), (PORTRAIT, True)],
                         ids=["phone", "desktop", "kiosk"])
def test_read_aloud_speaks_title_then_every_paragraph_in_order_highlighting_each(open_page, demo_server,
                                                                                 viewport, kiosk):
    page = open_page(viewport, kiosk=kiosk)
    log = speaking(page)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    control = page.locator("[data-pufa-read-aloud]")
    button = control.get_by_role("button", name="朗读")
    button.tap() if kiosk else button.click()
    read_to_the_end(page, log)

    texts = spoken(log)
    title = page.evaluate("document.querySelector('article h1').firstChild.textContent.trim()")
    assert texts[0] == title  # the heading's words, without its permalink mark ¶
    # every paragraph and list item of the page, each once, in the order of the page
    paragraphs = page.evaluate(BODY_TEXT_JS)
    assert len(paragraphs) > 5
    positions = [texts.index(text) for text in paragraphs]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    speaks = [entry for entry in log if entry["event"] == "speak"]
    assert all(entry["highlighted"] == entry["text"] for entry in speaks)  # the passage read is marked
    assert all(entry["inView"] for entry in speaks)  # and kept on screen
    assert {entry["voice"] for entry in speaks} == {"测试普通话"}  # the Chinese voice, not the default
    assert page.locator("[data-pufa-reading]").count() == 0  # nothing left marked at the end
    assert button.is_visible()


def test_read_aloud_pauses_continues_and_stops(open_page, demo_server):
    page = open_page(PHONE)
    log = speaking(page)
    page.goto(demo_server + PAGE_KINDS["case"])
    control = page.locator("[data-pufa-read-aloud]")
    control.get_by_role("button", name="朗读").click()
    page.evaluate("window.pufaSpeechEnd()")
    control.get_by_role("button", name="暂停").click()
    control.get_by_role("button", name="继续").click()
    assert [entry["event"] for entry in log if entry["event"] != "speak"][-2:] == ["pause", "resume"]
    control.get_by_role("button", name="停止").click()
    assert log[-1]["event"] == "cancel"
    assert page.locator("[data-pufa-reading]").count() == 0
    assert control.get_by_role("button", name="朗读").is_visible()
    assert not control.get_by_role("button", name="暂停").is_visible()
    assert len(spoken(log)) == 2  # the title and one passage, nothing after stop


def test_elder_mode_reads_more_slowly(open_page, demo_server):
    page = open_page(PHONE)
    log = speaking(page)
    page.goto(demo_server + PAGE_KINDS["law"])
    page.get_by_role("button", name="朗读").click()
    page.get_by_role("button", name="停止").click()
    page.locator("[data-pufa-elder-toggle]").click()
    page.get_by_role("button", name="朗读").click()
    public, elder = [entry["rate"] for entry in log if entry["event"] == "speak"]
    assert elder < public


def test_reading_stops_when_the_reader_leaves_the_page(open_page, demo_server):
    page = open_page(DESKTOP)
    log = speaking(page)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    page.get_by_role("button", name="朗读").click()
    page.goto(demo_server + "/")
    kept = page.evaluate("JSON.parse(sessionStorage.getItem('pufa-test-speech'))")
    assert [entry["event"] for entry in kept] == ["cancel", "speak", "cancel"]  # start, then the leaving


def test_kiosk_keeps_reading_past_the_idle_time_and_a_paused_reading_stops_at_the_reset(open_page, demo_server):
    page = open_page(PORTRAIT, kiosk=True, clock=True)
    log = speaking(page)
    page.goto(demo_server + PAGE_KINDS["law"])
    page.locator("[data-pufa-read-aloud]").get_by_role("button", name="朗读").tap()
    for _ in range(4):  # each passage takes 30 s: the listener touches nothing for two minutes
        page.clock.run_for(30_000)
        page.evaluate("window.pufaSpeechEnd()")
    assert not page.locator("[data-pufa-idle]").is_visible()
    page.get_by_role("button", name="暂停").tap()
    page.clock.run_for(91_000)
    assert page.locator("[data-pufa-idle]").is_visible()
    page.clock.run_for(31_000)
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")
    assert log[-1]["event"] == "cancel"


@pytest.mark.parametrize("kind", ["explainer", "case", "law", "calendar"])
def test_reading_pages_offer_read_aloud(open_page, demo_server, kind):
    page = open_page(PHONE)
    page.goto(demo_server + PAGE_KINDS.get(kind, "/calendar/"))
    control = page.locator("article [data-pufa-read-aloud]")
    assert control.get_by_role("button", name="朗读").is_visible()
    # right under the title, where a reader looks first
    assert page.evaluate("document.querySelector('article h1').nextElementSibling.hasAttribute('data-pufa-read-aloud')")


@pytest.mark.parametrize("kind", ["home", "agency", "topic", "search"])
def test_lists_and_the_home_page_have_nothing_to_read_aloud(open_page, demo_server, kind):
    page = open_page(PHONE)
    page.goto(demo_server + PAGE_KINDS[kind])
    page.wait_for_load_state("load")
    assert page.locator("[data-pufa-read-aloud]").count() == 0


def test_without_a_chinese_voice_the_control_says_so(open_page, demo_server):
    # the real speechSynthesis of headless Chromium, which has no voices at all
    page = open_page(PHONE)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    assert page.evaluate("speechSynthesis.getVoices().filter(v => v.lang.startsWith('zh')).length") == 0
    control = page.locator("[data-pufa-read-aloud]")
    control.get_by_role("button", name="朗读").click()
    assert "没有中文语音" in control.locator("[data-pufa-read-status]").inner_text()
    assert page.locator("[data-pufa-reading]").count() == 0

"""In Debian's Chromium with Debian's real speech stack (speech-dispatcher and espeak-ng, installed
by scripts/system-deps): 朗读 finds a Chinese voice and the engine voices the whole page, more
slowly in elder mode. speech-dispatcher writes its sound to a file (ALSA's file device), so the
test needs no sound card and hears what a kiosk's speaker would get."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from array import array
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, block_outside
from test_kiosk_browser import PAGE_KINDS

SPEECHD = "/usr/bin/speech-dispatcher"
CONFIG = Path("/etc/speech-dispatcher")


@pytest.fixture
def speech_stack(tmp_path: Path):
    """A speech-dispatcher of this test's own (socket, config and sound file in tmp_path)."""
    if not Path(SPEECHD).exists() or not shutil.which("espeak-ng"):
        pytest.fail("speech-dispatcher or espeak-ng is missing: run scripts/test, which installs them")
    config = tmp_path / "speechd"
    shutil.copytree(CONFIG, config)
    sound = tmp_path / "sound.raw"
    with (config / "speechd.conf").open("a", encoding="utf-8") as conf:
        conf.write(f'AudioOutputMethod "alsa"\nAudioALSADevice "file:\'{sound}\',raw"\n')
    socket = tmp_path / "speechd.sock"
    daemon = subprocess.Popen(
        [SPEECHD, "--run-single", "--communication-method", "unix_socket", "--socket-path", str(socket),
         "--config-dir", str(config), "--log-dir", str(tmp_path), "--pid-file", str(tmp_path / "speechd.pid"),
         "--timeout", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not socket.exists() and daemon.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert socket.exists(), f"speech-dispatcher did not start: {(tmp_path / 'speech-dispatcher.log').read_text()[-2000:]}"
    yield f"unix_socket:{socket}", sound
    daemon.terminate()
    daemon.wait(timeout=10)


@pytest.fixture
def speaking_browser(browser, speech_stack):
    """Debian's Chromium in the new headless mode, which (unlike the old one) talks to speech-dispatcher."""
    address, sound = speech_stack
    speaking = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS + ["--headless=new", "--enable-speech-dispatcher"],
        env={**os.environ, "SPEECHD_ADDRESS": address})
    yield speaking, sound
    speaking.close()


def _sound_size(sound: Path) -> int:
    return sound.stat().st_size if sound.exists() else 0


def _read_page_aloud(page, sound: Path) -> bytes:
    """Tap 朗读, wait until the whole page has been read, and return the sound made meanwhile."""
    before = _sound_size(sound)
    control = page.locator("[data-pufa-read-aloud]")
    control.get_by_role("button", name="朗读").click()
    page.wait_for_function("document.querySelector('[data-pufa-read-aloud]').dataset.pufaReadState === 'idle'",
                           timeout=120_000)
    assert control.locator("[data-pufa-read-status]").inner_text() == ""  # not "没有中文语音"
    deadline = time.monotonic() + 5  # the last samples reach the file a moment after the end event
    while time.monotonic() < deadline:
        size = _sound_size(sound)
        time.sleep(0.3)
        if _sound_size(sound) == size:
            break
    with sound.open("rb") as file:
        file.seek(before)
        return file.read()


def _loud_share(raw: bytes) -> float:
    samples = array("h", raw[: len(raw) // 2 * 2])  # 16-bit little-endian mono, as espeak-ng makes it
    return sum(1 for s in samples if abs(s) > 1000) / max(len(samples), 1)


def test_read_aloud_speaks_a_page_with_debians_real_chinese_voice_and_more_slowly_in_elder_mode(
        speaking_browser, demo_server):
    speaking, sound = speaking_browser
    context = speaking.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    outside = block_outside(context)
    page = context.new_page()
    page.goto(demo_server + PAGE_KINDS["case"])
    # speech-dispatcher lists some 13 000 espeak-ng voices: on a busy machine that takes a while
    page.wait_for_function("speechSynthesis.getVoices().some(v => /^(zh|cmn)([-_]|$)/i.test(v.lang))",
                           timeout=90_000, polling=500)
    spoken = len(re.findall(r"[\u4e00-\u9fff]", page.locator("article").inner_text()))
    normal = _read_page_aloud(page, sound)
    # of espeak-ng's two Mandarin voices, the one that reads 汉字 as Mandarin syllables (the other
    # reads 华 as "hua two")
    assert page.locator("[data-pufa-read-aloud]").get_attribute("data-pufa-read-voice") == \
        "Chinese (Mandarin, latin as Pinyin) espeak-ng"
    # every passage is voiced, not only the title: at least ~0.05 s of sound (22 050 Hz) a character
    assert len(normal) >= spoken * 2_000, (len(normal), spoken)
    assert _loud_share(normal) > 0.2  # speech, not silence
    page.evaluate("document.documentElement.classList.add('pufa-elder')")  # as the header's 适老模式 does
    elder = _read_page_aloud(page, sound)
    # rate 0.75 reaches the engine: less than 1 / 0.75 times as long, as pauses do not stretch
    assert len(elder) > 1.1 * len(normal), (len(elder), len(normal))
    context.close()
    assert outside == []

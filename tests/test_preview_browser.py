"""The editors' preview (`mkdocs serve`, as scripts/serve runs it) in Chromium: a save that fails the
checks shows every problem in the browser, no request waits, and the next good save brings the
page back."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import EXPLAINER, free_port, guarded_page, listening, replace, write_project

MKDOCS = [sys.executable, "-m", "mkdocs"]
PAGE = "/laws/moj/legal-aid/"
WAIT = 240_000  # ms: a rebuild on a machine shared with other builds


@pytest.fixture
def preview(project, tmp_path):
    """`mkdocs serve --dirty` (scripts/serve's command) on the minimal project; yields (root, base URL)."""
    root = project()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=root,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert listening(port, server, 120), (tmp_path / "serve.log").read_text()
        deadline = time.monotonic() + WAIT / 1000
        while True:  # the port opens before the first build is served
            try:
                with urllib.request.urlopen(base + PAGE, timeout=WAIT / 1000) as response:
                    if response.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        yield root, base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def fetch(url: str, seconds: float) -> str:
    with urllib.request.urlopen(url, timeout=seconds) as response:
        return response.read().decode("utf-8")


BROKEN_EXPLAINER = replace(replace(EXPLAINER, "published: 2026-03-01", "published: 2026-13-01"),
                           "topics: [法律援助]", "topics: [不存在的主题]")


def test_a_failing_save_shows_every_problem_in_the_browser_and_a_good_save_brings_the_page_back(browser, preview):
    root, base = preview
    context, page, outside, errors = guarded_page(browser, width=1280)
    try:
        page.goto(base + PAGE)
        page.wait_for_selector("h1:has-text('哪些人可以申请法律援助')")

        # two problems in one file and one in another: all of them, with file, line and field
        write_project(root, {"content/laws/moj/legal-aid.md": BROKEN_EXPLAINER,
                             "content/cases/moj/wage-case.md": replace(
                                 (root / "content/cases/moj/wage-case.md").read_text(encoding="utf-8"),
                                 "kind: 民事", "kind: 家事")})
        # the open page reloads by itself (livereload) into the problems page
        page.wait_for_selector("[data-pufa-preview-problems]", timeout=WAIT)
        # a loaded machine may stall between the two saves: the preview then builds, and reloads, once
        # for each; what the editor ends up looking at is the page with the problems of both
        page.wait_for_function("""() => [...document.querySelectorAll('[data-pufa-problem]')]
            .some(p => p.textContent.trim().startsWith('content/cases/moj/wage-case.md:'))""", timeout=WAIT)
        assert page.title() == "预览暂停：内容检查未通过"
        items = page.locator("[data-pufa-problem]").all_inner_texts()
        text = "\n".join(items)
        assert any(i.startswith("content/laws/moj/legal-aid.md:") and "published" in i for i in items), text
        assert any(i.startswith("content/laws/moj/legal-aid.md:") and "topics" in i for i in items), text
        assert any(i.startswith("content/cases/moj/wage-case.md:") and "kind" in i for i in items), text
        assert "改正" in page.inner_text("main")

        # no request waits for a good build: any page answers at once, with the problems
        start = time.monotonic()
        assert "data-pufa-preview-problems" in fetch(base + "/agencies/moj/", 20)
        assert time.monotonic() - start < 20

        # the good save: the same open page reloads into the page with the edit
        fixed = EXPLAINER.replace("列出了可以申请法律援助的事项。", "列出了可以申请法律援助的事项。改好了。")
        write_project(root, {"content/laws/moj/legal-aid.md": fixed,
                             "content/cases/moj/wage-case.md": replace(
                                 (root / "content/cases/moj/wage-case.md").read_text(encoding="utf-8"),
                                 "kind: 家事", "kind: 民事")})
        page.wait_for_selector("text=改好了。", timeout=WAIT)
        assert page.locator("[data-pufa-preview-problems]").count() == 0
        assert page.locator("h1", has_text="哪些人可以申请法律援助").count() == 1
    finally:
        context.close()
    assert outside == [] and errors == []


"""Fixtures: small real projects written into tmp_path, real MkDocs builds, a local server."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import socket
import subprocess
import time
import http.server
import logging
import textwrap
import threading
from urllib.parse import urlsplit
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

REPO = Path(__file__).resolve().parent.parent

AGENCY = """\
name: 中华人民共和国司法部
short_name: 司法部
level: 中央
description: 指导法律援助和人民调解工作。
responsibilities:
  - id: r1
    title: 宣传普及法律援助法
    laws: [中华人民共和国法律援助法]
    measures: 在公共法律服务中心设咨询窗口。
plan:
  - id: p2026-01
    title: 发布法律援助申请指引
    kind: 解读
    due: 2026-06-30
"""

TOPICS = """\
- id: legal-aid
  name: 法律援助
  description: 免费法律帮助。
- id: marriage-family
  name: 婚姻家庭
"""

EXPLAINER = """\
---
title: 哪些人可以申请法律援助？
summary: 经济困难的公民可以免费获得律师帮助。
law: 中华人民共和国法律援助法
articles: [31, 32]
law_promulgated: 2021-08-20
law_effective: 2022-01-01
topics: [法律援助]
status: 已发布
published: 2026-03-01
reviewed: 2026-03-01
---

## 法律怎么规定

《法律援助法》第三十一条列出了可以申请法律援助的事项。
"""

CASE = """\
---
title: 农民工讨薪获得法律援助
summary: 经济困难的农民工通过法律援助拿回了工资。
court: 某市某区人民法院
case_number: （2024）浙0106民初100号
decided: 2024-05-10
kind: 民事
keywords: [法律援助, 讨薪]
laws:
  - law: 中华人民共和国法律援助法
    articles: [31]
topics: [法律援助]
published: 2026-04-01
---

## 基本案情

王某被拖欠工资。

## 裁判结果

法院判决支付工资。

## 释法说理

经济困难可以申请法律援助。

## 普法提示

遇到欠薪可以拨打 12348。
"""

MKDOCS_YML = """\
site_name: 测试站点
site_url: http://127.0.0.1/
theme:
  name: material
  language: zh
  font: false
plugins:
  - pufa/content
"""


def only(problems: list, code: str):
    """The single problem with `code`; fails showing every problem otherwise."""
    matching = [p for p in problems if p.code == code]
    assert len(matching) == 1, problems
    return matching[0]


def replace(text: str, old: str, new: str) -> str:
    """`text` with the first `old` replaced; fails if a fixture no longer contains `old`."""
    assert old in text
    return text.replace(old, new, 1)


def minimal_files() -> dict[str, str | bytes]:
    """A valid one-agency project; tests override or add single files to break it."""
    return {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": "# 首页\n\n<!-- pufa:latest -->\n",
        "content/topics.yml": TOPICS,
        "content/agencies/moj.yml": AGENCY,
        "content/laws/moj/legal-aid.md": EXPLAINER,
        "content/cases/moj/wage-case.md": CASE,
    }


def write_project(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files (None deletes one) below root; text is dedented and written as UTF-8."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """Returns a function that writes the minimal project with overrides and gives its root."""

    def make(overrides: dict[str, str | bytes | None] | None = None) -> Path:
        return write_project(tmp_path / "project", {**minimal_files(), **(overrides or {})})

    return make


@dataclass
class BuildResult:
    site: Path
    error: Exception | None
    logs: list[str]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def mkdocs_build(config_file: Path, site_dir: Path | None = None) -> BuildResult:
    """Run MkDocs' real build; returns the error instead of raising so tests can inspect logs."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    error = None
    try:
        config = load_config(str(config_file), site_dir=str(site_dir) if site_dir else None)
        build(config)
    except (BuildError, Abort) as caught:
        error = caught
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    site = Path(site_dir) if site_dir else config_file.parent / "site"
    return BuildResult(site, error, handler.lines)


class Preview:
    """Builds as `mkdocs serve` makes them (`--dirty` as scripts/serve runs it): one set of plugins
    kept across rebuilds into one folder, drafts shown; `build()` returns a BuildResult."""

    def __init__(self, config_file: Path, site_dir: Path, *, dirty: bool = True) -> None:
        self.config_file, self.site_dir, self.dirty = config_file, site_dir, dirty
        self.started = False
        self.config = None

    def __enter__(self) -> "Preview":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.config is not None:  # as serve does when it stops; MkDocs keeps the plugins for later builds
            self.config.plugins.on_shutdown()

    def build(self) -> BuildResult:
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        error = None
        try:
            config = self.config = load_config(str(self.config_file), site_dir=str(self.site_dir))
            if not self.started:  # as serve does: once, on the first configuration
                config.plugins.on_startup(command="serve", dirty=self.dirty)
                self.started = True
            build(config, serve_url="http://127.0.0.1:8000/", dirty=self.dirty)
        except (BuildError, Abort) as caught:
            error = caught
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        return BuildResult(self.site_dir, error, handler.lines)


def pytest_configure(config) -> None:
    # tests stop the servers they start with SIGINT, as Ctrl-C does; a suite started as a background
    # job (`scripts/test &`) ignores SIGINT, and the servers would inherit that and never stop
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's demo site, built once into a temp dir."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site)
    assert result.error is None, "\n".join(result.logs)
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(site: Path):
    """A built site served on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def demo_server(demo_site: BuildResult):
    """The built demo site served on 127.0.0.1; yields its base URL."""
    with serve_directory(demo_site.site) as url:
        yield url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


CORPUS = REPO.parent / "shared" / "corpus" / "lawrefbook"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real legal texts of ../shared/corpus; required in CI, skipped with a reason elsewhere."""
    if not CORPUS.is_dir():
        reason = f"the shared corpus is not at {CORPUS.relative_to(REPO.parent)} next to this clone"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must run the corpus tests")
        pytest.skip(reason)
    return CORPUS


def block_outside(context, base: str | None = None) -> list[str]:
    """Block, and list, every request of `context` to another site: another host, or with `base`
    another port too (a site_url port is not the test server's)."""
    outside: list[str] = []

    def guard(route):
        url = urlsplit(route.request.url)
        if (url.netloc != urlsplit(base).netloc) if base else (url.hostname != "127.0.0.1"):
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    return outside


def guarded_page(browser, width: int = 390):
    """A fresh page that records, and blocks, every request to another host."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    outside = block_outside(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, outside, errors


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int, process: subprocess.Popen, seconds: float) -> bool:
    """Wait until a server we started accepts connections; False if it died or took too long."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop_clock(page) -> None:
    """Stop the clock of a page opened with clock=True, for it and every page it opens next: from here time
    moves only by clock.run_for. An installed clock also runs in real time, so seconds a loaded machine loses
    between two steps would pass a check of what has not happened yet (no question at 89 s) early. Call it
    before opening the page whose timers are counted: the page it is called on may jump up to 5 s ahead."""
    page.clock.pause_at((page.evaluate("Date.now()") + 5_000) / 1000)  # Python takes seconds here


def page_opener(browser):
    """Yields make(base, viewport, kiosk=, clock=): pages in fresh browser profiles that block and
    record any request to another host; on teardown fails on such requests or script errors."""
    contexts = []
    outside: list[list[str]] = []  # one list per browser context
    errors: list[str] = []

    def make(base: str, viewport: dict, *, kiosk: bool = False, clock: bool = False):
        context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=kiosk)
        contexts.append(context)
        outside.append(block_outside(context, base))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        if clock:
            page.clock.install()
        if kiosk:  # the way a kiosk is set up: its browser starts at /kiosk/?kiosk=1
            page.goto(base + "/kiosk/?kiosk=1")
            assert page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")
        return page

    yield make
    for context in contexts:
        context.close()
    assert [url for urls in outside for url in urls] == [], f"requests left the site: {outside}"
    assert errors == [], f"script errors: {errors}"


@pytest.fixture
def open_page(browser, demo_server):
    """Opens demo-site pages in fresh browser profiles (see page_opener)."""
    for make in page_opener(browser):
        yield functools.partial(make, demo_server)

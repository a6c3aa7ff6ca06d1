"""`pufa kiosk-bundle`: a folder a kiosk serves itself with its own script, with no outside network."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, block_outside, free_port, listening
from pufa.cli import main
from sitecheck import broken_links, external_resources


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kiosk") / "bundle"
    assert main(["--root", str(REPO), "kiosk-bundle", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def bundle_server(bundle: Path):
    """The bundle served by its own documented script, as on the kiosk."""
    port = free_port()
    server = subprocess.Popen(["sh", str(bundle / "serve-kiosk.sh")], env={**os.environ, "PORT": str(port)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert listening(port, server, 20), "serve-kiosk.sh did not start"
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def test_bundle_has_the_site_a_server_script_and_chinese_instructions(bundle):
    assert (bundle / "site/kiosk/index.html").is_file()
    assert os.access(bundle / "serve-kiosk.sh", os.X_OK)
    readme = (bundle / "README.txt").read_text(encoding="utf-8")
    assert "sh serve-kiosk.sh" in readme and "/kiosk/?kiosk=1" in readme


def test_bundle_has_a_windows_script_that_opens_the_start_page_with_the_switches_the_guide_documents(bundle):
    raw = (bundle / "start-kiosk.bat").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10  # cmd reads CRLF lines
    script = raw.decode("utf-8")
    assert "serve-kiosk.py %PORT%" in script and (bundle / "serve-kiosk.py").is_file()
    assert "set PORT=8080" in script and "set URL=http://127.0.0.1:%PORT%/kiosk/?kiosk=1" in script
    assert (bundle / "site/kiosk/index.html").is_file()
    guide = (REPO / "plugins/pufa/guide/kiosk.md").read_text(encoding="utf-8")
    # the Edge command the guide shows, with every switch it explains, is what the script runs
    documented = re.search(r"```bat\n(msedge --kiosk .*)\n```", guide).group(1)
    switches = re.findall(r"--[a-z-]+(?:=[a-z-]+)?", documented)
    assert {"--kiosk", "--edge-kiosk-type=fullscreen", "--disable-pinch"} <= set(switches)
    edge = next(line for line in script.splitlines() if 'start "" msedge' in line).split()[2:]
    assert [word.replace("%URL%", "http://127.0.0.1:8080/kiosk/?kiosk=1") for word in edge] == documented.split()
    for name in ("KIOSK_BROWSER", "PORT"):  # the settings the guide names
        assert f"%{name}%" in script and f"`{name}" in guide
    assert "start-kiosk.bat" in (bundle / "README.txt").read_text(encoding="utf-8")


def test_bundle_needs_nothing_from_another_host(bundle):
    site = bundle / "site"
    assert external_resources(site) == []
    assert broken_links(site) == []


def cancelled(request) -> bool:
    """Dropped by the browser itself as the page moved on or closed (a late favicon, say): nothing failed."""
    return request.failure == "net::ERR_ABORTED"


def test_kiosk_runs_from_the_bundle_with_every_outside_request_blocked(browser, bundle_server):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    # another port is another site too: the public site_url is not reachable from a kiosk
    outside, failed = block_outside(context, bundle_server), []
    page = context.new_page()
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.on("requestfailed", lambda request: cancelled(request) or failed.append(request.url))
    page.goto(bundle_server + "/kiosk/?kiosk=1")
    assert page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")
    page.locator("[data-pufa-questions] a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-pufa-page-qr] svg").is_visible()
    page.locator("[data-pufa-home]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert outside == [] and failed == []


def test_the_on_screen_keyboard_searches_in_the_bundle_with_no_outside_network(browser, bundle_server):
    from test_kiosk_keyboard_browser import KEYBOARD, key, type_letters

    context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN", has_touch=True)
    outside, failed = block_outside(context, bundle_server), []
    page = context.new_page()
    page.on("requestfailed", lambda request: cancelled(request) or failed.append(request.url))
    page.goto(bundle_server + "/kiosk/?kiosk=1")
    page.locator("[data-pufa-search-open]").tap()
    type_letters(page, "lihun")
    page.locator(f"{KEYBOARD} [data-pufa-candidate]", has_text="离婚").first.tap()
    key(page, "search").tap()
    page.locator("[data-pufa-results] [data-pufa-result]").first.wait_for()
    assert page.locator("input[data-pufa-search]").input_value() == "离婚"
    context.close()
    assert outside == [] and failed == []


def test_bundle_refuses_a_folder_with_other_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["--root", str(REPO), "kiosk-bundle", str(tmp_path)]) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert "不是空目录" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["/laws/moj/no-such-page/", "/assets/pufa/"])
def test_a_missing_page_in_the_bundle_is_the_chinese_page_with_the_kiosk_bar(browser, bundle_server, path):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN", has_touch=True)
    outside = block_outside(context, bundle_server)
    page = context.new_page()
    page.goto(bundle_server + "/kiosk/?kiosk=1")
    response = page.goto(bundle_server + path)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "未找到页面"
    assert page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")
    assert page.locator("[data-pufa-kiosk-bar]").is_visible()
    page.locator("[data-pufa-home]").click()  # not a dead end: the bar leads back to the start screen
    page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/")
    context.close()
    assert outside == []


@pytest.mark.parametrize(("site_url", "warned"), [
    ("http://127.0.0.1:8000/", True), ("http://localhost/", True), (None, True),
    ("https://pufa.example.gov.cn/", False),
])
def test_bundle_warns_when_its_qr_codes_would_point_at_the_kiosk_itself(project, tmp_path, capsys,
                                                                         site_url, warned):
    from conftest import MKDOCS_YML, replace

    line = f"site_url: {site_url}\n" if site_url else ""
    root = project({"mkdocs.yml": replace(MKDOCS_YML, "site_url: http://127.0.0.1/\n", line)})
    assert main(["--root", str(root), "kiosk-bundle", str(tmp_path / "bundle")]) == 0
    err = capsys.readouterr().err
    assert ("二维码" in err and "site_url" in err) is warned, err
    if warned:
        assert (site_url or "没有设置 site_url") in err


def test_bundle_builds_the_config_file_named_as_for_every_pufa_command(project, tmp_path, capsys):
    from conftest import MKDOCS_YML, replace

    root = project({"kiosk.yml": replace(MKDOCS_YML, "site_name: 测试站点", "site_name: 大厅触摸屏")})
    out = tmp_path / "bundle"
    assert main(["--root", str(root), "--config-file", str(root / "kiosk.yml"), "kiosk-bundle", str(out)]) == 0
    assert "<title>大厅触摸屏</title>" in (out / "site/index.html").read_text(encoding="utf-8")
    # 0.2.0's spelling, relative to --root, still builds the same file
    assert main(["--root", str(root), "kiosk-bundle", str(out), "--config", "kiosk.yml"]) == 0
    assert "<title>大厅触摸屏</title>" in (out / "site/index.html").read_text(encoding="utf-8")

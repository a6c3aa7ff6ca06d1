"""deploy/nginx/pufa.conf serving a real build through Debian's nginx, as readers meet it.

The test starts nginx itself, without root, on a free port with its own prefix, and reads the
responses with urllib and Debian's Chromium.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import http.client
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from conftest import CASE, EXPLAINER, REPO, free_port, guarded_page, listening, mkdocs_build
from test_kiosk_browser import PAGE_KINDS, visit

NGINX = "/usr/sbin/nginx"
CONF = REPO / "deploy" / "nginx" / "pufa.conf"


@pytest.fixture(scope="module")
def published(demo_site, tmp_path_factory) -> Path:
    """The layout `mkdocs build` publishes and deploy.md describes: `site` a link to a release."""
    www = tmp_path_factory.mktemp("www")
    (www / "site.releases").mkdir()
    (www / "site.releases/demo").symlink_to(demo_site.site)  # the demo build, not copied
    (www / "site").symlink_to("site.releases/demo")
    return www / "site"


def nginx_config(project: Path, *args: str) -> str:
    """What `pufa nginx-config` writes for the project's built site (its stdout)."""
    result = subprocess.run([sys.executable, "-m", "pufa.cli", "nginx-config", *args], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def running_nginx(server: str, prefix: Path):
    """nginx serving one server block as the user running the tests (no root, no worker user
    switch), logs in `prefix`; yields nothing, the block names its port."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: run scripts/test, which installs Debian's nginx")
    port = int(re.search(r"listen 127\.0\.0\.1:(\d+);", server).group(1))
    (prefix / "nginx.conf").write_text(
        "daemon off;\nmaster_process off;\npid nginx.pid;\nerror_log error.log warn;\n"
        "events { worker_connections 64; }\nhttp {\naccess_log off;\n" + server + "\n}\n", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "error.log"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not listening(port, process, 10):
        process.kill()
        log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
        pytest.fail(f"nginx did not start: {process.stdout.read().decode()}\n{log}")
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(demo_site, published, tmp_path_factory):
    """The demo build served by nginx with the server block `pufa nginx-config` writes for it, at the
    release link."""
    port = free_port()
    server = nginx_config(REPO, "--site", str(demo_site.site), "--site-root", str(published),
                          "--listen", f"127.0.0.1:{port}")
    with running_nginx(server, tmp_path_factory.mktemp("nginx")):
        yield f"http://127.0.0.1:{port}"


def fetch(url: str, **headers: str):
    """(status, headers, body) of a GET, following redirects, without raising on 4xx."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_committed_server_block_is_what_nginx_config_writes_for_the_demo(demo_site):
    """deploy/nginx/pufa.conf documents the command's output: regenerate it when a hash changes
    (`mkdocs build && pufa nginx-config --out deploy/nginx/pufa.conf`)."""
    assert CONF.read_text(encoding="utf-8") == nginx_config(REPO, "--site", str(demo_site.site))


def test_csp_allows_every_inline_script_and_style_attribute_of_the_build(demo_site):
    written = nginx_config(REPO, "--site", str(demo_site.site))
    policy = re.search(r'Content-Security-Policy "([^"]+)"', written).group(1)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    needed: dict[str, set[str]] = {"script-src": set(), "style-src": set()}
    for page in demo_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in attributes and "application/json" not in attributes:
                needed["script-src"].add(_sha256(body))
        needed["style-src"] |= {_sha256(style) for style in re.findall(r'\sstyle="([^"]*)"', text)}
    missing = {name: sorted(tokens - set(directives[name].split())) for name, tokens in needed.items()}
    assert missing == {"script-src": [], "style-src": []}, missing
    assert needed["script-src"], "the build has inline scripts: the check above must have seen them"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


# what a reader's browser gets


CSP_LISTENER = """addEventListener('securitypolicyviolation', e =>
  (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI));"""


def test_every_page_kind_works_under_the_csp_with_no_console_error(browser, nginx):
    context, page, outside, errors = guarded_page(browser, 1280)
    context.add_init_script(CSP_LISTENER)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    problems = {}
    kinds = {**PAGE_KINDS, "kiosk mode": "/kiosk/?kiosk=1&attract=1"}
    for kind, path in kinds.items():
        visit(page, nginx + path)  # the search page waits for its results: fetching shards works
        found = page.evaluate("window.__violations || []") + console + errors
        if found:
            problems[kind] = found
        console.clear()
        errors.clear()
    assert problems == {}
    # scripts ran: pufa's kiosk mode (set before first paint) and elder mode
    assert page.locator("[data-pufa-attract]").is_visible()
    page.goto(nginx + "/kiosk/?kiosk=0")  # only the start address switches the mode
    page.locator("header [data-pufa-elder-toggle]").click()
    assert page.evaluate("document.documentElement.classList.contains('pufa-elder')")
    # the hashed style attribute still aligns table columns
    page.goto(nginx + "/report/")
    aligned = page.locator("td[style]").first
    assert aligned.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    context.close()
    assert outside == []


def test_search_finds_pages_through_gzipped_shards(browser, nginx):
    context, page, outside, errors = guarded_page(browser)
    shards = []
    page.on("response", lambda response: shards.append(response) if "/search/data/" in response.url else None)
    page.goto(nginx + "/search/?q=" + quote("离婚冷静期"))
    first = page.locator("[data-pufa-results] [data-pufa-result] a").first
    first.wait_for()
    assert "离婚" in page.locator("[data-pufa-results]").inner_text()
    compressed = [r.url for r in shards if r.headers.get("content-encoding") == "gzip"]
    plain = [r.url for r in shards if r.url not in compressed and int(r.headers["content-length"]) >= 512]
    assert compressed and plain == [], (compressed, plain)
    context.close()
    assert outside == [] and errors == []


def test_text_is_compressed_and_identical_after_decompression(demo_site, nginx):
    shard = max((demo_site.site / "search" / "data" / "s").glob("*.json"), key=lambda p: p.stat().st_size)
    for path in ("/search/data/s/" + shard.name, "/", "/assets/pufa/pufa.css", "/feeds/feed.json"):
        status, headers, body = fetch(nginx + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers["Vary"]
        local = demo_site.site / (path.strip("/") or "index.html")
        if local.is_file():
            assert gzip.decompress(body) == local.read_bytes()


@pytest.mark.parametrize(("path", "media_type"), [
    ("/calendar/pufa.ics", "text/calendar; charset=utf-8"),
    ("/feeds/feed.json", "application/json; charset=utf-8"),
    ("/feeds/rss.xml", "application/xml; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
    ("/assets/pufa/kiosk.js", "text/javascript; charset=utf-8"),
])
def test_files_are_served_with_their_media_type_and_charset(nginx, path, media_type):
    status, headers, _ = fetch(nginx + path)
    assert (status, headers["Content-Type"]) == (200, media_type)


def test_hashed_assets_are_cached_for_a_year_and_pages_revalidated(demo_site, nginx):
    bundle = next((demo_site.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert fetch(nginx + f"/assets/javascripts/{bundle.name}")[1]["Cache-Control"] == \
        "public, max-age=31536000, immutable"
    for path in ("/", "/search/data/meta.json", "/assets/pufa/kiosk.css", "/calendar/pufa.ics"):
        status, headers, _ = fetch(nginx + path)
        assert headers["Cache-Control"] == "no-cache", path
        assert headers["ETag"] or headers["Last-Modified"], path  # so revalidation is a cheap 304


def test_every_response_carries_the_security_headers(nginx):
    for path in ("/", "/calendar/pufa.ics", "/no-such-page/"):
        headers = fetch(nginx + path)[1]
        assert headers["Content-Security-Policy"].startswith("default-src 'self'"), path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Server" not in headers or "/" not in headers["Server"]  # no version number


def test_folders_are_not_listed_and_dot_files_not_served(demo_site, nginx):
    (demo_site.site / ".pufa-secret").write_text("x", encoding="utf-8")
    try:
        status, _, body = fetch(nginx + "/assets/pufa/qr/")
        assert status == 404 and "未找到页面" in body.decode()
        assert fetch(nginx + "/.pufa-secret")[0] == 404
    finally:
        (demo_site.site / ".pufa-secret").unlink()


def test_a_missing_page_shows_the_chinese_not_found_page(browser, nginx):
    context, page, outside, errors = guarded_page(browser)
    context.add_init_script(CSP_LISTENER)
    response = page.goto(nginx + "/laws/no-such-explainer/")
    assert response.status == 404
    assert page.title().startswith("未找到页面")
    assert page.locator("h1").inner_text() == "未找到页面"
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    assert page.evaluate("window.__violations || []") == []
    page.get_by_role("link", name="回到首页").click()
    page.wait_for_url(nginx + "/")
    context.close()
    assert outside == [] and errors == []


def redirect(base: str, path: str, host: str) -> tuple[int, str | None]:
    """Status and Location of one request sent with the given Host header, not followed."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_a_folder_without_its_slash_redirects_relatively_whatever_the_host_header(demo_site, nginx):
    folders = sorted({p.parent for p in demo_site.site.rglob("index.html")} - {demo_site.site})
    assert len(folders) > 20
    wrong = {}
    for folder in folders:
        path = "/" + quote(folder.relative_to(demo_site.site).as_posix())
        found = redirect(nginx, path + "?q=1", "evil.example")
        if found != (301, path + "/?q=1"):
            wrong[path] = found
    assert wrong == {}
    # a doubled slash does not make the Location protocol-relative (//evil.example/...)
    assert redirect(nginx, "//agencies", "evil.example") == (301, "/agencies/")
    assert redirect(nginx, "/agencies/", "evil.example") == (200, None)


def test_switching_the_release_link_serves_the_other_release_at_once(published, nginx):
    other = published.parent / "site.releases/other"
    other.mkdir()
    (other / "index.html").write_text("<h1>另一个版本</h1>", encoding="utf-8")
    switch = published.parent / "site.new"

    def point_site_at(release: str) -> None:  # the commands deploy.md gives
        subprocess.run(["ln", "-sfn", f"site.releases/{release}", str(switch)], check=True)
        subprocess.run(["mv", "-T", str(switch), str(published)], check=True)

    try:
        point_site_at("other")
        assert fetch(nginx + "/")[2].decode() == "<h1>另一个版本</h1>"
        assert fetch(nginx + "/agencies/")[0] == 404
    finally:
        point_site_at("demo")
    status, _, body = fetch(nginx + "/")
    assert status == 200 and "另一个版本" not in body.decode()


# a site made by `pufa init` and deployed under a sub-path, as a city bureau's site is


SUB_PATH = "/pufa/"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory):
    """`pufa init` with a site_url under /pufa/, one explainer and one case added, built, and served
    by nginx with the block `pufa nginx-config` writes for it; yields the server's base URL."""
    work = tmp_path_factory.mktemp("subpath")
    init = subprocess.run([sys.executable, "-m", "pufa.cli", "init", "site", "--site-name", "某市普法网",
                           "--site-url", "https://www.example.gov.cn" + SUB_PATH], cwd=work,
                          capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    project = work / "site"
    (project / "content/laws/sfj").mkdir(parents=True)
    (project / "content/cases/sfj").mkdir(parents=True)
    (project / "content/laws/sfj/legal-aid.md").write_text(EXPLAINER, encoding="utf-8")
    (project / "content/cases/sfj/wage-case.md").write_text(CASE, encoding="utf-8")
    built = mkdocs_build(project / "mkdocs.yml", work / "www")
    assert built.error is None, "\n".join(built.logs)
    port = free_port()
    server = nginx_config(project, "--site", str(built.site), "--site-root", str(built.site),
                          "--listen", f"127.0.0.1:{port}")
    assert f"location {SUB_PATH} {{" in server and f"error_page 404 {SUB_PATH}404.html;" in server
    with running_nginx(server, work):
        yield f"http://127.0.0.1:{port}"


SUB_PATH_PAGES = {
    "home": "", "agency": "agencies/sfj/", "explainer": "laws/sfj/legal-aid/", "case": "cases/sfj/wage-case/",
    "topic": "topics/legal-aid/", "calendar": "calendar/", "report": "report/", "feeds": "feeds/",
    "guide": "guide/", "fields": "guide/fields/", "kiosk": "kiosk/?kiosk=1",
    "search": "search/?q=" + quote("法律援助"),
}


def test_a_site_under_a_sub_path_runs_every_page_kind_with_no_csp_violation(browser, sub_path_site):
    base = sub_path_site + SUB_PATH
    context, page, outside, errors = guarded_page(browser, 1280)
    context.add_init_script(CSP_LISTENER)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    problems = {}
    for kind, path in SUB_PATH_PAGES.items():
        response = page.goto(base + path)
        if "/search/" in path:
            page.locator("[data-pufa-results] [data-pufa-result]").first.wait_for()
        found = page.evaluate("window.__violations || []") + console + errors
        if response.status != 200 or found:
            problems[kind] = (response.status, found)
        console.clear()
        errors.clear()
    assert problems == {}
    assert page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")  # its script ran
    page.goto(base + "kiosk/?kiosk=0")
    # the footer's links stay under the sub-path
    page.goto(base + "laws/sfj/legal-aid/")
    page.locator("[data-pufa-footer] a", has_text="编辑指南").click()
    page.wait_for_url(base + "guide/")
    assert page.locator("h1").first.inner_text() != "未找到页面"
    context.close()
    assert outside == []


def test_a_missing_page_under_a_sub_path_is_the_sites_chinese_404_with_working_links(browser, sub_path_site):
    context, page, outside, errors = guarded_page(browser)
    context.add_init_script(CSP_LISTENER)
    for missing in (SUB_PATH + "laws/no-such-page/", "/elsewhere/", "/"):
        response = page.goto(sub_path_site + missing)
        assert response.status == 404, missing
        assert page.locator("h1").inner_text() == "未找到页面", missing
        assert page.evaluate("window.__violations || []") == [], missing
    page.get_by_role("link", name="回到首页").click()
    page.wait_for_url(sub_path_site + SUB_PATH)
    assert page.evaluate("window.__violations || []") == []
    context.close()
    assert outside == [] and errors == []
    assert redirect(sub_path_site, SUB_PATH + "agencies", "evil.example") == (301, SUB_PATH + "agencies/")

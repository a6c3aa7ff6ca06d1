"""In Debian's Chromium: content written to attack a kiosk cannot take it out of kiosk mode, cover
its screen, spoof the address beside a QR code or lead it to a page without the kiosk bar; after
an idle reset the last reader's pages are gone from Back. Plus the same on the demo site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import (MKDOCS_YML, minimal_files, mkdocs_build, page_opener, replace, serve_directory,
                      write_project)
from pufa.render.kiosk_start import common_questions
from pufa.core.kiosk.qr import qr_file_name
from test_kiosk_browser import CATALOG, PORTRAIT, decode_qr

SITE_URL = "http://127.0.0.1/"  # MKDOCS_YML's; the test server runs on another port, like a kiosk bundle
EXPLAINER = "/laws/moj/legal-aid/"
LOOKALIKE = "/lookalike/"

HOSTILE_BODY = f"""
[退出触摸屏](../../../kiosk/?kiosk=0)
[本页退出](./?kiosk=0)
[进入触摸屏](../../../kiosk/?kiosk=1)
[订阅本站](../../../feeds/rss.xml)
[JSON 订阅](../../../feeds/feed.json)
[https://www.gov.cn/](https://evil.example/phish)
<a data-pufa-qr="../../../assets/pufa/qr/{qr_file_name("https://www.gov.cn/")}"
   href="https://evil.example/qr">政府网站</a>
[中国政府网](https://www.gov.cn/)
[写信咨询](mailto:help@example.gov.cn)
[发短信](sms:12348)
[打电话](tel:12348)
[订阅日历](webcal://example.gov.cn/pufa.ics)
"""

# on a page of its own, so that on the old code the overlay does not hide what the tests above check;
# a hand-written page, because `pufa check` refuses these names in content (the kiosk must hold anyway)
LOOKALIKE_BODY = """# 法律援助的申请材料

[https://www.gov.cn/](https://evil.example/phish)

<div class="pufa-attract" data-pufa-attract markdown>遮住整个屏幕的假页面</div>

<div class="pufa-kiosk-bar" data-pufa-kiosk-bar markdown>假的触摸屏导航</div>

<div data-pufa-idle data-idle-seconds="99999" data-start="https://evil.example/">假的空闲设置</div>

<div data-pufa-qr-dialog markdown><p data-pufa-qr-url>https://www.gov.cn/</p></div>

[返回](https://evil.example/back){data-pufa-back}
"""

# hand-written pages are not sanitised: what a maintainer's page could still link to
DOCS_LINKS = """# 链接

<a href="javascript:document.title='pwned'">脚本</a>
<a href="data:text/html,<h1>x</h1>">数据</a>
<a href="file:///etc/passwd">文件</a>
<a href="intent://scan/#Intent;scheme=zxing;end">安卓程序</a>
<a href="../feeds/rss.xml" target="_blank">订阅（新窗口）</a>
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    files = minimal_files()
    files["mkdocs.yml"] = MKDOCS_YML + "  - pufa/kiosk\n  - pufa/feeds\nmarkdown_extensions:\n  - attr_list\n"
    files["docs/lookalike.md"] = LOOKALIKE_BODY
    files["content/laws/moj/legal-aid.md"] = replace(
        files["content/laws/moj/legal-aid.md"], "## 法律怎么规定\n", HOSTILE_BODY + "\n## 法律怎么规定\n")
    files["docs/links.md"] = DOCS_LINKS
    root = write_project(tmp_path_factory.mktemp("hostile") / "project", files)
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    with serve_directory(result.site) as url:
        yield url


@pytest.fixture
def visit(browser):
    """Opens pages of a server in fresh portrait profiles, as a kiosk unless told (see page_opener)."""
    for make in page_opener(browser):
        yield lambda base, *, kiosk=True, clock=False: make(base, PORTRAIT, kiosk=kiosk, clock=clock)


def in_kiosk_mode(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")


def tap(page, name: str) -> None:
    link = page.locator("article").get_by_role("link", name=name, exact=True)
    link.scroll_into_view_if_needed()
    link.click()


def shown_offer(page) -> tuple[str, str]:
    """The kiosk's dialog for a link it did not open: its heading and the address it shows."""
    dialog = page.locator("[data-pufa-qr-dialog]").last
    dialog.wait_for(state="visible")
    address = dialog.locator("[data-pufa-qr-url]")
    return dialog.locator("h2").inner_text(), address.inner_text() if address.is_visible() else ""


def shown_qr(page) -> str:
    image = page.locator("[data-pufa-qr-dialog] [data-pufa-qr-image]").last
    image.wait_for(state="visible")
    image.evaluate("img => img.decode()")
    return decode_qr(page, image)


# 1. only the start address switches kiosk mode


@pytest.mark.parametrize("name", ["退出触摸屏", "本页退出"])
def test_a_link_in_content_cannot_switch_a_kiosk_off(visit, hostile_server, name):
    page = visit(hostile_server)
    page.goto(hostile_server + EXPLAINER)
    with page.expect_navigation():
        tap(page, name)
    assert in_kiosk_mode(page)
    page.goto(hostile_server + EXPLAINER + "?kiosk=0")  # the switch on any other page does nothing
    assert in_kiosk_mode(page)
    page.goto(hostile_server + EXPLAINER)
    assert in_kiosk_mode(page) and page.locator("[data-pufa-kiosk-bar]").last.is_visible()


def test_a_link_in_content_cannot_switch_a_readers_browser_into_kiosk_mode(visit, hostile_server):
    page = visit(hostile_server, kiosk=False)
    page.goto(hostile_server + EXPLAINER + "?kiosk=1")
    assert not in_kiosk_mode(page)
    with page.expect_navigation():
        tap(page, "进入触摸屏")
    assert urlsplit(page.url).path == "/kiosk/"
    assert not in_kiosk_mode(page)
    page.goto(hostile_server + EXPLAINER)
    assert not in_kiosk_mode(page)


def test_the_maintainer_leaves_kiosk_mode_at_the_start_address(visit, hostile_server):
    page = visit(hostile_server)
    page.goto(hostile_server + "/kiosk/?kiosk=0")
    assert not in_kiosk_mode(page)
    page.goto(hostile_server + EXPLAINER)
    assert not in_kiosk_mode(page)


# 2. look-alike kiosk parts in content neither cover the screen nor take over the kiosk's script


def test_kiosk_parts_imitated_in_content_do_not_cover_the_screen_or_replace_the_real_ones(visit,
                                                                                         hostile_server):
    page = visit(hostile_server, clock=True)
    page.goto(hostile_server + LOOKALIKE)
    on_top = page.evaluate("""() => {
        const hit = (x, y) => document.elementFromPoint(x, y);
        const real = [...document.querySelectorAll('[data-pufa-back]')].at(-1).getBoundingClientRect();
        return {centre: hit(innerWidth / 2, innerHeight / 2).closest('.pufa-attract') !== null,
                back: hit(real.x + real.width / 2, real.y + real.height / 2)
                      .closest('[data-pufa-kiosk-chrome]') !== null};
    }""")
    assert on_top == {"centre": False, "back": True}
    # the real idle question comes after the configured 90 s, with the real countdown
    page.clock.run_for(91_000)
    idle = page.locator("dialog[data-pufa-idle]")
    assert idle.is_visible() and "还在使用吗？" in idle.inner_text()
    idle.get_by_role("button", name="继续使用").click()
    # the real back button works; the content's "返回" link to another site is only offered
    tap(page, "https://www.gov.cn/")
    assert shown_offer(page)[1] == "https://evil.example/phish"


# 3. what a kiosk must not open is offered as an address and a QR code: the real target, never content's text


@pytest.mark.parametrize(("name", "heading", "address"), [
    ("订阅本站", "这是一个文件", SITE_URL + "feeds/rss.xml"),
    ("JSON 订阅", "这是一个文件", SITE_URL + "feeds/feed.json"),
    ("https://www.gov.cn/", "这个链接在本站以外", "https://evil.example/phish"),
    ("政府网站", "这个链接在本站以外", "https://evil.example/qr"),
    ("写信咨询", "这个链接要用手机上的程序打开", "mailto:help@example.gov.cn"),
    ("发短信", "这个链接要用手机上的程序打开", "sms:12348"),
    ("打电话", "这个链接要用手机上的程序打开", "tel:12348"),
    ("订阅日历", "这个链接要用手机上的程序打开", "webcal://example.gov.cn/pufa.ics"),
])
def test_links_a_kiosk_must_not_open_show_the_real_target_and_its_qr_code(visit, hostile_server, name,
                                                                          heading, address):
    page = visit(hostile_server)
    page.goto(hostile_server + EXPLAINER)
    requests = []
    page.on("request", lambda request: request.is_navigation_request() and requests.append(request.url))
    tap(page, name)
    assert shown_offer(page) == (heading, address)
    assert shown_qr(page) == address
    assert requests == [] and urlsplit(page.url).path == EXPLAINER
    page.locator("[data-pufa-qr-dialog]").last.get_by_role("button", name="关闭").click()
    assert not page.locator("[data-pufa-qr-dialog]").last.is_visible()


@pytest.mark.parametrize("name", ["脚本", "数据", "文件", "安卓程序"])
def test_links_to_scripts_data_local_files_and_apps_are_refused_without_showing_them(visit, hostile_server,
                                                                                     name):
    page = visit(hostile_server)
    page.goto(hostile_server + "/links/")
    title = page.title()
    tap(page, name)
    assert shown_offer(page) == ("这个链接不能打开", "")
    assert page.title() == title and urlsplit(page.url).path == "/links/"


def test_a_file_link_for_a_new_window_is_offered_too(visit, hostile_server):
    page = visit(hostile_server)
    page.goto(hostile_server + "/links/")
    tap(page, "订阅（新窗口）")
    assert shown_offer(page) == ("这是一个文件", SITE_URL + "feeds/rss.xml")
    assert len(page.context.pages) == 1


def test_feed_and_calendar_files_on_the_demo_site_are_offered_not_opened(visit, demo_server):
    page = visit(demo_server)
    for path, file in (("/feeds/", "feeds/rss.xml"), ("/calendar/", "calendar/pufa.ics")):
        page.goto(demo_server + path)
        link = page.locator(f"article a[href$='{file.split('/')[-1]}']").first
        link.scroll_into_view_if_needed()
        link.click()
        public = "http://127.0.0.1:8000/" + file  # the demo's site_url
        assert shown_offer(page) == ("这是一个文件", public)
        assert shown_qr(page) == public
        assert urlsplit(page.url).path == path
        assert page.locator("[data-pufa-kiosk-bar]").is_visible()


# 4. after an idle reset the last reader's pages are gone from Back


def test_after_an_idle_reset_back_never_shows_the_last_readers_pages(visit, demo_server):
    page = visit(demo_server, clock=True)
    question, explainer = next((q, e) for q, e in common_questions(CATALOG) if CATALOG.cases_for(e))
    page.locator("[data-pufa-questions]").get_by_role("link", name=question).click()
    page.wait_for_url("**" + explainer.url)
    case = CATALOG.cases_for(explainer)[0]
    page.goto(demo_server + case.url)
    read = {explainer.url, case.url}
    with page.expect_navigation():
        page.clock.run_for(120_000)
    assert urlsplit(page.url).path == "/kiosk/"
    # every step back (to the explainer, then to where the kiosk started) lands on the start screen
    for _ in range(2):
        page.go_back()
        page.wait_for_url(lambda url: urlsplit(url).path == "/kiosk/", timeout=5_000)
        page.wait_for_load_state()
        assert urlsplit(page.url).path not in read
        assert page.evaluate("getComputedStyle(document.body).visibility") == "visible"

"""Hostile payloads in every field of every content kind: one real build, every page in Chromium.

Editors are trusted with words, not with code in readers' browsers. The project of hostile.py
passes `pufa check` (bodies carry the forms the check does not see) and builds; then every page
is loaded with and without the Content-Security-Policy of deploy/nginx/pufa.conf, and the feeds,
calendar files, search index and CSV report are read as files.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import html
import io
import json
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import icalendar
import lxml.html
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from conftest import REPO, _QuietHandler, block_outside, mkdocs_build, write_project
from hostile import GOVERNMENT, WEBSITE, CALENDAR_NEWLINE, LAW, SPREADSHEET, TOPIC, files, text
from pufa.core.calendar.loading import load_calendar
from pufa.core.content.catalog import law_key
from pufa.core.content.loading import load_content

CONF = REPO / "deploy" / "nginx" / "pufa.conf"
CSP = re.search(r'Content-Security-Policy "([^"]+)"', CONF.read_text(encoding="utf-8")).group(1)

# Defined before any page script: a payload that runs leaves its name here.
TRAP = """
window.__pwned = [];
window.pwn = (what) => window.__pwned.push(String(what));
window.__violations = [];
addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

# What a payload would have left in the DOM if it had got through as markup.
INSPECT = r"""() => {
  const found = [];
  const reservedClass = /^(pufa-|md-)/, reservedId = /^(pufa-|md-|__)/;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
    }
    for (const name of ['href', 'src', 'action', 'formaction', 'data']) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      let url;
      try { url = new URL(value, location.href); } catch (e) { continue; }
      const imageData = name === 'src' && el.tagName === 'IMG' && value.startsWith('data:image/');
      if (!['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) && !imageData)
        found.push(`${el.tagName} ${name}=${value}`);
    }
    // the payloads' own elements (their whole text is one of these words) must have lost the
    // site's classes, ids and hooks: a kiosk overlay or a second search box is not content
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (['遮罩', '整屏遮罩', '假的搜索框'].includes(own)) {
      for (const c of el.classList) if (reservedClass.test(c)) found.push(`${own} class ${c}`);
      if (reservedId.test(el.id)) found.push(`${own} id ${el.id}`);
      for (const attr of el.attributes) if (attr.name.startsWith('data-pufa')) found.push(`${own} ${attr.name}`);
    }
  }
  for (const meta of document.querySelectorAll('meta[http-equiv]')) found.push('meta ' + meta.outerHTML);
  for (const script of document.scripts) if (script.textContent.includes('pwn(')) found.push('script ' + script.textContent);
  for (const tag of ['iframe', 'object', 'embed', 'base'])
    for (const el of document.querySelectorAll(`article ${tag}`)) found.push('element ' + el.outerHTML.slice(0, 80));
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The hostile project, checked and built once."""
    root = write_project(tmp_path_factory.mktemp("hostile") / "project", files())
    result = load_content(root / "content", root)
    errors = [p for p in result.problems if p.is_error]
    assert errors == [], "the payloads must pass pufa check, so the build is what is tested"
    assert [p for p in load_calendar(root / "content", root, result.catalog).problems if p.is_error] == []
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.error is None, "\n".join(built.logs)
    return root


class _CspHandler(_QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@contextlib.contextmanager
def serve(site: Path, handler: type):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the build, as the address a reader opens."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        paths.append("/" + quote(rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


# the titles a reader must see as written, exactly once escaped: page → (text, where)
TITLES = {
    "/laws/moj/hostile/": text("标题甲"),
    "/laws/zj-sft/hostile-comment/": text("标题乙"),
    "/cases/moj/hostile-case/": text("案例标题"),
    "/agencies/moj/": text("全称甲"),
    "/topics/hostile/": TOPIC,
    f"/statutes/{quote(law_key(LAW))}/": LAW,
}


@pytest.mark.parametrize("policy", ["no-csp", "csp"])
def test_no_payload_runs_navigates_or_keeps_its_hooks_on_any_page(browser, hostile, policy):
    site = hostile / "site"
    paths = page_paths(site)
    assert len(paths) > 25 and "/statutes/" in paths and "/calendar/" in paths and "/404.html" in paths
    assert set(TITLES) <= set(paths), [unquote(p) for p in set(TITLES) - set(paths)]
    handler = _CspHandler if policy == "csp" else _QuietHandler
    with serve(site, handler) as base:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        outside = block_outside(context, base)
        context.add_init_script(TRAP)
        page = context.new_page()
        dialogs, navigations, problems = [], [], {}
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: navigations.append(request.url) if "pwned" in request.url else None)
        for path in paths:
            response = page.goto(base + path, wait_until="load")
            page.wait_for_timeout(30)  # a meta refresh of 0 s fires right after load
            try:
                found = page.evaluate(INSPECT) + page.evaluate("window.__pwned")
                if policy == "csp":
                    found += page.evaluate("window.__violations")
            except PlaywrightError as error:  # the page went away under the test
                found = [f"navigated: {error.message.splitlines()[0]}"]
            if page.url != base + path or (response and response.status not in (200, 404)):
                found.append(f"ended at {page.url}")
            if found:
                problems[path] = found
            expected = TITLES.get(path)
            if expected:
                assert page.title().startswith(expected), (path, page.title())
                assert expected in page.locator("h1").first.inner_text(), path
        # the navigation shows topics and agencies by their names, as text; the calendar its days
        page.goto(base + "/")
        navigation = page.locator("nav.md-nav--primary").first.text_content()  # also folded sections
        assert text("简称甲") in navigation and TOPIC in navigation
        page.goto(base + "/calendar/")
        assert text("纪念日") in page.locator("article").inner_text()
        # kiosk mode builds its start screen from titles: still text only
        for path in ("/kiosk/?kiosk=1", "/laws/moj/hostile/", "/kiosk/", "/?kiosk=0"):
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(30)
            found = page.evaluate(INSPECT) + page.evaluate("window.__pwned")
            if found:
                problems["kiosk " + path] = found
        context.close()
    assert problems == {}
    assert dialogs == [] and navigations == [] and outside == []


def test_search_results_show_hostile_titles_as_text(browser, hostile):
    with serve(hostile / "site", _CspHandler) as base:
        context = browser.new_context(locale="zh-CN")
        context.add_init_script(TRAP)
        page = context.new_page()
        page.goto(base + "/search/?q=" + quote("标题甲"))
        page.locator("[data-pufa-results] [data-pufa-result] a").first.wait_for()
        # the snippets (hostile text too) come after the list: inspected once they are in
        # a locator's wait, not wait_for_function: the policy forbids the eval its polling needs
        expect(page.locator("[data-pufa-snippet][aria-busy=true]")).to_have_count(0)
        first = page.locator("[data-pufa-results] [data-pufa-result] a").first.inner_text()
        # a long title is cut with …; what shows is the title as written, tags and all
        assert first.startswith("标题甲</title><script>pwn('script')</script><img src=x onerror=")
        assert text("标题甲").startswith(first.strip().split("\n")[0].rstrip("…"))
        # the filters list agencies and topics by name; a query without results suggests topics
        options = page.locator("[data-pufa-filter] option").all_text_contents()
        assert text("简称甲") in options and TOPIC in options
        assert page.evaluate(INSPECT) == [] and page.evaluate("window.__pwned") == []
        page.goto(base + "/search/?q=" + quote("火星量子纠缠"))
        suggestions = page.locator("[data-pufa-no-results]")
        suggestions.wait_for()
        # the nearest topics (this site has two), by name, as text
        assert TOPIC in suggestions.locator("[data-pufa-topics]").inner_text()
        assert page.evaluate(INSPECT) == [] and page.evaluate("window.__pwned") == []
        # a statute result: its label (the article's chapter and section) arrives with the snippet, as text
        page.goto(base + "/search/?q=" + quote("本法条文"))
        page.locator("[data-pufa-results][aria-busy='false'] [data-pufa-result]").first.wait_for()
        # a locator's wait, not wait_for_function: the policy forbids the eval its polling needs
        expect(page.locator("[data-pufa-snippet][aria-busy=true]")).to_have_count(0)
        assert page.evaluate(INSPECT) == [] and page.evaluate("window.__pwned") == []
        assert page.evaluate("window.__violations") == []
        context.close()


def test_search_index_holds_titles_as_plain_text(hostile):
    listings = [entry for path in (hostile / "site" / "search" / "data" / "p").glob("*.json")
                for entry in json.loads(path.read_text(encoding="utf-8"))]
    titles = {entry[0]: entry[1] for entry in listings}
    assert titles["laws/moj/hostile/"] == text("标题甲")
    assert titles["cases/moj/hostile-case/"] == text("案例标题")


def _live_markup(fragment: str) -> list[str]:
    """Script, event handlers, non-http links in an HTML fragment; the site's hooks on the payloads' elements."""
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = [el.tag for el in tree.iter("script", "iframe", "object", "embed", "meta", "base", "form")]
    for el in tree.iter():
        for name, value in el.attrib.items():
            if name.startswith("on") or (
                    name in ("href", "src") and re.match(r"\s*(javascript|data|vbscript):", value, re.I)):
                found.append(f"{el.tag} {name}={value}")
            if (el.text or "").strip() in ("遮罩", "整屏遮罩", "假的搜索框") and (
                    name.startswith("data-pufa") or (name == "class" and re.search(r"(^|\s)(pufa-|md-)", value))
                    or (name == "id" and re.match(r"(pufa-|md-|__)", value))):
                found.append(f"{el.tag} {name}={value}")
    return found


def test_rss_titles_and_descriptions_carry_no_live_markup(hostile):
    for feed in ("rss.xml", "topics/hostile/rss.xml", "agencies/moj/rss.xml"):
        channel = ET.parse(hostile / "site" / "feeds" / feed).getroot().find("channel")
        items = channel.findall("item")
        assert items, feed
        for element in [channel, *items]:
            for name in ("title", "description"):
                value = element.findtext(name)
                # a reader decodes the XML, then renders HTML: what it renders must be text only
                assert not re.search(r"<[a-zA-Z/!]", value), (feed, name, value)
        summaries = {html.unescape(item.findtext("description")) for item in items}
        assert text("摘要甲") in summaries
        assert html.unescape(channel.findtext("title")).startswith(TOPIC) or feed != "topics/hostile/rss.xml"
        for item in items:
            content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
            assert content and _live_markup(content) == [], feed


def test_atom_and_json_feeds_keep_summaries_as_text_and_content_clean(hostile):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom = ET.parse(hostile / "site" / "feeds" / "atom.xml").getroot()
    entries = atom.findall("a:entry", ns)
    for entry in entries:
        summary = entry.find("a:summary", ns)
        assert summary.get("type") == "text"
        assert entry.find("a:title", ns).get("type", "text") == "text"
        assert _live_markup(entry.find("a:content", ns).text) == []
    assert text("摘要甲") in {e.find("a:summary", ns).text for e in entries}
    feed = json.loads((hostile / "site" / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert text("摘要甲") in {item["summary"] for item in feed["items"]}
    assert text("标题甲") in {item["title"] for item in feed["items"]}
    for item in feed["items"]:
        assert _live_markup(item["content_html"]) == [], item["id"]


def test_calendar_files_hold_the_texts_as_written_and_nothing_more(hostile):
    raw = (hostile / "site" / "calendar" / "pufa.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    event = events[text("活动")]
    assert str(event.get("location")) == text("地点")
    # a line break in a text cannot start a property or an event of its own
    assert CALENDAR_NEWLINE in str(event.get("description"))
    assert b"\nX-PWNED" not in raw and b"\nSUMMARY:pwned" not in raw
    assert all(e.get("summary") != "pwned" for e in calendar.walk("VEVENT"))


def test_the_csv_report_has_no_formulas(hostile):
    run = subprocess.run([sys.executable, "-m", "pufa.cli", "--root", str(hostile), "report", "--format", "csv",
                          "--as-of", "2026-12-01"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert "'" + SPREADSHEET in cells  # the agency is listed, its name shown as text
    assert text("简称甲") in cells


def test_kiosk_offers_hostile_mail_and_file_links_with_their_address_as_text(browser, hostile):
    # the kiosk shows these addresses beside a QR code instead of opening them: text, never markup
    site = hostile / "site"
    index = json.loads((site / "assets/pufa/qr/index.json").read_text(encoding="utf-8"))
    assert any(address.startswith("mailto:help@example.gov.cn") for address in index)
    with serve(site, _CspHandler) as base:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1080, "height": 1920}, has_touch=True)
        context.add_init_script(TRAP)
        page = context.new_page()
        page.goto(base + "/kiosk/?kiosk=1")
        page.goto(base + "/laws/moj/hostile/")
        for name, expected in (("写信给我们", "mailto:help@example.gov.cn?subject="), ("订阅日历文件", "/calendar/pufa.ics?a=")):
            page.locator("article").get_by_role("link", name=name, exact=True).click()
            dialog = page.locator("[data-pufa-qr-dialog]").last
            dialog.wait_for(state="visible")
            address = dialog.locator("[data-pufa-qr-url]")
            assert expected in address.inner_text() and address.locator("*").count() == 0
            assert page.evaluate("window.__pwned") == [] and page.evaluate("window.__violations") == []
            dialog.get_by_role("button", name="关闭").click()
        context.close()


def test_the_government_footer_shows_mkdocs_yml_texts_as_written_on_every_page(browser, hostile):
    with serve(hostile / "site", _CspHandler) as base:
        context = browser.new_context(locale="zh-CN")
        outside = block_outside(context, base)
        context.add_init_script(TRAP)
        page = context.new_page()
        for path in ("/", "/laws/moj/hostile/", "/404.html"):
            page.goto(base + path, wait_until="load")
            footer = page.locator("[data-pufa-footer]")
            for key, value in GOVERNMENT.items():
                assert value in footer.locator(f'[data-pufa-footer-item="{key}"]').inner_text(), (path, key)
            assert text("版权庚") in footer.inner_text()
            assert footer.locator('[data-pufa-footer-item="icp"]').get_attribute("href") == "https://beian.miit.gov.cn/"
            assert page.evaluate(INSPECT) + page.evaluate("window.__pwned") + page.evaluate("window.__violations") == []
        # a parent agency outside the site (agency.yml, not mkdocs.yml): its name and address as written
        page.goto(base + "/agencies/moj/", wait_until="load")
        parent = page.get_by_role("link", name=text("上级甲"))
        assert parent.get_attribute("href") == WEBSITE
        assert page.evaluate(INSPECT) + page.evaluate("window.__pwned") == []
        context.close()
    assert outside == []



def test_feed_links_in_the_head_carry_the_agency_name_as_an_attribute_value_only(hostile):
    """pufa/feeds' <link rel="alternate"> come from a template (partials/pufa-head.html), fed with data."""
    page = lxml.html.parse(str(hostile / "site" / "agencies" / "moj" / "index.html")).getroot()
    head = page.find("head")
    titles = [link.get("title") for link in head.iter("link") if link.get("rel") == "alternate"]
    assert titles == [f"测试站点（{label}）" for label in ("RSS", "Atom", "JSON Feed")] + \
        [f"{text('全称甲')} - 测试站点（{label}）" for label in ("RSS", "Atom", "JSON Feed")]
    # the payload made no element of its own in the head
    assert [el.tag for el in head if el.tag in ("script", "img", "svg", "b")] == ["script"] * len(
        [el for el in head if el.tag == "script"]) and head.find(".//img") is None and head.find(".//svg") is None
    assert not [m for m in head.iter("meta") if m.get("http-equiv")]


def test_a_shortened_related_list_names_the_hostile_law_as_text(tmp_path, monkeypatch):
    # every related list cut (none shown), so each explainer and case page says how many there are
    # and links the law pages: the law's name is an editor's text
    import pufa.render.pages

    monkeypatch.setattr(pufa.render.pages, "RELATED_SHOWN", 0)
    root = write_project(tmp_path / "project", files())
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.error is None, "\n".join(built.logs)
    for page in ("laws/moj/hostile/index.html", "cases/moj/hostile-case/index.html"):
        tree = lxml.html.fromstring((built.site / page).read_text(encoding="utf-8"))
        [more] = tree.xpath("//p[starts-with(normalize-space(), '共 ')]")
        assert [a.text_content() for a in more.xpath(".//a")] == [f"《{LAW}》"], page
        assert not more.xpath(".//script | .//img | .//svg | .//meta | .//*[@onclick or @onerror or @onload]")


def test_lists_of_all_and_numbered_pages_show_hostile_names_as_text(browser, tmp_path, monkeypatch):
    # one document a page and none shown on law and agency pages: every list of all documents and
    # every numbered page of a list exists, headed by an editor's law, agency or topic name
    import pufa.render.pages

    monkeypatch.setattr(pufa.render.pages, "SHOWN_ON_PAGE", 0)
    monkeypatch.setattr(pufa.render.pages, "INDEX_PAGE_SIZE", 1)
    root = write_project(tmp_path / "project", files())
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.error is None, "\n".join(built.logs)
    paths = [p for p in page_paths(built.site) if "/documents/" in p or "/page/" in p]
    headings = {f"/statutes/{quote(law_key(LAW))}/documents/": f"《{LAW}》", "/agencies/moj/documents/": text("全称甲"),
                "/topics/hostile/page/2/": TOPIC}
    assert set(headings) <= set(paths) and len(paths) > 6, [unquote(p) for p in paths]
    with serve(built.site, _CspHandler) as base:
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        context.add_init_script(TRAP)
        page = context.new_page()
        problems = {}
        for path in paths:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(30)
            found = page.evaluate(INSPECT) + page.evaluate("window.__pwned") + page.evaluate("window.__violations")
            if page.url != base + path:
                found.append(f"ended at {page.url}")
            if found:
                problems[path] = found
            if path in headings:
                assert headings[path] in page.locator("h1").first.inner_text(), path
        context.close()
    assert problems == {}

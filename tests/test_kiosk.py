"""Kiosk core (start screen, options, page decoration, QR codes) and real builds with pufa/kiosk."""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from conftest import AGENCY, EXPLAINER, MKDOCS_YML, mkdocs_build
from pufa.render.kiosk_start import KioskOptions, check_options, question_of
from pufa.render.kiosk_html import root_for
from pufa.core.kiosk.links import offered_address
from pufa.core.kiosk.qr import QR_FOLDER, qr_file_name

KIOSK_YML = MKDOCS_YML + "  - pufa/kiosk\n"
START_MARK = '<meta name="pufa-kiosk-start" content="">'


class _Tree(HTMLParser):
    """Records each element with the chain of its open ancestors, to check where things were put."""

    VOID = {"meta", "link", "img", "br", "input", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[tuple[str, ...], str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tuple(self.stack), tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]


def parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    return tree


def where(tree: _Tree, attribute: str) -> tuple[str, ...]:
    return next(path for path, _, attrs in tree.found if attribute in attrs)


# core


@pytest.mark.parametrize(("title", "question"), [
    ("打官司请不起律师怎么办？——法律援助谁能申请、怎么申请", "打官司请不起律师怎么办？"),
    ("发生交通事故后第一步做什么？责任和赔偿怎么算？", "发生交通事故后第一步做什么？责任和赔偿怎么算？"),
    ("宪法不只是“大道理”——说说宪法里的公民基本权利", None),
])
def test_common_question_is_the_question_part_of_a_title(title, question):
    from pufa.core.content.model import Explainer

    explainer = Explainer(path="x.md", agency="moj", slug="x", title=title, summary="", topics=(),
                          published=None, body="", body_line=1, status="已发布", co_agencies=())
    assert question_of(explainer) == question


def test_default_options_are_valid_and_a_short_countdown_is_refused():
    assert check_options(KioskOptions()) == []
    assert KioskOptions().idle_seconds == 90
    wrong = check_options(KioskOptions(countdown_seconds=19))
    assert len(wrong) == 1 and "countdown_seconds 应不少于 20 秒" in wrong[0]


@pytest.mark.parametrize(("url", "site_url", "root"), [
    ("", "https://pufa.example.gov.cn/", "./"),
    ("agencies/moj/", None, "../../"),
    ("statutes/%E6%B0%91%E6%B3%95%E5%85%B8/", None, "../../"),
    ("404.html", "https://example.gov.cn/pufa/", "/pufa/"),
    ("404.html", None, "/"),
])
def test_root_for_pages(url, site_url, root):
    assert root_for(url, site_url) == root


def test_each_kiosk_part_is_in_its_place_in_a_built_page(project):
    root = project({
        "mkdocs.yml": KIOSK_YML.replace("  - pufa/kiosk\n", "  - pufa/kiosk:\n      idle_seconds: 45\n"),
        "content/laws/moj/legal-aid.md": EXPLAINER.replace(
            "列出了可以申请法律援助的事项。", "列出了可以申请法律援助的事项。[官网](https://www.samr.gov.cn/)"),
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    page = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    tree = parse(page)
    assert where(tree, "data-pufa-elder-toggle") == ("html", "body", "header", "nav")
    assert where(tree, "data-pufa-page-qr") == ("html", "body", "div", "main", "div", "div", "article")
    assert where(tree, "data-pufa-kiosk-chrome") == ("html", "body")
    assert where(tree, "data-pufa-kiosk-bar") == ("html", "body", "div")
    assert page.count("data-pufa-kiosk-chrome") == page.count("data-pufa-elder-toggle") == 1
    # last in <body>, last in <article>: kiosk.js looks for its container from the end of <body>
    assert re.search(r"data-pufa-page-qr.*?</figure>\s*</article>", page, re.S)
    assert re.search(r"</dialog>\s*</div>\s*</body>", page)
    idle = next(attrs for _, _, attrs in tree.found if "data-pufa-idle" in attrs)
    assert idle["data-idle-seconds"] == "45" and idle["data-start"] == "../../../kiosk/"
    # the mode is set in <head>, before anything is painted; only the start screen reads ?kiosk=
    head = page[:page.index("</head>")]
    assert "pufa.kiosk" in head and "pufa.elder" in head and START_MARK not in page
    start = (result.site / "kiosk/index.html").read_text(encoding="utf-8")
    assert start.index(START_MARK) < start.index("pufa-kiosk-start\")") < start.index("</head>")
    index = json.loads((result.site / QR_FOLDER / "index.json").read_text(encoding="utf-8"))
    assert "https://www.samr.gov.cn/" in index


@pytest.mark.parametrize(("href", "page_url", "address"), [
    ("https://www.gov.cn", "laws/moj/x/", "https://www.gov.cn/"),
    ("HTTPS://WWW.Gov.CN/a b?q=法#part", "", "https://www.gov.cn/a%20b?q=%E6%B3%95"),
    ("../../../feeds/rss.xml", "laws/moj/x/", "https://pufa.example.gov.cn/sub/feeds/rss.xml"),
    ("../../calendar/pufa.ics#x", "agencies/moj/", "https://pufa.example.gov.cn/sub/calendar/pufa.ics"),
    ("../../../kiosk/?kiosk=0", "laws/moj/x/", None),  # a page: the kiosk opens it
    ("../../guide/index.html", "agencies/moj/", None),
    ("mailto:help@example.gov.cn", "", "mailto:help@example.gov.cn"),
    ("webcal://example.gov.cn/pufa.ics", "", "webcal://example.gov.cn/pufa.ics"),
    ("javascript:alert(1)", "", None),  # refused outright, no QR code
    ("intent://x#Intent;end", "", None),
])
def test_offered_address_is_the_links_resolved_target(href, page_url, address):
    assert offered_address(href, page_url, "https://pufa.example.gov.cn/sub/") == address


# builds


def test_build_adds_start_screen_qr_codes_and_options(project):
    root = project({
        "mkdocs.yml": KIOSK_YML.replace("  - pufa/kiosk\n", "  - pufa/kiosk:\n      idle_seconds: 45\n"),
        "content/agencies/moj.yml": "website: https://www.moj.gov.cn/\n" + AGENCY,
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    start = (result.site / "kiosk" / "index.html").read_text(encoding="utf-8")
    assert "data-pufa-questions" in start and "哪些人可以申请法律援助？" in start
    assert 'data-idle-seconds="45"' in start
    for page in result.site.rglob("*.html"):
        if page.name != "404.html":
            assert "data-pufa-page-qr" in page.read_text(encoding="utf-8"), page
    qr = result.site / "assets/pufa/qr" / qr_file_name("https://www.moj.gov.cn/")
    svg = ET.fromstring(qr.read_text(encoding="utf-8"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    index = json.loads((result.site / QR_FOLDER / "index.json").read_text(encoding="utf-8"))
    assert index["https://www.moj.gov.cn/"] == qr_file_name("https://www.moj.gov.cn/")


def test_site_without_site_url_builds_without_page_qr_codes(project):
    root = project({"mkdocs.yml": KIOSK_YML.replace("site_url: http://127.0.0.1/\n", "")})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    assert "data-pufa-page-qr" not in (result.site / "index.html").read_text(encoding="utf-8")
    assert "data-pufa-kiosk-bar" in (result.site / "index.html").read_text(encoding="utf-8")


def test_too_short_countdown_stops_the_build_with_a_chinese_message(project):
    root = project({"mkdocs.yml": KIOSK_YML.replace("  - pufa/kiosk\n",
                                                    "  - pufa/kiosk:\n      countdown_seconds: 10\n")})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    assert "countdown_seconds 应不少于 20 秒" in str(result.error) + "\n".join(result.logs)



# the palette: WCAG 2.1 AA for text (4.5:1), and the MIIT 适老化 figure of 4.5:1 for icons too


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def declared(css: str, prop: str) -> str:
    return re.search(rf"{re.escape(prop)}:\s*(#[0-9a-fA-F]{{6}})\b", css).group(1)


def test_palette_meets_aa_for_text_and_icons():
    from conftest import REPO

    css = (REPO / "plugins/pufa/assets/pufa.css").read_text(encoding="utf-8")
    primary, link = declared(css, "--md-primary-fg-color"), declared(css, "--md-typeset-a-color")
    white, code_background = "#ffffff", "#f5f5f5"  # Material's --md-code-bg-color, behind the metadata panel
    kiosk = (REPO / "plugins/pufa/assets/kiosk.css").read_text(encoding="utf-8")
    kicker = re.search(r"\.pufa-attract__kicker \{ color: (#[0-9a-f]{6})", kiosk).group(1)
    pairs = {
        "header and tile text on the primary colour": (white, primary),
        "kiosk bar labels and icons, elder toggle when on": (primary, white),
        "links": (link, white),
        "links in the metadata panel": (link, code_background),
        "attract loop kicker": (kicker, white),
    }
    too_low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5}
    assert too_low == {}
    assert contrast(link, white) >= 3  # the focus outline (non-text, WCAG 1.4.11)


def test_the_404_page_gets_qr_codes_for_what_it_offers(project):
    # a site's own 404 (overrides/) with a hotline and a mail address: the kiosk offers both as QR codes
    root = project({
        "mkdocs.yml": KIOSK_YML.replace("  language: zh\n", "  language: zh\n  custom_dir: overrides\n"),
        "overrides/404.html": '{% extends "main.html" %}{% block content %}<h1>未找到页面</h1>'
                              '<p><a href="tel:12348">12348</a> <a href="mailto:help@example.gov.cn">写信</a></p>'
                              '{% endblock %}',
    })
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    index = json.loads((result.site / "assets/pufa/qr/index.json").read_text(encoding="utf-8"))
    for address in ("tel:12348", "mailto:help@example.gov.cn"):
        assert (result.site / "assets/pufa/qr" / index[address]).is_file()


def test_kiosk_bar_links_open_files_with_file_urls_too(project):
    """With use_directory_urls: false (a site opened from disk) a link to a folder shows no page."""
    root = project({"mkdocs.yml": KIOSK_YML + "use_directory_urls: false\n"})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    for page in ("index.html", "laws/moj/legal-aid.html", "agencies/moj.html"):
        html = (result.site / page).read_text(encoding="utf-8")
        bar = re.search(r'<nav[^>]*pufa-kiosk-bar.*?</nav>', html, re.S)
        assert bar, page
        hrefs = dict((label, href) for href, label in re.findall(
            r'<a class="pufa-kiosk-bar__item"[^>]*href="([^"]*)"><span aria-hidden="true">.</span>(\w+)</a>', bar[0]))
        assert set(hrefs) >= {"首页", "专题", "机关"}, (page, hrefs)
        for label, href in hrefs.items():
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href)))
            assert (result.site / target).is_file(), (page, label, href)


def test_a_site_without_the_kiosk_plugin_has_the_chinese_404_page(project):
    # readers here read Chinese: Material's "404 - Not found" must not be what a mistyped address shows
    result = mkdocs_build(project() / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    page = (result.site / "404.html").read_text(encoding="utf-8")
    assert "<h1 id=\"not-found\">未找到页面</h1>" in page and "搜索本站" in page
    assert "Not found" not in page

"""What the kiosk plugin adds to every finished page: mode switch, elder toggle, kiosk bar, QR codes.

It works on the page's final HTML at four fixed points (</head>, the end of the header bar,
the end of <article>, </body>) instead of overriding Material templates, so it does not
shadow template overrides that other pufa plugins add.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from .kiosk_start import START_SRC, KioskOptions
from ..core.kiosk.links import offered_addresses
from ..core.kiosk.qr import QR_FOLDER, qr_svg

# Runs before first paint so a kiosk or elder page never flashes the public layout. Only the
# start screen (its <head> carries START_MARK, which content cannot put there) reads ?kiosk=,
# so a link in content cannot switch a kiosk off or a reader's browser on. In kiosk mode, a page
# reached with Back from before the last idle reset (its history entry carries an older epoch)
# is hidden at once; kiosk.js then leaves it.
START_MARK = '<meta name="pufa-kiosk-start" content="">'
EARLY_SCRIPT = (
    "<script>(function(){var d=document.documentElement;try{var s=localStorage;"
    'if(document.querySelector("meta[name=pufa-kiosk-start]")'
    '&&/\\/kiosk\\/(index\\.html)?$/.test(location.pathname)){'
    'd.classList.add("pufa-kiosk-start");var q=new URLSearchParams(location.search).get("kiosk");'
    'if(q==="1")s.setItem("pufa.kiosk","1");if(q==="0")s.removeItem("pufa.kiosk")}'
    'if(s.getItem("pufa.kiosk")==="1"){d.classList.add("pufa-kiosk");'
    'var h=history.state;if(h&&h.pufaEpoch&&h.pufaEpoch!==(s.getItem("pufa.kiosk.epoch")||"0"))'
    'd.classList.add("pufa-kiosk-stale")}}catch(e){}})()</script>'
)


@dataclass(frozen=True)
class PageFacts:
    public_url: str | None  # site_url + url, or None when site_url is not set
    site_url: str | None
    url: str  # the page's address relative to the site root, as MkDocs' page.url
    root: str  # from the page to the site root, see root_for
    start: bool = False  # the kiosk start screen, the only page that reads ?kiosk=


def root_for(page_url: str, site_url: str | None) -> str:
    """From a page to the site root: "" → "./", "agencies/moj/" → "../../".

    The 404 page is served at any missing address, so it needs the site's absolute path.
    """
    if page_url == "404.html":
        return (urlsplit(site_url).path if site_url else "") or "/"
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in folder.split("/") if part])
    return "../" * depth or "./"


def start_href(root: str) -> str:
    return root + posixpath.dirname(START_SRC) + "/"


def page_qr(public_url: str) -> str:
    svg = qr_svg(public_url, "本页二维码")
    return (f'<figure class="pufa-page-qr" data-pufa-page-qr>{svg}'
            f'<figcaption>手机扫码，继续阅读本页</figcaption></figure>')


def kiosk_bar(root: str) -> str:
    start = start_href(root)
    return (
        '<nav class="pufa-kiosk-bar" data-pufa-kiosk-bar aria-label="触摸屏导航">'
        '<button type="button" class="pufa-kiosk-bar__item" data-pufa-back>'
        '<span aria-hidden="true">←</span>返回</button>'
        f'<a class="pufa-kiosk-bar__item" data-pufa-home href="{start}"><span aria-hidden="true">⌂</span>首页</a>'
        f'<a class="pufa-kiosk-bar__item" href="{root}topics/"><span aria-hidden="true">▦</span>专题</a>'
        f'<a class="pufa-kiosk-bar__item" href="{root}agencies/"><span aria-hidden="true">▤</span>机关</a>'
        '<button type="button" class="pufa-kiosk-bar__item" data-pufa-search-open>'
        '<span aria-hidden="true">⌕</span>搜索</button>'
        '</nav>'
    )


def dialogs(options: KioskOptions, root: str) -> str:
    return (
        f'<dialog class="pufa-dialog" data-pufa-idle data-idle-seconds="{options.idle_seconds}" '
        f'data-countdown-seconds="{options.countdown_seconds}" data-attract-seconds="{options.attract_seconds}" '
        f'data-start="{start_href(root)}" aria-labelledby="pufa-idle-title" aria-describedby="pufa-idle-text">'
        '<h2 id="pufa-idle-title">还在使用吗？</h2>'
        '<p id="pufa-idle-text"><strong data-pufa-countdown aria-live="off">'
        f'{options.countdown_seconds}</strong> 秒后将回到首页，并清除本次浏览和搜索记录。</p>'
        '<p class="pufa-dialog__actions">'
        '<button type="button" class="pufa-kiosk-button pufa-kiosk-button--primary" data-pufa-stay>继续使用</button>'
        '<button type="button" class="pufa-kiosk-button" data-pufa-leave>结束使用</button></p>'
        '</dialog>'
        # kiosk.js fills in the heading, the explanation and the address for the link tapped
        '<dialog class="pufa-dialog" data-pufa-qr-dialog aria-labelledby="pufa-qr-title">'
        '<h2 id="pufa-qr-title" data-pufa-qr-title>这个链接在本站以外</h2>'
        '<p data-pufa-qr-text>触摸屏不能打开其他网站。请用手机扫描二维码访问：</p>'
        '<img class="pufa-dialog__qr" data-pufa-qr-image alt="" width="320" height="320">'
        '<p class="pufa-dialog__url" data-pufa-qr-url></p>'
        '<p class="pufa-dialog__actions">'
        '<button type="button" class="pufa-kiosk-button pufa-kiosk-button--primary" data-pufa-qr-close>关闭</button></p>'
        '</dialog>'
    )


def kiosk_chrome(options: KioskOptions, page: PageFacts) -> str:
    """Bar and dialogs in one container, a child of <body>: kiosk.js and kiosk.css act only on
    what is inside it, never on look-alike elements in content."""
    public_base = html.escape(page.site_url or "", quote=True)
    return (f'<div class="pufa-kiosk-chrome" data-pufa-kiosk-chrome data-root="{page.root}" '
            f'data-public-base="{public_base}" data-qr-folder="{page.root}{QR_FOLDER}/">'
            f'{kiosk_bar(page.root)}{dialogs(options, page.root)}</div>')


def _insert_before(text: str, marker: str, addition: str, *, last: bool = False, end: int | None = None) -> str:
    at = text.rfind(marker, 0, end) if last else text.find(marker)
    return text if at < 0 else text[:at] + addition + text[at:]


def decorate(page_html: str, page: PageFacts, options: KioskOptions) -> tuple[str, set[str]]:
    """The finished page with kiosk and elder-mode parts; also the addresses that need QR files."""
    page_html = _insert_before(page_html, "</head>", (START_MARK if page.start else "") + EARLY_SCRIPT)
    if page.public_url:
        page_html = _insert_before(page_html, "</article>", page_qr(page.public_url), last=True)
    offered = offered_addresses(page_html, page.url, page.site_url)
    page_html = _insert_before(page_html, "</body>", kiosk_chrome(options, page), last=True)
    return page_html, offered

"""The /feeds/ page: every feed with its address, for new-media editors (微博、微信、客户端)."""

from __future__ import annotations

import html

from ..core import routes
from ..core.feeds import ATOM, JSON, RSS, Feed, Format, Site
from .pages import GeneratedPage, esc

FEEDS_SRC = routes.FEEDS
TITLE = "订阅"


def _link(feed: Feed, site: Site, fmt: Format, text: str) -> str:
    href = site.relative(FEEDS_SRC, feed.path(fmt))
    return f'<a href="{html.escape(href)}" type="{fmt.mime}" data-pufa-feed="{fmt.key}">{text}</a>'


def _table(feeds: list[Feed], site: Site, names: list[str]) -> str:
    rows = []
    for feed, name in zip(feeds, names, strict=True):
        address = f"<code>{html.escape(site.file_url(feed.path(RSS)))}</code>"
        rows.append(f"| {esc(name)} | {len(feed.entries)} | {_link(feed, site, RSS, address)} | "
                    f"{_link(feed, site, ATOM, 'Atom')} | {_link(feed, site, JSON, 'JSON')} |")
    return ("| 订阅内容 | 条目 | RSS 地址 | Atom | JSON Feed |\n| --- | ---: | --- | --- | --- |\n"
            + "\n".join(rows))


def render_feeds_page(feeds: list[Feed], site: Site, agency_names: list[str], topic_names: list[str],
                      limit: int) -> GeneratedPage:
    """`feeds` as build_feeds returns them: the site feed, then agencies, then topics, in that order."""
    agencies = feeds[1:1 + len(agency_names)]
    topics = feeds[1 + len(agency_names):]
    markdown = (
        f"# {TITLE}\n\n"
        "本站发布的法律解读和以案释法提供 RSS、Atom 和 JSON Feed 三种格式的订阅源，"
        "供政务新媒体（微博、微信公众号、客户端）编辑和阅读器订阅：新内容发布后，订阅源随网站一同更新。"
        f"每个订阅源按发布日期从新到旧列出最近 {limit} 篇，含标题、摘要、全文、发布机关和专题。\n\n"
        "把下列地址复制到 RSS 阅读器、内容管理系统或新媒体发布工具的“订阅源”中即可。"
        "大多数工具使用 RSS 地址；也可以改用同一目录下的 Atom（atom.xml）或 JSON Feed（feed.json）。\n\n"
        f"## 全站\n\n{_table(feeds[:1], site, ['全部内容'])}\n\n"
        f"## 按机关订阅\n\n包括该机关发布和联合发布的内容。\n\n{_table(agencies, site, agency_names)}\n\n"
        f"## 按专题订阅\n\n{_table(topics, site, topic_names)}\n"
    )
    return GeneratedPage(FEEDS_SRC, markdown, TITLE)  # reached from every page's footer

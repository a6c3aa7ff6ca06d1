"""Kiosk mode: the touch start screen, its attract loop and the options the page script reads.

Kiosk mode is a mode of the same site, not a second build: /kiosk/ is the start screen and
`/kiosk/?kiosk=1` switches the browser into kiosk mode (remembered in localStorage,
`/kiosk/?kiosk=0` switches it off; no other page reads `?kiosk=`). The same files therefore
serve the public site, the kiosk and the offline kiosk bundle.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import routes
from ..core.content.catalog import Catalog
from ..core.content.fields import STATUS_COMMENT
from ..core.content.model import Document, Explainer
from .pages import GeneratedPage, agency_src, cn_date, esc, href, kind_label, topic_tiles

START_SRC = routes.KIOSK
MIN_COUNTDOWN = 20  # WCAG 2.2.1: at least 20 s to answer a timeout warning


@dataclass(frozen=True)
class KioskOptions:
    idle_seconds: int = 90
    countdown_seconds: int = 30
    attract_seconds: int = 8


def check_options(options: KioskOptions) -> list[str]:
    """Chinese messages for options a maintainer set wrong in mkdocs.yml; empty if all is well."""
    wrong = []
    if options.idle_seconds < 10:
        wrong.append(f"idle_seconds 应不少于 10 秒，实际是 {options.idle_seconds}")
    if options.countdown_seconds < MIN_COUNTDOWN:
        wrong.append(f"countdown_seconds 应不少于 {MIN_COUNTDOWN} 秒（老年读者需要时间作答），"
                     f"实际是 {options.countdown_seconds}")
    if options.attract_seconds < 3:
        wrong.append(f"attract_seconds 应不少于 3 秒，实际是 {options.attract_seconds}")
    return wrong


def question_of(explainer: Explainer) -> str | None:
    """The question an explainer answers, if its title asks one: 打官司请不起律师怎么办？——… → the question."""
    head = explainer.title.split("——")[0].strip()
    for mark in ("？", "?"):
        if mark in head:
            return head[: head.rindex(mark) + 1]
    return None


def common_questions(catalog: Catalog, count: int = 8) -> list[tuple[str, Explainer]]:
    found = [(q, e) for e in catalog.explainers if (q := question_of(e))]
    return found[:count]


def attract_items(catalog: Catalog, count: int = 6) -> list[Document]:
    """What the attract loop shows: drafts open for comment first, then the newest content."""
    drafts = [e for e in catalog.explainers if e.status == STATUS_COMMENT]
    newest = sorted((*catalog.explainers, *catalog.cases), key=lambda d: d.published, reverse=True)
    items = drafts + [d for d in newest if d not in drafts]
    return items[:count]


def _button_list(links: list[tuple[str, str]], hook: str) -> str:
    items = "\n".join(f"- [{esc(label)}]({target})" for label, target in links)
    return f'<div class="pufa-kiosk-buttons" {hook} markdown>\n\n{items}\n\n</div>'


def _attract_card(document: Document, catalog: Catalog, number: int, total: int) -> str:
    agency = catalog.agency(document.agency).short_name
    kicker = "正在征求意见" if document.status == STATUS_COMMENT else kind_label(document)
    return (f'<div class="pufa-attract__card" data-pufa-attract-card markdown>\n\n'
            f'<p class="pufa-attract__kicker">{kicker} · {esc(agency)} · {cn_date(document.published)}'
            f'<span class="pufa-attract__count">{number}/{total}</span></p>\n\n'
            f'<p class="pufa-attract__title" markdown>[{esc(document.title)}]({href(START_SRC, document.src_uri)})</p>\n\n'
            f'<p class="pufa-attract__summary">{esc(document.summary)}</p>\n\n</div>')


def render_attract(catalog: Catalog) -> str:
    items = attract_items(catalog)
    cards = "\n\n".join(_attract_card(d, catalog, i, len(items)) for i, d in enumerate(items, 1))
    return (f'<div class="pufa-attract" data-pufa-attract hidden markdown>\n\n'
            f'<p class="pufa-attract__welcome">欢迎使用自助普法触摸屏</p>\n\n{cards}\n\n'
            f'<div class="pufa-attract__actions">'
            f'<button type="button" class="pufa-kiosk-button" data-pufa-attract-pause aria-pressed="false">暂停轮播</button>'
            f'<button type="button" class="pufa-kiosk-button pufa-kiosk-button--primary" data-pufa-attract-start>'
            f'轻触开始</button></div>\n\n</div>')


def render_start_page(catalog: Catalog) -> GeneratedPage:
    """The kiosk start screen: everything reachable by touch, nothing needs typing."""
    src = START_SRC
    questions = [(q, href(src, e.src_uri)) for q, e in common_questions(catalog)]
    agencies = [(a.short_name, href(src, agency_src(a))) for a in catalog.agencies]
    latest_cases = [(c.title, href(src, c.src_uri)) for c in catalog.cases[:4]]
    parts = [
        "---\nhide:\n  - navigation\n  - toc\n---",
        "# 自助普法",
        '<p class="pufa-summary">请轻触下面的按钮浏览，不需要键盘。离开时可以扫描页面上的二维码，在手机上继续阅读。</p>',
        "## 常见问题\n\n" + _button_list(questions, "data-pufa-questions"),
        "## 按问题找法\n\n" + topic_tiles(catalog, src),
        "## 按机关找\n\n" + _button_list(agencies, "data-pufa-agency-tiles"),
        "## 最新案例\n\n" + _button_list(latest_cases, "data-pufa-latest"),
        render_attract(catalog),
    ]
    return GeneratedPage(src, "\n\n".join(parts) + "\n", "自助普法")

"""Calendar pages and blocks: a month view and an upcoming list, both server-rendered.

Attributes the script reads are all data-pufa-*: blocks on agency pages pass through the
content sanitizer, which keeps only those (and drops `hidden`).

Every entry of the window is in the HTML with its dates in data attributes; the browser
script (assets/calendar.js) picks what is upcoming in China time. Without the script the
list shows the entries from the day the site was built.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import html
from dataclasses import dataclass

from ..core.calendar.events import (
    ANNIVERSARY,
    COMMENT,
    EVENT,
    KIND_LABELS,
    OBSERVANCE,
    RULE_ANNOUNCED,
    RULE_FIXED,
    RULE_MONTH,
    RULE_NTH_WEEKDAY,
    RULE_WEEK_OF,
    WEEKDAYS,
    Calendar,
    Observance,
    Occurrence,
    months,
)
from markupsafe import Markup

from ..core import routes
from ..core.calendar.loading import EVENT_FIELDS, OBSERVANCE_FIELDS
from ..core.content.catalog import Catalog
from .guide import field_table
from ..core.content.model import Agency
from .pages import GeneratedPage, Link, agency_src, esc, href, link
from .templates import PageTemplates
from .raw_html import html_block
from ..core.routes import Routes

CALENDAR_SRC = routes.CALENDAR
SITE_FEED = routes.CALENDAR_FEED
_NUMBERS = "一二三四五六七八九十"
# How far ahead lists reach from the day of the build: pages stay small however many laws
# have anniversaries, and are still right for months if nobody rebuilds the site.
FULL_HORIZON = 400
SHORT_HORIZON = 120


def agency_calendar_src(agency_id: str) -> str:
    return routes.calendar_src(agency_id)


def agency_feed(agency_id: str) -> str:
    return routes.calendar_feed_src(agency_id)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def day_label(day: dt.date, year: bool = True) -> str:
    text = f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"
    return f"{text}（{WEEKDAYS[day.weekday()]}）"


def span_label(occurrence: Occurrence) -> str:
    start, end = occurrence.start, occurrence.end
    if start == end:
        text = day_label(start)
    else:
        tail = (
            f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
        )
        text = f"{start.year}年{start.month}月{start.day}日至{tail}"
    if occurrence.starts_at and occurrence.ends_at:
        text += f" {occurrence.starts_at:%H:%M}—{occurrence.ends_at:%H:%M}（北京时间）"
    return text


def when_from(occurrence: Occurrence, today: dt.date) -> str:
    """What the list says relative to `today`; the browser script uses the same wording."""
    if occurrence.end < today:
        return "已过"
    if occurrence.start <= today <= occurrence.end:
        return (
            "今天"
            if occurrence.start == occurrence.end
            else f"进行中，至{occurrence.end.month}月{occurrence.end.day}日"
        )
    days = (occurrence.start - today).days
    return "明天" if days == 1 else f"还有 {days} 天"


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _link(url: str, text: str) -> str:
    """An HTML link; `url` a relative `.md` link or an anchor, resolved after Markdown like Markdown's."""
    return f'<a href="{_attr(url)}">{_text(text)}</a>'


def related_links(occurrence: Occurrence, calendar: Calendar, from_src: str) -> list[str]:
    """Links from one entry to its explainers, cases, laws and the events of the same observance."""
    links = [
        _link(href(from_src, src), calendar.titles[src])
        for src in dict.fromkeys((*occurrence.explainers, *occurrence.cases))
    ]
    if occurrence.kind in (OBSERVANCE, ANNIVERSARY, COMMENT):
        links += [
            _link(href(from_src, routes.law_src(k)), f"《{calendar.law_titles[k]}》")
            for k in occurrence.laws
            if k in calendar.law_titles
        ]
    if occurrence.kind == OBSERVANCE:
        links += [
            _link(_entry_href(from_src, o), o.title)
            for o in calendar.occurrences
            if o.kind == EVENT
            and o.observance == occurrence.observance
            and o.overlaps(occurrence.start, occurrence.end)
        ]
    return links


def _entry_href(from_src: str, occurrence: Occurrence) -> str:
    return f"#{occurrence.uid}" if from_src == CALENDAR_SRC else href(from_src, CALENDAR_SRC, occurrence.uid)


def item_details(occurrence: Occurrence, calendar: Calendar, catalog: Catalog, from_src: str) -> list[str]:
    """Who, where, on what basis, and links to what the entry is about."""
    details = []
    if occurrence.kind == EVENT:
        agencies = "、".join(
            _link(href(from_src, agency_src(catalog.agency(a))), catalog.agency(a).short_name)
            for a in occurrence.agencies
        )
        details.append(
            f"主办：{agencies}" + (f" · 地点：{_text(occurrence.place)}" if occurrence.place else "")
        )
        if occurrence.note:
            details.append(_text(occurrence.note))
    elif occurrence.note:
        details.append(("依据：" if occurrence.kind == OBSERVANCE else "") + _text(occurrence.note))
    links = related_links(occurrence, calendar, from_src)
    if links:
        details.append("相关：" + "、".join(links))
    return details


def render_item(
    occurrence: Occurrence,
    calendar: Calendar,
    catalog: Catalog,
    from_src: str,
    visible: bool,
    today: dt.date,
    target: str | None = None,
) -> str:
    """One entry; with `target` (the calendar page holding the full entry) a short one linking there."""
    flags = " data-round" if occurrence.round else ""
    flags += " data-estimated" if occurrence.estimated else ""
    flags += "" if visible else " data-pufa-hidden"
    ident = "" if target else f' id="{occurrence.uid}"'
    badges = [f'<span class="pufa-cal-kind">{KIND_LABELS[occurrence.kind]}</span>']
    if occurrence.round:
        badges.append('<span class="pufa-cal-badge" data-pufa-calendar-round>逢五逢十周年</span>')
    if occurrence.estimated:
        badges.append('<span class="pufa-cal-badge">日期为推定，以当年通知为准</span>')
    title = _link(href(from_src, target, occurrence.uid), occurrence.title) if target else _text(occurrence.title)
    body = "" if target else "<br>".join(item_details(occurrence, calendar, catalog, from_src))
    return (
        f'<li class="pufa-cal-item pufa-cal-item--{occurrence.kind}"{ident} data-pufa-calendar-item '
        f'data-pufa-start="{occurrence.start.isoformat()}" data-pufa-end="{occurrence.end.isoformat()}"{flags}>'
        f'<time class="pufa-cal-date" datetime="{occurrence.start.isoformat()}">{span_label(occurrence)}</time> '
        f'<span class="pufa-cal-when" data-pufa-calendar-when>{when_from(occurrence, today)}</span><br>'
        f'<strong class="pufa-cal-title" data-pufa-calendar-title>{title}</strong> {" ".join(badges)}'
        + (f'<br><span class="pufa-item-meta">{body}</span>' if body else "")
        + "</li>"
    )


def upcoming_list(
    occurrences: tuple[Occurrence, ...],
    calendar: Calendar,
    catalog: Catalog,
    from_src: str,
    today: dt.date,
    limit: int = 0,
    target: str | None = None,
) -> str:
    """The upcoming list: entries from `today` (the day of the build) on, those past `limit` hidden.

    The script hides what has ended since the build; with `target` the entries are short,
    link to their full version there, and reach less far ahead.
    """
    horizon = SHORT_HORIZON if target else FULL_HORIZON
    items = [
        render_item(o, calendar, catalog, from_src, limit == 0 or index < limit, today, target)
        for index, o in enumerate(listed(occurrences, today, horizon))
    ]
    empty = "" if items else " data-pufa-hidden"
    note = (
        f'<p class="pufa-cal-note" data-pufa-calendar-asof="{today.isoformat()}">'
        f"以下是自{day_label(today)}（网站生成之日）起{horizon}天内的日期；开启浏览器脚本后按今天的日期显示。</p>"
    )
    return (
        f'{note}\n<ol class="pufa-cal-list" data-pufa-calendar-upcoming data-pufa-limit="{limit}">\n'
        + "\n".join(items)
        + "\n</ol>\n"
        + f'<p class="pufa-empty" data-pufa-calendar-empty{empty}>近期没有日期。</p>'
    )


def listed(occurrences: tuple[Occurrence, ...], today: dt.date, horizon: int) -> tuple[Occurrence, ...]:
    """Entries not over by `today` and starting within `horizon` days of it.

    Anniversaries of laws only in the statute library are left to the month view and the
    feeds: a library of 1,400 laws has hundreds a year, and they would bury the list.
    """
    until = today + dt.timedelta(days=horizon)
    return tuple(o for o in occurrences if o.end >= today and o.start <= until and not o.library)


def countdown(observance: Observance | None, today: dt.date) -> str:
    """The countdown to a fixed-date observance (国家宪法日); the script recomputes it each visit."""
    if observance is None or observance.rule != RULE_FIXED:
        return ""
    month, day = observance.month_day
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    target = dt.date(year, month, day)
    number = year - observance.since + 1 if observance.since else None
    name = f"第{number}个{observance.name}" if number else observance.name
    days = (target - today).days
    text = f"今天是{name}" if days == 0 else f"距离{name}（{year}年{month}月{day}日）还有 {days} 天"
    since = f' data-since="{observance.since}"' if observance.since else ""
    return (
        f'<p class="pufa-cal-countdown" data-pufa-calendar-countdown data-month-day="{month:02d}-{day:02d}" '
        f'data-name="{_attr(observance.name)}"{since}>{text}</p>'
    )


def month_view(occurrences: tuple[Occurrence, ...], calendar: Calendar, today: dt.date) -> str:
    """One grid per month of the window; single days in the cells, longer periods above the grid.

    Entries still in the upcoming list link to it; earlier ones are plain text.
    """
    anchors = {o.uid for o in listed(occurrences, today, FULL_HORIZON)}

    def entry(o: Occurrence) -> str:
        title = html.escape(o.title)
        return f'<a href="#{o.uid}">{title}</a>' if o.uid in anchors else title

    parts = ['<div class="pufa-cal-months" data-pufa-calendar-months>']
    for year, month in months(calendar.first, calendar.last):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, _calendar.monthrange(year, month)[1])
        inside = [o for o in occurrences if o.overlaps(first, last)]
        periods = [o for o in inside if o.start != o.end]
        key = f"{year}-{month:02d}"
        parts.append(
            f'<section class="pufa-cal-month" data-pufa-calendar-month="{key}" aria-label="{year}年{month}月">'
        )
        parts.append(f'<h3 class="pufa-cal-month-title">{year}年{month}月</h3>')
        if periods:
            parts.append(
                '<p class="pufa-cal-periods">本月进行：'
                + "；".join(
                    f"{entry(o)}（{o.start.month}月{o.start.day}日至{o.end.month}月{o.end.day}日）"
                    for o in periods
                )
                + "</p>"
            )
        parts.append(
            '<table class="pufa-cal-grid"><thead><tr>'
            + "".join(f'<th scope="col" abbr="{w}">{w[-1]}</th>' for w in WEEKDAYS)
            + "</tr></thead><tbody>"
        )
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append("<td></td>")
                    continue
                singles = [o for o in inside if o.start == o.end == day]
                entries = "".join(f"<li>{entry(o)}</li>" for o in singles)
                # kept terse: a two-year window has 730 cells; the script finds a day by its <b>
                cells.append(
                    f'<td class="pufa-cal-has"><b>{day.day}</b><ul>{entries}</ul></td>'
                    if singles
                    else f"<td><b>{day.day}</b></td>"
                )
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</div>")
    return "\n".join(parts)


def rule_text(observance: Observance) -> str:
    if observance.rule == RULE_FIXED:
        return f"每年{observance.month_day[0]}月{observance.month_day[1]}日"
    if observance.rule == RULE_MONTH:
        return f"每年{observance.month}月"
    if observance.rule == RULE_NTH_WEEKDAY:
        return f"每年{observance.month}月第{_NUMBERS[observance.nth - 1]}个{WEEKDAYS[observance.weekday]}"
    week = f"{WEEKDAYS[observance.week_starts]}至{WEEKDAYS[(observance.week_starts + 6) % 7]}"
    if observance.rule == RULE_WEEK_OF:
        return f"每年{observance.month_day[0]}月{observance.month_day[1]}日所在的一周（{week}）"
    years = "、".join(str(p.start.year) for p in observance.periods)
    text = "每年公布" + (f"（已录入 {years} 年）" if years else "")
    if observance.rule == RULE_ANNOUNCED and observance.month_day:
        text += (
            f"；未录入的年份按{observance.month_day[0]}月{observance.month_day[1]}日所在的一周（{week}）推定"
        )
    return text


@dataclass(frozen=True)
class Rule:
    name: str
    when: str
    basis: str
    organiser: str


@dataclass(frozen=True)
class CalendarView:
    """What the calendar page shows (templates/common/pufa/calendar.md)."""

    countdown: Markup | None
    months: Markup
    upcoming: Markup
    feed_href: Markup
    agencies: tuple[tuple[Link, Link], ...]  # an agency's calendar page and its feed
    rules: tuple[Rule, ...]
    guide_href: Markup


@dataclass(frozen=True)
class AgencyCalendarView:
    """What an agency's calendar page shows (templates/common/pufa/agency-calendar.md)."""

    short_name: str
    agency: Link  # its full name, linked to its page
    feed_href: Markup
    calendar_href: Markup
    months: Markup
    upcoming: Markup


def render_calendar_page(
    calendar: Calendar, catalog: Catalog, today: dt.date, countdown_id: str | None, feeds: list[Agency],
    routes: Routes, templates: PageTemplates,
) -> GeneratedPage:
    src = CALENDAR_SRC
    shown = countdown(calendar.observance(countdown_id) if countdown_id else None, today)
    view = CalendarView(
        countdown=Markup(shown) if shown else None,
        months=Markup(html_block(month_view(calendar.occurrences, calendar, today), src, routes)),
        upcoming=Markup(html_block(upcoming_list(calendar.occurrences, calendar, catalog, src, today), src, routes)),
        feed_href=Markup(href(src, SITE_FEED)),
        agencies=tuple((link(a.short_name, src, agency_calendar_src(a.id)), link("订阅", src, agency_feed(a.id)))
                       for a in feeds),
        rules=tuple(Rule(o.name, rule_text(o), o.basis, o.organiser or "") for o in calendar.data.observances),
        guide_href=Markup(href(src, GUIDE_SRC)),
    )
    return GeneratedPage(src, templates.render("calendar", view=view), "普法日历", "content/calendar.yml", in_nav=True)


def render_agency_calendar(
    agency: Agency, calendar: Calendar, catalog: Catalog, today: dt.date, routes: Routes, templates: PageTemplates,
) -> GeneratedPage:
    src = agency_calendar_src(agency.id)
    occurrences = calendar.for_agency(agency.id)
    view = AgencyCalendarView(
        short_name=agency.short_name, agency=link(agency.name, src, agency_src(agency)),
        feed_href=Markup(href(src, agency_feed(agency.id))), calendar_href=Markup(href(src, CALENDAR_SRC)),
        months=Markup(html_block(month_view(occurrences, calendar, today), src, routes)),
        upcoming=Markup(html_block(upcoming_list(occurrences, calendar, catalog, src, today), src, routes)),
    )
    return GeneratedPage(src, templates.render("agency-calendar", view=view), f"{agency.short_name}普法日历",
                         "content/calendar.yml")


def home_block(
    calendar: Calendar, catalog: Catalog, from_src: str, today: dt.date, countdown_id: str | None, limit: int,
    routes: Routes,
) -> str:
    """The home page's next dates and countdown (marker <!-- pufa:calendar -->)."""
    parts = [
        countdown(calendar.observance(countdown_id) if countdown_id else None, today),
        upcoming_list(calendar.occurrences, calendar, catalog, from_src, today, limit, CALENDAR_SRC),
        f"<p>{_link(href(from_src, CALENDAR_SRC), '查看完整普法日历')}</p>",
    ]
    block = '<div class="pufa-cal-block" data-pufa-calendar-block>\n' + "\n".join(p for p in parts if p) + "\n</div>"
    return html_block(block, from_src, routes)


def agency_block(
    agency: Agency, calendar: Calendar, catalog: Catalog, from_src: str, today: dt.date, limit: int,
    routes: Routes,
) -> str:
    """Appended to an agency's page: its next dates and a link to its calendar."""
    occurrences = calendar.for_agency(agency.id)
    if not occurrences:
        return ""
    block = (
        '<div class="pufa-cal-block" data-pufa-calendar-block>\n'
        + upcoming_list(
            occurrences, calendar, catalog, from_src, today, limit, agency_calendar_src(agency.id)
        )
        + f"\n<p>{_link(href(from_src, agency_calendar_src(agency.id)), f'{agency.short_name}的完整普法日历')}"
        f" · {_link(href(from_src, agency_feed(agency.id)), '订阅')}</p>\n</div>"
    )
    return "## 普法日历\n" + html_block(block, from_src, routes)


def calendar_pages(
    calendar: Calendar, catalog: Catalog, today: dt.date, countdown_id: str | None, routes: Routes,
    templates: PageTemplates | None = None,
) -> list[GeneratedPage]:
    """The calendar pages; their month views and lists are HTML blocks Markdown passes through (raw_html).
    `templates`: the site's theme folders (overrides/pufa/calendar.md), the package's own when not given."""
    templates = templates or PageTemplates()
    agencies = [a for a in catalog.agencies if calendar.for_agency(a.id)]
    return [
        render_calendar_page(calendar, catalog, today, countdown_id, agencies, routes, templates),
        *(render_agency_calendar(a, calendar, catalog, today, routes, templates) for a in agencies),
    ]


GUIDE_SRC = routes.CALENDAR_GUIDE

_GUIDE_EXAMPLE = """\
observances:
  - id: constitution-day
    name: 国家宪法日
    rule: 固定日期
    date: 12-04
    since: 2014
    basis: 《全国人民代表大会常务委员会关于设立国家宪法日的决定》
    agencies: [moj]
    laws: [中华人民共和国宪法]
  - id: disability-day
    name: 全国助残日
    rule: 第几个星期几
    month: 5
    nth: 3
    weekday: 星期日
    basis: 残疾人保障法第十四条
  - id: constitution-week
    name: 宪法宣传周
    rule: 逐年公布
    date: 12-04
    week_starts: 星期日
    periods:
      - start: 2019-12-01
        end: 2019-12-07
    basis: 中央宣传部、司法部、全国普法办公室逐年通知
events:
  - id: moj-2026-constitution-community
    title: 宪法进社区：说说公民的基本权利
    agency: moj
    start: 2026-12-04
    time: 09:30-11:30
    place: 某社区公共法律服务工作站
    observance: constitution-day
    explainers: [moj/constitution-basic-rights]"""


def render_calendar_guide() -> GeneratedPage:
    """The editors' guide to content/calendar.yml, with field tables from the same specs as the checks."""
    rules = "\n".join(
        f"| {rule} | {needs} | {example} |"
        for rule, needs, example in (
            (RULE_FIXED, "`date`（月-日）", "国家宪法日 12-04"),
            (RULE_MONTH, "`month`", "民法典宣传月 5"),
            (RULE_NTH_WEEKDAY, "`month`、`nth`、`weekday`", "全国助残日：5月第三个星期日"),
            (RULE_WEEK_OF, "`date`，可写 `week_starts`", "全国家庭教育宣传周：5月15日所在的一周"),
            (RULE_ANNOUNCED, "`periods`（每年的起止日期），可写 `date`", "国家网络安全宣传周、宪法宣传周"),
        )
    )
    parts = [
        "# 编写普法日历",  # not "普法日历": that is the readers' calendar page's title
        (
            "普法日历的纪念日、宣传日和各机关的普法活动写在 `content/calendar.yml`，"
            "构建网站和运行 `pufa check` 时逐项检查，问题会指出文件、行号和字段。"
            "法律公布、施行周年和征求意见截止日期由系统根据法律解读自动生成，不必填写。"
        ),
        "## 日期规则\n\n| 规则 | 需要的字段 | 例子 |\n| --- | --- | --- |\n" + rules,
        (
            "“逐年公布”的日期以当年通知为准：录入了的年份按录入的日期；没有录入、但写了 `date` 的年份，"
            "按该日所在的一周推定，网站上标明“日期为推定”。"
        ),
        "## 纪念日和宣传日（observances）\n\n" + field_table(OBSERVANCE_FIELDS),
        "## 普法活动（events）\n\n" + field_table(EVENT_FIELDS),
        (
            "活动时间一律是北京时间。`explainers` 和 `cases` 写“机关编号/网址名”（如 `moj/constitution-basic-rights`），"
            "也可以写文件路径 `content/laws/moj/constitution-basic-rights.md`。"
        ),
        f"## 示例\n\n```yaml\n{_GUIDE_EXAMPLE}\n```",
    ]
    return GeneratedPage(GUIDE_SRC, "\n\n".join(parts) + "\n", "编写普法日历")

"""The legal-education calendar: observances, campaign events and dates derived from content.

Everything here is plain dates. "Today" is deliberately absent: pages list every date of a
window of years and the browser picks what is upcoming, so a page built weeks ago stays right.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..content.catalog import Catalog, Law, law_key
from ..content.fields import STATUS_COMMENT

RULE_FIXED = "固定日期"  # every year on `date` (MM-DD)
RULE_MONTH = "整月"  # the whole of `month`
RULE_NTH_WEEKDAY = "第几个星期几"  # the `nth` `weekday` of `month`
RULE_WEEK_OF = "所在周"  # the week (from `week_starts`) that contains `date`
RULE_ANNOUNCED = "逐年公布"  # dates set each year (`periods`); `date` gives an estimated week
RULES = (RULE_FIXED, RULE_MONTH, RULE_NTH_WEEKDAY, RULE_WEEK_OF, RULE_ANNOUNCED)
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

OBSERVANCE = "observance"
EVENT = "event"
ANNIVERSARY = "anniversary"
COMMENT = "comment"
KIND_LABELS = {
    OBSERVANCE: "纪念日和宣传日",
    EVENT: "普法活动",
    ANNIVERSARY: "法律周年",
    COMMENT: "征求意见截止",
}
ROUND_EVERY = 5  # 5, 10, 15, 20 … years are marked as round anniversaries
ALL, ROUND, NONE = "all", "round", "none"  # which anniversaries the calendar shows


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class Observance:
    id: str
    name: str
    rule: str
    basis: str
    month_day: tuple[int, int] | None = None
    month: int | None = None
    nth: int | None = None
    weekday: int | None = None  # 0 = Monday, as in datetime
    week_starts: int = 0
    periods: tuple[Period, ...] = ()
    since: int | None = None
    organiser: str = ""
    agencies: tuple[str, ...] = ()
    laws: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class CampaignEvent:
    id: str
    title: str
    agency: str
    start: dt.date
    end: dt.date
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    place: str = ""
    description: str = ""
    observance: str | None = None
    explainers: tuple[str, ...] = ()  # src_uri of each featured explainer
    cases: tuple[str, ...] = ()
    plan_item: str | None = None  # the agency's yearly plan item this event carries out


@dataclass(frozen=True)
class CalendarData:
    observances: tuple[Observance, ...] = ()
    events: tuple[CampaignEvent, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    """One dated entry of the calendar, whatever produced it."""

    uid: str  # stable across builds: the feed's UID and the page anchor
    kind: str
    title: str
    start: dt.date
    end: dt.date  # inclusive
    agencies: tuple[str, ...] = ()
    note: str = ""
    round: bool = False
    estimated: bool = False
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    place: str = ""
    explainers: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    laws: tuple[str, ...] = ()  # law keys
    source: str = ""  # observance id, event id, law key or explainer src_uri
    observance: str | None = None
    library: bool = False  # an anniversary of a law that is only in the statute library

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and self.end >= first

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


# recurrence


def on_day(year: int, month: int, day: int) -> dt.date:
    """The date `day` of `month` in `year`; a day the month lacks (29 February) falls on its last day.

    This is how 民法典 Art. 202 ends periods counted in years: with no matching day, the
    month's last day.
    """
    return dt.date(year, month, min(day, _calendar.monthrange(year, month)[1]))


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def week_of(day: dt.date, week_starts: int = 0) -> Period:
    start = day - dt.timedelta(days=(day.weekday() - week_starts) % 7)
    return Period(start, start + dt.timedelta(days=6))


def periods_in(observance: Observance, year: int) -> list[tuple[Period, bool]]:
    """The periods of `observance` belonging to `year`, each with whether it is only estimated."""
    rule = observance.rule
    if observance.since is not None and year < observance.since:
        return []
    if rule == RULE_FIXED:
        day = on_day(year, *observance.month_day)
        return [(Period(day, day), False)]
    if rule == RULE_MONTH:
        last = _calendar.monthrange(year, observance.month)[1]
        return [(Period(dt.date(year, observance.month, 1), dt.date(year, observance.month, last)), False)]
    if rule == RULE_NTH_WEEKDAY:
        day = nth_weekday(year, observance.month, observance.nth, observance.weekday)
        return [(Period(day, day), False)]
    if rule == RULE_WEEK_OF:
        return [(week_of(on_day(year, *observance.month_day), observance.week_starts), False)]
    if rule == RULE_ANNOUNCED:
        announced = [p for p in observance.periods if p.start.year == year]
        if announced:
            return [(p, False) for p in announced]
        if observance.month_day is not None:
            return [(week_of(on_day(year, *observance.month_day), observance.week_starts), True)]
        return []
    raise ValueError(f"unknown rule {rule}")


def ordinal(observance: Observance, year: int) -> int | None:
    """Which edition this is (2026 is the 13th 国家宪法日 since 2014), when `since` is known."""
    return year - observance.since + 1 if observance.since is not None else None


def observance_occurrences(
    observance: Observance, years: range, law_keys: tuple[str, ...] = (), explainers: tuple[str, ...] = ()
) -> list[Occurrence]:
    found = []
    for year in years:
        for index, (period, estimated) in enumerate(periods_in(observance, year)):
            number = ordinal(observance, year)
            title = f"第{number}个{observance.name}" if number and number > 1 else observance.name
            suffix = f"-{index + 1}" if index else ""
            found.append(
                Occurrence(
                    uid=f"observance-{observance.id}-{year}{suffix}",
                    kind=OBSERVANCE,
                    title=title,
                    start=period.start,
                    end=period.end,
                    agencies=observance.agencies,
                    note=observance.basis,
                    estimated=estimated,
                    laws=law_keys,
                    explainers=explainers,
                    source=observance.id,
                    observance=observance.id,
                )
            )
    return found


def event_occurrence(event: CampaignEvent) -> Occurrence:
    return Occurrence(
        uid=f"event-{event.id}",
        kind=EVENT,
        title=event.title,
        start=event.start,
        end=event.end,
        agencies=(event.agency,),
        note=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        explainers=event.explainers,
        cases=event.cases,
        source=event.id,
        observance=event.observance,
    )


# dates derived from content


def _short_key(key: str) -> str:
    # law keys are Chinese; feed UIDs stay ASCII so every calendar app accepts them
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def is_round(years: int) -> bool:
    return years > 0 and years % ROUND_EVERY == 0


def anniversaries(
    catalog: Catalog, years: range, laws: tuple[Law, ...] | None = None, library: bool = False
) -> list[Occurrence]:
    """Yearly anniversaries of each law's promulgation and entry into force, as explainers date them.

    When a law was promulgated and took effect on the same day, one entry says both.
    """
    found = []
    concerned = law_agencies(catalog)
    for law in catalog.laws() if laws is None else laws:
        dates: dict[dt.date, list[str]] = {}
        for label, day in (("公布", law.promulgated), ("施行", law.effective)):
            if day is not None:
                dates.setdefault(day, []).append(label)
        # its cases are one click away, on the law's page
        explainers = newest_explainers(law.explainers)
        agencies = concerned.get(law.key, ())
        for base, labels in sorted(dates.items()):
            what = "并".join(labels)
            for year in years:
                count = year - base.year
                if count <= 0:
                    continue
                day = on_day(year, base.month, base.day)
                found.append(
                    Occurrence(
                        uid=f"anniversary-{_short_key(law.key)}-{'-'.join(_LABEL_IDS[x] for x in labels)}-{year}",
                        kind=ANNIVERSARY,
                        title=f"《{short_title(law.title)}》现行文本{what}{count}周年",
                        start=day,
                        end=day,
                        agencies=agencies,
                        note=f"现行文本于{base.year}年{base.month}月{base.day}日{what}",
                        round=is_round(count),
                        explainers=explainers,
                        laws=(law.key,),
                        source=law.key,
                        library=library,
                    )
                )
    return found


_LABEL_IDS = {"公布": "promulgated", "施行": "effective"}


def short_title(title: str) -> str:
    prefix = "中华人民共和国"
    return title[len(prefix) :] if title.startswith(prefix) and len(title) > len(prefix) else title


def law_agencies(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """By law key, the agencies concerned: those explaining it and those whose responsibility list names it."""
    found: dict[str, list[str]] = {}
    for explainer in catalog.explainers:
        found.setdefault(law_key(explainer.law), []).extend(explainer.agencies)
    for agency in catalog.agencies:
        for law in (law for r in agency.responsibilities for law in r.laws):
            found.setdefault(law_key(law), []).append(agency.id)
    return {key: tuple(dict.fromkeys(ids)) for key, ids in found.items()}


# an observance or anniversary links the newest few explainers of its laws beside the laws' pages,
# which list them all: linking every one repeated hundreds of links in each of a large site's
# calendar views (a 20,000-page site's calendar page was 3 MB)
LINKED_EXPLAINERS = 5


def newest_explainers(explainers) -> tuple[str, ...]:
    unique = {e.src_uri: e for e in explainers}.values()
    return tuple(e.src_uri for e in sorted(unique, key=lambda e: (e.published, e.src_uri), reverse=True)[:LINKED_EXPLAINERS])


def comment_deadlines(catalog: Catalog) -> list[Occurrence]:
    return [
        Occurrence(
            uid=f"comment-{e.agency}-{e.slug}",
            kind=COMMENT,
            title=f"征求意见截止：{e.title}",
            start=e.comment_closes,
            end=e.comment_closes,
            agencies=e.agencies,
            note=f"意见征集期 {e.comment_opens.isoformat()} 至 {e.comment_closes.isoformat()}",
            explainers=(e.src_uri,),
            laws=(law_key(e.law),),
            source=e.src_uri,
        )
        for e in catalog.explainers
        if e.status == STATUS_COMMENT and e.comment_closes is not None and e.comment_opens is not None
    ]


# the whole calendar


@dataclass(frozen=True)
class Calendar:
    """Every occurrence in a window of whole years, sorted, plus what produced them."""

    first: dt.date
    last: dt.date
    occurrences: tuple[Occurrence, ...]
    data: CalendarData = field(default_factory=CalendarData)
    # what entries link to, looked up once: law key → title, document src_uri → title
    law_titles: dict[str, str] = field(default_factory=dict, compare=False)
    titles: dict[str, str] = field(default_factory=dict, compare=False)

    def for_agency(self, agency_id: str) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if agency_id in o.agencies)

    def agency_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for o in self.occurrences for a in o.agencies))

    def on(self, day: dt.date) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.start <= day <= o.end)

    def observance(self, observance_id: str) -> Observance | None:
        return next((o for o in self.data.observances if o.id == observance_id), None)


def sort_key(occurrence: Occurrence) -> tuple:
    return (occurrence.start, occurrence.end, occurrence.starts_at or dt.time(0), occurrence.uid)


def build_calendar(
    data: CalendarData, catalog: Catalog, first_year: int, years: int, anniversaries_shown: str = ALL,
    library_anniversaries: str = ROUND,
) -> Calendar:
    """Occurrences overlapping the years first_year … first_year + years - 1.

    `anniversaries_shown` is ALL, ROUND (5, 10, 15 … years only) or NONE for the laws the site
    explains, applies in a case or an agency's responsibility list names; `library_anniversaries` the same for laws
    that are only in the statute library. With hundreds of laws, every yearly anniversary would
    bury the observances: a provincial library of 1,400 laws has 4,000 in two years.

    A period crossing a year end belongs to the year of its rule's day (the week of 1
    January 2027 starts on 28 December 2026), so the years on both sides of the window
    are expanded too and kept when they reach into it.
    """
    span = range(first_year - 1, first_year + years + 1)
    first, last = dt.date(first_year, 1, 1), dt.date(first_year + years - 1, 12, 31)
    laws = catalog.laws()
    by_key = {law.key: law for law in laws}
    found: list[Occurrence] = []
    for observance in data.observances:
        keys = tuple(k for k in map(law_key, observance.laws) if k in by_key)
        explainers = newest_explainers([e for k in keys for e in by_key[k].explainers])
        found += observance_occurrences(observance, span, keys, explainers)
    found += [event_occurrence(e) for e in data.events]
    concerned = law_agencies(catalog)
    used = tuple(law for law in laws if law.explainers or law.cases or law.key in concerned)
    library = tuple(law for law in laws if law not in used)
    for shown, group, in_library in ((anniversaries_shown, used, False), (library_anniversaries, library, True)):
        if shown != NONE:
            found += [o for o in anniversaries(catalog, span, group, in_library) if o.round or shown == ALL]
    found += comment_deadlines(catalog)
    inside = sorted((o for o in found if o.overlaps(first, last)), key=sort_key)
    titles = {d.src_uri: d.title for d in (*catalog.explainers, *catalog.cases)}
    return Calendar(first, last, tuple(inside), data, {law.key: law.title for law in laws}, titles)


def months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    return [
        (year, month)
        for year in range(first.year, last.year + 1)
        for month in range(1, 13)
        if dt.date(year, month, 1) <= last
        and dt.date(year, month, _calendar.monthrange(year, month)[1]) >= first
    ]

"""iCalendar (RFC 5545) feeds of the calendar, written with the icalendar library.

Observances with a rule a calendar app can repeat by itself (fixed day, whole month, nth
weekday) are one recurring event each; everything else is one event per occurrence.
UIDs come from ids in content, never from positions, so a re-built feed updates the
events people already subscribed to instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from ..clock import CHINA
from .. import routes
from .events import (
    EVENT,
    KIND_LABELS,
    RULE_FIXED,
    RULE_MONTH,
    RULE_NTH_WEEKDAY,
    Calendar,
    Observance,
    Occurrence,
    periods_in,
)

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def repeats_yearly(observance: Observance) -> bool:
    # 29 February has no yearly RRULE that falls on 28 February in other years
    return observance.rule in (RULE_MONTH, RULE_NTH_WEEKDAY) or (
        observance.rule == RULE_FIXED and observance.month_day != (2, 29)
    )


def to_rrule(observance: Observance) -> dict:
    if observance.rule == RULE_NTH_WEEKDAY:
        return {
            "freq": "yearly",
            "bymonth": observance.month,
            "byday": f"{observance.nth}{_BYDAY[observance.weekday]}",
        }
    return {"freq": "yearly"}


class FeedWriter:
    def __init__(self, calendar: Calendar, site_url: str | None, stamp: dt.datetime,
                 site_routes: routes.Routes = routes.Routes()) -> None:
        self.calendar, self.stamp, self.routes = calendar, stamp, site_routes
        self._vtimezone: icalendar.Timezone | None = None
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else None
        self.host = urlsplit(site_url).hostname if site_url else None

    def uid(self, local: str) -> str:
        return f"{local}@{self.host or 'pufa'}"

    def url(self, src_uri: str, anchor: str = "") -> str | None:
        if not self.site_url:
            return None
        return self.routes.url(self.site_url, src_uri, anchor)

    def feed(self, name: str, agency: str | None = None) -> bytes:
        ical = icalendar.Calendar()
        ical.add("prodid", "-//pufa//普法日历//ZH")
        ical.add("version", "2.0")
        ical.add("calscale", "GREGORIAN")
        ical.add("method", "PUBLISH")
        ical.add("name", name)
        ical.add("x-wr-calname", name)
        ical.add("x-wr-timezone", "Asia/Shanghai")
        recurring = {o.id for o in self.calendar.data.observances if repeats_yearly(o)}
        for observance in self.calendar.data.observances:
            if observance.id in recurring and (agency is None or agency in observance.agencies):
                ical.add_component(self.recurring_event(observance))
        chosen = self.calendar.for_agency(agency) if agency else self.calendar.occurrences
        for occurrence in chosen:
            if not (occurrence.observance in recurring and occurrence.kind != EVENT):
                ical.add_component(self.event(occurrence))
        if any(o.starts_at for o in chosen):
            ical.subcomponents.insert(0, self.vtimezone())
        return ical.to_ical()

    def vtimezone(self) -> icalendar.Timezone:
        # computing it from tzdata costs more than the rest of a feed: once per build, not per feed
        if self._vtimezone is None:
            self._vtimezone = icalendar.Timezone.from_tzid("Asia/Shanghai")
        return self._vtimezone

    def recurring_event(self, observance: Observance) -> icalendar.Event:
        first_year = observance.since or self.calendar.first.year
        period, _ = periods_in(observance, first_year)[0]
        event = icalendar.Event()
        event.add("uid", self.uid(f"observance-{observance.id}"))
        event.add("dtstamp", self.stamp)
        event.add("summary", observance.name)
        event.add("dtstart", period.start)
        event.add("dtend", period.end + dt.timedelta(days=1))
        event.add("rrule", to_rrule(observance))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [KIND_LABELS["observance"]])
        event.add(
            "description", "\n".join(x for x in (f"依据：{observance.basis}", observance.description) if x)
        )
        url = self.url(routes.CALENDAR, "rules")
        if url:
            event.add("url", url)
        return event

    def event(self, occurrence: Occurrence) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", self.uid(occurrence.uid))
        event.add("dtstamp", self.stamp)
        event.add("summary", occurrence.title + ("（日期为推定）" if occurrence.estimated else ""))
        if occurrence.starts_at and occurrence.ends_at:
            event.add("dtstart", dt.datetime.combine(occurrence.start, occurrence.starts_at, CHINA))
            event.add("dtend", dt.datetime.combine(occurrence.start, occurrence.ends_at, CHINA))
            days = (occurrence.end - occurrence.start).days + 1
            if days > 1:  # the same hours on each day, not one block running through the nights
                event.add("rrule", {"freq": "daily", "count": days})
        else:
            event.add("dtstart", occurrence.start)
            event.add("dtend", occurrence.end + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        event.add("categories", [KIND_LABELS[occurrence.kind]])
        if occurrence.place:
            event.add("location", occurrence.place)
        lines = [occurrence.note] if occurrence.note else []
        for src in (*occurrence.explainers, *occurrence.cases):
            lines.append(f"{self.calendar.titles[src]} {self.url(src) or ''}".rstrip())
        if lines:
            event.add("description", "\n".join(lines))
        url = self.url(routes.CALENDAR, occurrence.uid)
        if url:
            event.add("url", url)
        return event


def feed_name(agency_name: str | None = None) -> str:
    return f"{agency_name}普法日历" if agency_name else "普法日历"

"""The iCalendar feeds of a real build, parsed back with the icalendar parser event by event."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from conftest import AGENCY, mkdocs_build
from dateutil.rrule import rrulestr
from test_calendar_checks import CALENDAR, MKDOCS_YML, PATH

CHINA = ZoneInfo("Asia/Shanghai")
EPOCH = "1795190400"  # 2026-11-20 16:00 UTC, midnight of 21 November in China

FEED_CALENDAR = (
    CALENDAR
    + """\
  - id: year-end-week
    title: 跨年法律援助宣传
    agency: moj
    start: 2026-12-28
    end: 2027-01-03
    explainers: [moj/legal-aid]
  - id: zj-sft-mediation
    title: 人民调解进社区
    agency: zj-sft
    start: 2026-12-10
"""
)

ZJ_SFT = (
    AGENCY.replace("name: 中华人民共和国司法部", "name: 浙江省司法厅")
    .replace("short_name: 司法部", "short_name: 浙江司法厅")
    .replace("level: 中央", "level: 省级")
)


@pytest.fixture
def feeds(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = project({"mkdocs.yml": MKDOCS_YML, PATH: FEED_CALENDAR, "content/agencies/zj-sft.yml": ZJ_SFT})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    return root / "site" / "calendar"


def parse(path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT")), "UIDs must be unique"
    return events


def test_feed_is_an_rfc5545_calendar_with_crlf_lines(feeds):
    raw = (feeds / "pufa.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//pufa//")
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event), event
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 20, 16, tzinfo=dt.UTC)


def test_fixed_observance_is_one_yearly_all_day_event_from_its_first_year(feeds):
    event = parse(feeds / "pufa.ics")["observance-constitution-day@127.0.0.1"]
    assert str(event["SUMMARY"]) == "国家宪法日"
    assert event.decoded("DTSTART") == dt.date(2014, 12, 4)  # a DATE, not a DATE-TIME
    assert event.decoded("DTEND") == dt.date(2014, 12, 5)
    assert event["RRULE"].to_ical() == b"FREQ=YEARLY"
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime(2014, 12, 4))
    assert rule.between(dt.datetime(2026, 1, 1), dt.datetime(2027, 1, 1)) == [dt.datetime(2026, 12, 4)]


def test_nth_weekday_observance_repeats_by_rule(feeds):
    event = parse(feeds / "pufa.ics")["observance-disability-day@127.0.0.1"]
    start = event.decoded("DTSTART")
    assert start == dt.date(2026, 5, 17)  # no `since`: the first year of the window
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
    assert [d.date() for d in rule[:3]] == [dt.date(2026, 5, 17), dt.date(2027, 5, 16), dt.date(2028, 5, 21)]


def test_timed_event_is_in_china_time_with_its_vtimezone(feeds):
    calendar = icalendar.Calendar.from_ical((feeds / "pufa.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    event = parse(feeds / "pufa.ics")["event-moj-legal-aid-day@127.0.0.1"]
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 4, 9, 30, tzinfo=CHINA)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 4, 11, 30, tzinfo=CHINA)
    # two days, the same hours each day
    assert event["RRULE"].to_ical() == b"FREQ=DAILY;COUNT=2"
    assert str(event["LOCATION"]) == "公共法律服务中心"
    assert "http://127.0.0.1/laws/moj/legal-aid/" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "http://127.0.0.1/calendar/#event-moj-legal-aid-day"


def test_all_day_period_crossing_the_year_end_has_an_exclusive_end_date(feeds):
    event = parse(feeds / "pufa.ics")["event-year-end-week@127.0.0.1"]
    assert event.decoded("DTSTART") == dt.date(2026, 12, 28)
    assert event.decoded("DTEND") == dt.date(2027, 1, 4)
    assert "RRULE" not in event


def test_law_anniversaries_are_dated_events_with_round_ones_in_the_window(feeds):
    events = parse(feeds / "pufa.ics")
    anniversaries = sorted(
        (e.decoded("DTSTART"), str(e["SUMMARY"]))
        for uid, e in events.items()
        if uid.startswith("anniversary-")
    )
    # 法律援助法: promulgated 2021-08-20, in force 2022-01-01; window 2026–2027
    assert anniversaries == [
        (dt.date(2026, 1, 1), "《法律援助法》现行文本施行4周年"),
        (dt.date(2026, 8, 20), "《法律援助法》现行文本公布5周年"),
        (dt.date(2027, 1, 1), "《法律援助法》现行文本施行5周年"),
        (dt.date(2027, 8, 20), "《法律援助法》现行文本公布6周年"),
    ]


def test_uids_are_stable_across_builds(project, monkeypatch, feeds):
    first = set(parse(feeds / "pufa.ics"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400 * 3))
    root = feeds.parent.parent
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    assert set(parse(feeds / "pufa.ics")) == first


def test_agency_feed_has_only_that_agencys_dates(feeds):
    moj = parse(feeds / "moj.ics")
    zj = parse(feeds / "zj-sft.ics")
    assert "event-zj-sft-mediation@127.0.0.1" in zj and "event-zj-sft-mediation@127.0.0.1" not in moj
    assert "observance-constitution-day@127.0.0.1" in moj  # moj is one of its agencies
    assert "observance-constitution-day@127.0.0.1" not in zj
    assert "observance-disability-day@127.0.0.1" not in moj  # no agency named
    # its responsibility list names 法律援助法, so that law's anniversaries are its dates too
    assert {uid for uid in zj if not uid.startswith("anniversary-")} == {"event-zj-sft-mediation@127.0.0.1"}
    assert len([uid for uid in zj if uid.startswith("anniversary-")]) == 4
    calendar = icalendar.Calendar.from_ical((feeds / "zj-sft.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "浙江司法厅普法日历"


def test_calendar_pages_and_their_navigation_entry_are_built(feeds):
    site = feeds.parent
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="calendar/" class="md-nav__link">\s*<span class="md-ellipsis">\s*普法日历', home
    )
    moj = (site / "calendar" / "moj" / "index.html").read_text(encoding="utf-8")
    assert 'href="../moj.ics"' in moj and "司法部普法日历" in moj
    agency = (site / "agencies" / "moj" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../calendar/moj/"' in agency and "data-pufa-calendar-upcoming" in agency


def test_round_anniversaries_are_marked_on_the_calendar_page(feeds):
    page = (feeds / "index.html").read_text(encoding="utf-8")
    items = dict(
        re.findall(r'<li class="pufa-cal-item[^"]*"[^>]* id="([^"]+)"[^>]*>(.*?)</li>', page, re.DOTALL)
    )
    fifth = next(uid for uid in items if uid.startswith("anniversary-") and uid.endswith("-effective-2027"))
    sixth = next(uid for uid in items if uid.startswith("anniversary-") and uid.endswith("-promulgated-2027"))
    assert "现行文本施行5周年" in items[fifth] and "逢五逢十周年" in items[fifth]
    assert "现行文本公布6周年" in items[sixth] and "逢五逢十周年" not in items[sixth]


def test_plugin_without_options_loads_with_its_documented_defaults(project):
    from mkdocs.config import load_config

    root = project(
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "  - pufa/calendar:\n      first_year: 2026\n", "  - pufa/calendar\n"
            )
        }
    )
    config = load_config(str(root / "mkdocs.yml"))
    options = config.plugins["pufa/calendar"].config
    assert options.first_year is None and options.years == 2 and options.anniversaries == "all"
    assert options.countdown == "constitution-day" and options.upcoming == 5
    assert options.content_dir is None  # deprecated: the content folder is pufa/content's


def test_a_calendar_link_to_a_page_the_build_does_not_write_is_reported(project, monkeypatch):
    """The calendar's month views and lists are finished HTML that MkDocs does not check: pufa does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {PATH: FEED_CALENDAR, "content/agencies/zj-sft.yml": ZJ_SFT}
    ok = mkdocs_build(project({"mkdocs.yml": MKDOCS_YML, **files}) / "mkdocs.yml")
    assert ok.error is None and not [line for line in ok.logs if "普法日历的链接" in line], ok.logs
    # another plugin (here a site's hook) leaves the explainer the year-end event relates to out of the build
    hook = ("def on_files(files, config):\n"
            "    files.remove(files.get_file_from_path('laws/moj/legal-aid.md'))\n"
            "    return files\n")
    root = project({"mkdocs.yml": MKDOCS_YML + "hooks:\n  - hooks.py\n", "hooks.py": hook, **files})
    result = mkdocs_build(root / "mkdocs.yml")
    reported = [line for line in result.logs if "普法日历的链接" in line]
    assert any("calendar/index.md" in line and "laws/moj/legal-aid/" in line for line in reported), result.logs
    assert all("不存在" in line for line in reported)

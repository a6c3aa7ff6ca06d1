"""Recurrence rules and dates derived from content: leap days, year ends, round anniversaries."""

from __future__ import annotations

import datetime as dt

from conftest import EXPLAINER, REPO
from pufa.core.calendar.events import (
    ANNIVERSARY,
    COMMENT,
    RULE_ANNOUNCED,
    RULE_FIXED,
    RULE_MONTH,
    RULE_NTH_WEEKDAY,
    RULE_WEEK_OF,
    CalendarData,
    CampaignEvent,
    Observance,
    Period,
    anniversaries,
    build_calendar,
    comment_deadlines,
    on_day,
    periods_in,
)
from pufa.core.calendar.loading import load_calendar
from pufa.render.calendar import month_view, upcoming_list
from pufa.core.content.catalog import law_key
from pufa.core.content.loading import load_content

D = dt.date


def catalog_with(project, explainer: str = EXPLAINER):
    root = project({"content/laws/moj/legal-aid.md": explainer})
    result = load_content(root / "content", root)
    assert result.ok, result.problems
    return result.catalog


def dated(promulgated: str, effective: str) -> str:
    return EXPLAINER.replace("law_promulgated: 2021-08-20", f"law_promulgated: {promulgated}").replace(
        "law_effective: 2022-01-01", f"law_effective: {effective}"
    )


def observance(rule: str, **values) -> Observance:
    return Observance(id="x", name="测试日", rule=rule, basis="测试", **values)


def spans(o: Observance, year: int) -> list[tuple[dt.date, dt.date, bool]]:
    return [(p.start, p.end, estimated) for p, estimated in periods_in(o, year)]


def test_fixed_day_every_year_but_not_before_it_was_set_up():
    day = observance(RULE_FIXED, month_day=(12, 4), since=2014)
    assert spans(day, 2026) == [(D(2026, 12, 4), D(2026, 12, 4), False)]
    assert spans(day, 2013) == []


def test_whole_month_ends_on_its_last_day_in_leap_and_common_years():
    assert spans(observance(RULE_MONTH, month=2), 2028) == [(D(2028, 2, 1), D(2028, 2, 29), False)]
    assert spans(observance(RULE_MONTH, month=2), 2027) == [(D(2027, 2, 1), D(2027, 2, 28), False)]
    assert spans(observance(RULE_MONTH, month=5), 2026) == [(D(2026, 5, 1), D(2026, 5, 31), False)]


def test_nth_weekday_third_sunday_of_may_and_third_saturday_of_september():
    # 全国助残日 and 全民国防教育日
    assert spans(observance(RULE_NTH_WEEKDAY, month=5, nth=3, weekday=6), 2026)[0][0] == D(2026, 5, 17)
    assert spans(observance(RULE_NTH_WEEKDAY, month=5, nth=3, weekday=6), 2027)[0][0] == D(2027, 5, 16)
    assert spans(observance(RULE_NTH_WEEKDAY, month=9, nth=3, weekday=5), 2026)[0][0] == D(2026, 9, 19)


def test_week_containing_a_day_starts_on_the_given_weekday():
    # 家庭教育宣传周: the week of 15 May; 2026-05-15 is a Friday
    assert spans(observance(RULE_WEEK_OF, month_day=(5, 15)), 2026) == [
        (D(2026, 5, 11), D(2026, 5, 17), False)
    ]
    assert spans(observance(RULE_WEEK_OF, month_day=(5, 15), week_starts=6), 2026) == [
        (D(2026, 5, 10), D(2026, 5, 16), False)
    ]


def test_week_containing_new_year_crosses_the_year_end():
    week = observance(RULE_WEEK_OF, month_day=(1, 1))
    assert spans(week, 2026) == [(D(2025, 12, 29), D(2026, 1, 4), False)]
    assert spans(week, 2027) == [(D(2026, 12, 28), D(2027, 1, 3), False)]


def test_announced_periods_are_used_and_other_years_estimated_only_with_a_default_day():
    week = observance(
        RULE_ANNOUNCED, month_day=(12, 4), week_starts=6, periods=(Period(D(2018, 12, 2), D(2018, 12, 8)),)
    )
    assert spans(week, 2018) == [(D(2018, 12, 2), D(2018, 12, 8), False)]
    assert spans(week, 2026) == [(D(2026, 11, 29), D(2026, 12, 5), True)]
    assert spans(observance(RULE_ANNOUNCED, periods=(Period(D(2020, 9, 14), D(2020, 9, 20)),)), 2026) == []


def test_leap_day_falls_on_28_february_in_common_years():
    assert on_day(2027, 2, 29) == D(2027, 2, 28)
    assert on_day(2028, 2, 29) == D(2028, 2, 29)


def test_anniversary_of_a_law_promulgated_on_29_february(project):
    catalog = catalog_with(project, dated("2024-02-29", "2024-07-01"))
    found = [o for o in anniversaries(catalog, range(2025, 2029)) if "公布" in o.title]
    assert [(o.start, o.title) for o in found] == [
        (D(2025, 2, 28), "《法律援助法》现行文本公布1周年"),
        (D(2026, 2, 28), "《法律援助法》现行文本公布2周年"),
        (D(2027, 2, 28), "《法律援助法》现行文本公布3周年"),
        (D(2028, 2, 29), "《法律援助法》现行文本公布4周年"),
    ]


def test_round_anniversaries_are_marked(project):
    catalog = catalog_with(project, dated("2006-08-20", "2016-01-01"))
    found = {(o.start, o.title): o.round for o in anniversaries(catalog, range(2026, 2027))}
    assert found == {
        (D(2026, 1, 1), "《法律援助法》现行文本施行10周年"): True,
        (D(2026, 8, 20), "《法律援助法》现行文本公布20周年"): True,
    }
    later = {o.title: o.round for o in anniversaries(catalog, range(2027, 2032))}
    assert later["《法律援助法》现行文本施行11周年"] is False
    assert later["《法律援助法》现行文本施行15周年"] is True
    assert later["《法律援助法》现行文本公布25周年"] is True
    assert later["《法律援助法》现行文本公布24周年"] is False


def test_promulgated_and_effective_on_one_day_is_one_entry(project):
    catalog = catalog_with(project, dated("2021-04-29", "2021-04-29"))
    found = anniversaries(catalog, range(2026, 2027))
    assert [(o.start, o.title, o.round) for o in found] == [
        (D(2026, 4, 29), "《法律援助法》现行文本公布并施行5周年", True)
    ]
    assert found[0].kind == ANNIVERSARY and found[0].agencies == ("moj",)


def test_no_anniversary_in_the_year_of_the_law_itself(project):
    catalog = catalog_with(project, dated("2026-03-01", "2026-06-01"))
    assert anniversaries(catalog, range(2025, 2027)) == []


def test_comment_deadline_of_a_draft_open_for_comment(project):
    draft = EXPLAINER.replace(
        "status: 已发布", "status: 征求意见\ncomment_opens: 2026-11-01\ncomment_closes: 2027-01-05"
    )
    catalog = catalog_with(project, draft)
    [deadline] = comment_deadlines(catalog)
    assert (deadline.kind, deadline.start, deadline.end) == (COMMENT, D(2027, 1, 5), D(2027, 1, 5))
    assert deadline.explainers == ("laws/moj/legal-aid.md",)
    assert comment_deadlines(catalog_with(project)) == []


def test_window_keeps_periods_reaching_into_it_from_the_year_before(project):
    catalog = catalog_with(project)
    data = CalendarData(
        observances=(
            Observance(id="new-year-week", name="元旦周", rule=RULE_WEEK_OF, basis="测试", month_day=(1, 1)),
        ),
        events=(
            CampaignEvent(
                id="year-end", title="跨年宣传", agency="moj", start=D(2026, 12, 28), end=D(2027, 1, 3)
            ),
        ),
    )
    calendar = build_calendar(data, catalog, 2027, 1)
    spans_ = {(o.uid, o.start, o.end) for o in calendar.occurrences if o.kind != ANNIVERSARY}
    assert spans_ == {
        ("observance-new-year-week-2027", D(2026, 12, 28), D(2027, 1, 3)),
        ("event-year-end", D(2026, 12, 28), D(2027, 1, 3)),
        ("observance-new-year-week-2028", D(2027, 12, 27), D(2028, 1, 2)),
    }
    grid = month_view(calendar.occurrences, calendar, D(2026, 12, 1))
    january = grid[
        grid.index('data-pufa-calendar-month="2027-01"') : grid.index('data-pufa-calendar-month="2027-02"')
    ]
    assert "跨年宣传" in january and "元旦周" in january
    assert 'data-pufa-calendar-month="2026-12"' not in grid


def test_the_repository_calendar_has_the_constitution_dates_of_2026():
    result = load_content(REPO / "content", REPO)
    loaded = load_calendar(REPO / "content", REPO, result.catalog)
    assert loaded.problems == ()
    calendar = build_calendar(loaded.data, result.catalog, 2026, 1)
    assert len(loaded.data.observances) >= 20
    assert [o.title for o in calendar.on(D(2026, 12, 4)) if o.kind == "observance"] == [
        "第9个宪法宣传周",
        "第13个国家宪法日",
    ]
    assert [o.title for o in calendar.on(D(2026, 12, 2)) if o.kind == "observance"] == [
        "第9个宪法宣传周",
        "第15个全国交通安全日",
    ]
    assert [o.title for o in calendar.on(D(2026, 4, 15))] == ["第11个全民国家安全教育日"]


def test_large_sites_can_show_only_round_anniversaries_or_none(project):
    catalog = catalog_with(project, dated("2006-08-20", "2017-01-01"))
    kinds = {
        shown: [o.title for o in build_calendar(CalendarData(), catalog, 2026, 1, shown).occurrences]
        for shown in ("all", "round", "none")
    }
    assert kinds["all"] == ["《法律援助法》现行文本施行9周年", "《法律援助法》现行文本公布20周年"]
    assert kinds["round"] == ["《法律援助法》现行文本公布20周年"]
    assert kinds["none"] == []


def test_laws_only_in_the_statute_library_have_only_round_anniversaries_by_default(project):
    # 人民调解法 (2010-08-28, in force 2011-01-01) is in the library; no explainer, case or list names it
    statute = "---\ntitle: 中华人民共和国人民调解法\npromulgated: 2010-08-28\neffective: 2011-01-01\n---\n\n第一条 调解。\n"
    root = project({"content/statutes/people-mediation.md": statute})
    result = load_content(root / "content", root)
    assert result.ok, result.problems
    titles = {
        shown: [o.title for o in build_calendar(CalendarData(), result.catalog, 2026, 1, "all", shown).occurrences
                if "人民调解法" in o.title]
        for shown in ("round", "all", "none")
    }
    assert titles["round"] == ["《人民调解法》现行文本施行15周年"]  # not the 16th of its promulgation
    assert titles["all"] == ["《人民调解法》现行文本施行15周年", "《人民调解法》现行文本公布16周年"]
    assert titles["none"] == []
    # the explained law keeps every yearly anniversary
    calendar = build_calendar(CalendarData(), result.catalog, 2026, 1)
    assert "《法律援助法》现行文本施行4周年" in [o.title for o in calendar.occurrences]
    # the library's anniversary is in the month view, not in the upcoming list it would bury
    today = D(2026, 1, 1)
    assert "《人民调解法》现行文本施行15周年" in month_view(calendar.occurrences, calendar, today)
    upcoming = upcoming_list(calendar.occurrences, calendar, result.catalog, "calendar/index.md", today)
    assert "《法律援助法》现行文本施行4周年" in upcoming and "人民调解法" not in upcoming


def test_an_anniversary_links_the_newest_five_explainers_of_its_law_beside_the_law(project):
    # seven explainers of one law: the entry links the five newest and the law's page, which lists all
    files = {f"content/laws/moj/aid-{n}.md": EXPLAINER.replace("published: 2026-03-01", f"published: 2026-03-0{n}")
             .replace("哪些人可以申请法律援助？", f"法律援助问答{n}") for n in range(2, 9)}
    root = project(files)
    result = load_content(root / "content", root)
    assert result.ok, result.problems
    [found] = [o for o in anniversaries(result.catalog, range(2026, 2027)) if "施行" in o.title]
    assert found.explainers == tuple(f"laws/moj/aid-{n}.md" for n in (8, 7, 6, 5, 4))
    assert found.laws == (law_key("中华人民共和国法律援助法"),)

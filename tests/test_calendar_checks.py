"""content/calendar.yml checks: one bad input each, asserting file, line, field and code."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import MKDOCS_YML as CONTENT_YML
from conftest import REPO, mkdocs_build, only, replace
from pufa.core.calendar.loading import EVENT_FIELDS, OBSERVANCE_FIELDS, load_calendar
from pufa.render.calendar import _GUIDE_EXAMPLE, render_calendar_guide
from pufa.core.content.loading import load_content
from pufa.core.problems import Problem

PATH = "content/calendar.yml"

CALENDAR = """\
observances:
  - id: constitution-day
    name: 国家宪法日
    rule: 固定日期
    date: 12-04
    since: 2014
    basis: 全国人大常委会关于设立国家宪法日的决定
    agencies: [moj]
    laws: [中华人民共和国宪法]
  - id: disability-day
    name: 全国助残日
    rule: 第几个星期几
    month: 5
    nth: 3
    weekday: 星期日
    basis: 残疾人保障法第十四条
events:
  - id: moj-legal-aid-day
    title: 法律援助咨询日
    agency: moj
    start: 2026-12-04
    end: 2026-12-05
    time: 09:30-11:30
    place: 公共法律服务中心
    observance: constitution-day
    explainers: [moj/legal-aid]
    cases: [moj/wage-case]
"""

MKDOCS_YML = CONTENT_YML + """\
  - pufa/calendar:
      first_year: 2026
"""


def check(project, calendar: str) -> list[Problem]:
    root = project({PATH: calendar})
    result = load_content(root / "content", root)
    assert result.ok, result.problems
    return list(load_calendar(root / "content", root, result.catalog).problems)


def test_valid_calendar_has_no_problems_and_resolves_references(project):
    root = project({PATH: CALENDAR})
    catalog = load_content(root / "content", root).catalog
    loaded = load_calendar(root / "content", root, catalog)
    assert loaded.problems == ()
    [event] = loaded.data.events
    assert event.explainers == ("laws/moj/legal-aid.md",) and event.cases == ("cases/moj/wage-case.md",)
    assert str(event.starts_at) == "09:30:00" and event.end.isoformat() == "2026-12-05"


def test_missing_calendar_file_is_an_empty_calendar(project):
    root = project()
    loaded = load_calendar(root / "content", root, load_content(root / "content", root).catalog)
    assert loaded.problems == () and loaded.data.observances == () and loaded.data.events == ()


def test_impossible_event_date(project):
    problem = only(
        check(project, replace(CALENDAR, "start: 2026-12-04", "start: 2026-02-30")), "impossible-date"
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 21, "events[1].start")
    assert "2026年2月没有30日" in problem.message


def test_impossible_yearly_day(project):
    problem = only(check(project, replace(CALENDAR, "date: 12-04", "date: 11-31")), "impossible-date")
    assert (problem.path, problem.line, problem.field) == (PATH, 5, "observances[1].date")
    assert "11月没有31日" in problem.message


def test_event_ending_before_it_starts(project):
    problem = only(check(project, replace(CALENDAR, "end: 2026-12-05", "end: 2026-12-01")), "date-order")
    assert (problem.path, problem.line, problem.field) == (PATH, 22, "events[1].end")
    assert "2026-12-01" in problem.message and "2026-12-04" in problem.message


def test_announced_period_ending_before_it_starts(project):
    announced = CALENDAR + "  # end of events\n"
    announced = replace(
        announced,
        "events:\n",
        """\
  - id: cyber-week
    name: 国家网络安全宣传周
    rule: 逐年公布
    periods:
      - start: 2020-09-14
        end: 2020-09-20
      - start: 2018-09-23
        end: 2018-09-17
    basis: 活动方案
events:
""",
    )
    problem = only(check(project, announced), "date-order")
    assert (problem.path, problem.line, problem.field) == (PATH, 24, "observances[3].periods[2].end")


def test_event_time_ending_before_it_starts(project):
    problem = only(check(project, replace(CALENDAR, "time: 09:30-11:30", "time: 11:30-09:30")), "time-order")
    assert (problem.path, problem.line, problem.field) == (PATH, 23, "events[1].time")


def test_unknown_agency_of_an_event(project):
    problem = only(check(project, replace(CALENDAR, "agency: moj", "agency: mojj")), "unknown-agency")
    assert (problem.path, problem.line, problem.field) == (PATH, 20, "events[1].agency")
    assert "“moj”" in problem.message  # did-you-mean


def test_unknown_agency_of_an_observance(project):
    problem = only(
        check(project, replace(CALENDAR, "agencies: [moj]", "agencies: [moj, npc]")), "unknown-agency"
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 8, "observances[1].agencies[2]")


def test_dangling_explainer_reference(project):
    problem = only(
        check(project, replace(CALENDAR, "explainers: [moj/legal-aid]", "explainers: [moj/legal-aide]")),
        "unknown-explainer",
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 26, "events[1].explainers[1]")
    assert "moj/legal-aid" in problem.message


def test_explainer_reference_by_content_path_or_slug(project):
    for ref in ("content/laws/moj/legal-aid.md", "laws/moj/legal-aid.md", "legal-aid"):
        assert check(project, replace(CALENDAR, "explainers: [moj/legal-aid]", f"explainers: [{ref}]")) == []


def test_dangling_case_reference(project):
    problem = only(
        check(project, replace(CALENDAR, "cases: [moj/wage-case]", "cases: [moj/no-such-case]")),
        "unknown-case",
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 27, "events[1].cases[1]")


def test_unknown_observance_of_an_event(project):
    problem = only(
        check(project, replace(CALENDAR, "observance: constitution-day", "observance: constitution")),
        "unknown-observance",
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 25, "events[1].observance")


def test_rule_without_the_fields_it_needs(project):
    problem = only(check(project, replace(CALENDAR, "    nth: 3\n", "")), "rule-needs-field")
    assert (problem.path, problem.line, problem.field) == (PATH, 12, "observances[2].rule")
    assert "nth" in problem.message


def test_unknown_rule_and_weekday(project):
    problems = check(
        project,
        replace(replace(CALENDAR, "rule: 固定日期", "rule: 每年"), "weekday: 星期日", "weekday: 周日"),
    )
    assert sorted((p.line, p.field, p.code) for p in problems) == [
        (4, "observances[1].rule", "bad-choice"),
        (15, "observances[2].weekday", "bad-choice"),
    ]


def test_duplicate_ids_across_observances_and_events(project):
    problem = only(
        check(project, replace(CALENDAR, "id: moj-legal-aid-day", "id: disability-day")), "duplicate-id"
    )
    assert (problem.path, problem.line, problem.field) == (PATH, 18, "events[1].id")
    assert "第 10 行" in problem.message


def test_every_problem_is_reported_at_once(project):
    broken = replace(CALENDAR, "start: 2026-12-04", "start: 2026-13-01")
    broken = replace(broken, "agency: moj", "agency: nobody")
    broken = replace(broken, "month: 5", "month: 13")
    problems = check(project, broken)
    assert sorted((p.line, p.field, p.code) for p in problems) == [
        (13, "observances[2].month", "bad-month"),
        (20, "events[1].agency", "unknown-agency"),
        (21, "events[1].start", "impossible-date"),
    ]


def test_yaml_syntax_error_has_its_line(project):
    problem = only(check(project, replace(CALENDAR, "agencies: [moj]", "agencies: [moj")), "yaml-syntax")
    assert (problem.path, problem.line) == (PATH, 8)


@pytest.fixture
def built_before(project, tmp_path: Path):
    root = project({"mkdocs.yml": MKDOCS_YML, PATH: CALENDAR})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    return root


def test_bad_calendar_aborts_the_build_and_leaves_the_site_untouched(built_before):
    root = built_before
    feed = root / "site" / "calendar" / "pufa.ics"
    before = feed.read_bytes()
    (root / PATH).write_text(
        replace(
            replace(CALENDAR, "end: 2026-12-05", "end: 2026-12-01"),
            "explainers: [moj/legal-aid]",
            "explainers: [moj/gone]",
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    errors = [line for line in result.logs if line.startswith("ERROR") and PATH in line]
    assert errors == [
        f"ERROR: pufa: {PATH}:22: events[1].end: 结束日期（2026-12-01）不能早于开始日期（2026-12-04）",
        (
            f"ERROR: pufa: {PATH}:26: events[1].explainers[1]: 找不到解读“moj/gone”"
            "。请写“机关编号/网址名”，如 moj/legal-aid-who-qualifies"
        ),
    ]
    assert feed.read_bytes() == before


def test_pufa_check_reports_calendar_problems_and_exits_1(project):
    root = project({PATH: replace(CALENDAR, "agency: moj", "agency: mojj")})
    result = subprocess.run(
        [sys.executable, "-m", "pufa.cli", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{PATH}:20: events[1].agency: 没有编号为“mojj”的机关，您是不是想写“moj”？",
        "共 1 个错误，0 个警告。",
    ]


def test_the_editors_guide_example_passes_the_checks_and_lists_every_field():
    catalog = load_content(REPO / "content", REPO).catalog
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "calendar.yml").write_text(_GUIDE_EXAMPLE, encoding="utf-8")
        loaded = load_calendar(Path(tmp), Path(tmp), catalog)
    assert loaded.problems == () and len(loaded.data.observances) == 3 and len(loaded.data.events) == 1
    guide = render_calendar_guide().markdown
    for spec in (*OBSERVANCE_FIELDS, *EVENT_FIELDS):
        assert f"| `{spec.name}` | {spec.label} |" in guide

"""The responsibility report counts a plan item as done only for work published by its day."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import AGENCY, CASE, EXPLAINER, Preview, replace
from pufa.core.content.loading import load_content
from pufa.core.report.responsibility import DONE, OPEN, OVERDUE, build_report

PUFA = [sys.executable, "-m", "pufa.cli"]

PLAN = replace(AGENCY, "    due: 2026-06-30\n", """    due: 2026-06-30
  - id: p2026-02
    title: 编发讨薪案例
    kind: 案例
    due: 2026-12-31
  - id: p2026-03
    title: 发布婚姻家庭解读
    kind: 解读
    due: 2026-05-31
  - id: p2026-04
    title: 宪法日活动
    kind: 活动
    due: 2026-12-31
""")
CALENDAR = ("observances: []\nevents:\n  - id: moj-2026-day\n    title: 宪法日宣传\n    agency: moj\n"
            "    start: 2026-12-04\n    plan_item: p2026-04\n")


def files() -> dict[str, str]:
    """p2026-01: explainer published 2026-03-01; p2026-02: case published 2026-09-15;
    p2026-03: only a draft; p2026-04: an event on 2026-12-04."""
    explainer = replace(EXPLAINER, "status: 已发布", "status: 已发布\nplan_item: p2026-01")
    case = replace(replace(CASE, "published: 2026-04-01", "published: 2026-09-15"),
                   "topics: [法律援助]", "topics: [法律援助]\nplan_item: p2026-02")
    draft = replace(replace(EXPLAINER, "status: 已发布", "status: 草稿\nplan_item: p2026-03"),
                    "title: 哪些人可以申请法律援助？", "title: 离婚冷静期怎么算？")
    return {"content/agencies/moj.yml": PLAN, "content/laws/moj/legal-aid.md": explainer,
            "content/cases/moj/wage-case.md": case, "content/laws/moj/divorce.md": draft,
            "content/calendar.yml": CALENDAR}


@pytest.mark.parametrize("as_of, states, counts", [
    # before anything was published: nothing is done, however the files are dated
    ("2026-02-28", [OPEN, OPEN, OPEN, OPEN], (0, 0, 0)),
    # the day of publication counts
    ("2026-03-01", [DONE, OPEN, OPEN, OPEN], (1, 0, 0)),
    # a draft never fulfils its item, so it falls overdue; the case is still future-dated
    ("2026-07-01", [DONE, OPEN, OVERDUE, OPEN], (1, 0, 0)),
    ("2026-09-15", [DONE, DONE, OVERDUE, OPEN], (1, 1, 0)),
    ("2026-12-04", [DONE, DONE, OVERDUE, DONE], (1, 1, 1)),
])
def test_cli_report_counts_only_work_published_by_the_as_of_day(project, as_of, states, counts):
    root = project(files())
    cli = subprocess.run([*PUFA, "--root", str(root), "report", "--as-of", as_of, "--format", "csv"],
                         capture_output=True, text=True, check=True)
    done, overdue, open_ = states.count(DONE), states.count(OVERDUE), states.count(OPEN)
    explainers, cases, events = counts
    # 机关,计划事项,已完成,逾期未完成,未到期,解读,案例,活动,计划外,超期未审核
    assert cli.stdout.splitlines()[1] == f"司法部,4,{done},{overdue},{open_},{explainers},{cases},{events},0,0"


@pytest.mark.parametrize("as_of, states", [
    ("2026-02-28", [OPEN, OPEN, OPEN, OPEN]),
    ("2026-07-01", [DONE, OPEN, OVERDUE, OPEN]),
    ("2027-01-01", [DONE, DONE, OVERDUE, OVERDUE]),
])
def test_a_draft_in_the_preview_catalog_never_completes_its_item(project, as_of, states):
    # a drafts preview puts the draft in the catalog; the report must still not count it
    root = project(files())
    catalog = load_content(root / "content", root, include_drafts=True).catalog
    [report] = build_report(catalog, dt.date.fromisoformat(as_of))
    assert [s.state for s in report.items] == states
    assert report.explainers == (0 if as_of < "2026-03-01" else 1)


def test_site_report_on_the_build_day_leaves_out_future_and_draft_work(project, monkeypatch):
    """The site's report is as of the build day: work dated later, and a draft shown in a preview,
    are not 已完成 there."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 8, 1, 2, tzinfo=dt.UTC).timestamp())))
    root = project(files())
    with Preview(root / "mkdocs.yml", root / "preview-site") as serve:  # `mkdocs serve`: drafts by default
        built = serve.build()
    page = (built.site / "report/moj/index.html").read_text(encoding="utf-8")
    # p2026-01 done on 03-01; the case of 09-15 is future; the draft's item fell due on 05-31
    assert page.count('data-pufa-plan-state="已完成"') == 1
    assert page.count('data-pufa-plan-state="逾期未完成"') == 1
    assert page.count('data-pufa-plan-state="未到期"') == 2

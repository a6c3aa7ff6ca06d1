"""The responsibility report: each agency's yearly plan against what it published.

Figures are computed for a given day (`as_of`), so the same content gives the same report:
only work published on or before that day counts, never a draft.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from ..content.catalog import Catalog
from ..content.fields import STATUS_DRAFT
from ..content.model import Agency, Explainer, PlanItem

DONE = "已完成"
OVERDUE = "逾期未完成"
OPEN = "未到期"


@dataclass(frozen=True)
class Deliverable:
    """Something published that can fulfil a plan item: an explainer, a case or an event."""

    title: str
    kind: str  # 解读 / 案例 / 活动
    agencies: tuple[str, ...]
    plan_item: str | None
    day: dt.date
    src_uri: str | None = None
    draft: bool = False  # in the catalog only in a drafts preview; never counts as done


@dataclass(frozen=True)
class PlanStatus:
    item: PlanItem
    deliverables: tuple[Deliverable, ...]
    state: str


@dataclass(frozen=True)
class AgencyReport:
    agency: Agency
    items: tuple[PlanStatus, ...]
    explainers: int
    cases: int
    events: int
    unplanned: int  # published deliverables not tied to any plan item
    stale: tuple[Explainer, ...]  # last legal review longer ago than allowed

    def count(self, state: str) -> int:
        return sum(s.state == state for s in self.items)


def deliverables_of(catalog: Catalog) -> list[Deliverable]:
    return [Deliverable(d.title, d.document_kind.short, d.agencies, d.plan_item, d.published, d.src_uri,
                        draft=d.status == STATUS_DRAFT)
            for d in (*catalog.explainers, *catalog.cases)]


def event_deliverables(events) -> list[Deliverable]:
    """Campaign events of calendar.yml (pufa.core.calendar.events.CampaignEvent) as deliverables."""
    # no link: the calendar page exists only when pufa/calendar is enabled
    return [Deliverable(e.title, "活动", (e.agency,), e.plan_item, e.start) for e in events]


def build_report(catalog: Catalog, as_of: dt.date, review_days: int = 365,
                 events: list[Deliverable] | None = None) -> list[AgencyReport]:
    everything = deliverables_of(catalog) + list(events or ())
    # future-dated work and drafts are not yet published on `as_of`
    published = [d for d in everything if not d.draft and d.day <= as_of]
    reports = []
    for agency in catalog.agencies:
        own = [d for d in published if agency.id in d.agencies]
        items = []
        for item in agency.plan:
            matched = tuple(d for d in own if d.plan_item == item.id)
            state = DONE if matched else (OVERDUE if item.due < as_of else OPEN)
            items.append(PlanStatus(item, matched, state))
        plan_ids = {i.id for i in agency.plan}
        limit = as_of - dt.timedelta(days=review_days)
        stale = tuple(e for e in catalog.explainers_of(agency.id) if e.reviewed and e.reviewed < limit)
        reports.append(AgencyReport(
            agency, tuple(items),
            explainers=sum(d.kind == "解读" for d in own), cases=sum(d.kind == "案例" for d in own),
            events=sum(d.kind == "活动" for d in own),
            unplanned=sum(d.plan_item not in plan_ids for d in own), stale=stale))
    return reports


HEADERS = ("机关", "计划事项", "已完成", "逾期未完成", "未到期", "解读", "案例", "活动", "计划外", "超期未审核")


def report_rows(reports: list[AgencyReport]) -> list[tuple]:
    return [(r.agency.short_name, len(r.items), r.count(DONE), r.count(OVERDUE), r.count(OPEN), r.explainers,
             r.cases, r.events, r.unplanned, len(r.stale)) for r in reports]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=HYPERLINK(…) in an agency's name) as plain text:
    a leading apostrophe, as OWASP's CSV injection advice says. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def report_csv(reports: list[AgencyReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in report_rows(reports))
    return out.getvalue()


def report_table(reports: list[AgencyReport]) -> str:
    """A fixed-width table for the terminal; Chinese characters count as two columns."""
    rows = [HEADERS, *report_rows(reports)]
    width = lambda text: sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))  # noqa: E731
    widths = [max(width(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(str(cell) + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)

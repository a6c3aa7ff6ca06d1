"""Reading and checking content/calendar.yml: observances and agencies' campaign events.

Every problem names the file, the line and the field (observances[3].date), all at once,
like the checks of the other content files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import messages as msg
from .events import (
    RULE_ANNOUNCED,
    RULE_FIXED,
    RULE_MONTH,
    RULE_NTH_WEEKDAY,
    RULE_WEEK_OF,
    WEEKDAYS,
    CalendarData,
    CampaignEvent,
    Observance,
    Period,
)
from ..content.catalog import Catalog
from ..content.fields import Field
from .fields import EVENT_FIELDS, OBSERVANCE_FIELDS
from ..content.links import Walk, content_boundary, inside, walk_files
from ..content.model import Document
from ..problems import Problem, has_errors, sort_problems
from ..content.reading import Parsed, decode, dotted, parse_yaml
from ..content.references import Registry, check_agency_refs
from ..content.validation import check_fields, suggest

CALENDAR_FILE = "calendar.yml"



@dataclass(frozen=True)
class CalendarLoad:
    data: CalendarData | None  # None when there is any error
    problems: tuple[Problem, ...]


class _Item:
    """One list item of the file, checked with the common field specs and reported by full path."""

    def __init__(self, parsed: Parsed, at: tuple, path: str, today: dt.date | None) -> None:
        self.at, self.path, self.today = at, path, today
        lines = {k[len(at) :]: v for k, v in parsed.lines.items() if k[: len(at)] == at and len(k) > len(at)}
        self.parsed = Parsed(parsed_value(parsed.data, at), lines, parsed.line(at))
        self.problems: list[Problem] = []

    def check(self, fields: tuple[Field, ...]) -> dict[str, Any]:
        values, problems = check_fields(fields, self.parsed, self.path, self.today)
        self.adopt(problems)
        return values

    def adopt(self, problems: list[Problem]) -> None:
        prefix = dotted(self.at)
        self.problems += [
            dataclasses.replace(p, field=f"{prefix}.{p.field}" if p.field else prefix) for p in problems
        ]

    def report(self, name: str | tuple, code: str, message: str) -> None:
        at = (name,) if isinstance(name, str) else name
        self.problems.append(Problem(self.path, self.parsed.line(at), dotted(self.at + at), code, message))


def parsed_value(data: Any, at: tuple) -> Any:
    for part in at:
        data = data[part]
    return data


class _CalendarChecker:
    def __init__(self, parsed: Parsed, path: str, catalog: Catalog | None, today: dt.date | None) -> None:
        self.parsed, self.path, self.catalog, self.today = parsed, path, catalog, today
        # without a catalog (the content has errors) only references to it go unchecked
        self.registry = Registry(frozenset(a.id for a in catalog.agencies), catalog.topics) if catalog else None
        self.problems: list[Problem] = []

    def agency_refs(self, item: _Item, values: dict[str, Any], names: tuple[str, ...]) -> None:
        if self.registry is not None:
            item.adopt(check_agency_refs(values, item.parsed, self.path, self.registry, names))

    def items(self, key: str) -> list[_Item]:
        raw = self.parsed.data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problems.append(
                Problem(
                    self.path,
                    self.parsed.line((key,)),
                    key,
                    "wrong-type",
                    msg.wrong_type("列表（每项以“- ”开头）", raw),
                )
            )
            return []
        return [_Item(self.parsed, (key, index), self.path, self.today) for index in range(len(raw))]

    def load(self) -> CalendarData:
        for key in self.parsed.data:
            if key not in ("observances", "events"):
                self.problems.append(
                    Problem(
                        self.path,
                        self.parsed.line((key,)),
                        dotted((key,)),
                        "unknown-field",
                        msg.unknown_field(suggest(str(key), ["observances", "events"])),
                    )
                )
        items = self.items("observances")
        # ids of invalid observances count too: their own problems are reported, not every event's
        known = [
            i.parsed.data["id"]
            for i in items
            if isinstance(i.parsed.data, dict) and isinstance(i.parsed.data.get("id"), str)
        ]
        observances = [o for o in map(self.observance, items) if o is not None]
        events = [e for e in (self.event(item, known) for item in self.items("events")) if e is not None]
        self.check_unique_ids()
        return CalendarData(tuple(observances), tuple(events))

    def observance(self, item: _Item) -> Observance | None:
        if not isinstance(item.parsed.data, dict):
            item.report((), "wrong-type", msg.wrong_type("“字段: 值”形式的条目", item.parsed.data))
            return self.done(item, None)
        values = item.check(OBSERVANCE_FIELDS)
        self.agency_refs(item, values, ("agencies",))
        rule = values.get("rule")
        needs = {
            RULE_FIXED: ("date",),
            RULE_WEEK_OF: ("date",),
            RULE_MONTH: ("month",),
            RULE_NTH_WEEKDAY: ("month", "nth", "weekday"),
            RULE_ANNOUNCED: (),
        }.get(rule, ())
        missing = [name for name in needs if name not in item.parsed.data]
        if rule == RULE_ANNOUNCED and "periods" not in item.parsed.data and "date" not in item.parsed.data:
            missing = ["periods"]
        if missing:
            item.report("rule", "rule-needs-field", msg.rule_needs(rule, "、".join(missing)))
        periods = self.periods(item, values.get("periods", ()))
        if has_errors(item.problems) or not all(f.name in values for f in OBSERVANCE_FIELDS if f.required):
            return self.done(item, None)
        return self.done(
            item,
            Observance(
                id=values["id"],
                name=values["name"],
                rule=rule,
                basis=values["basis"],
                month_day=values.get("date"),
                month=values.get("month"),
                nth=values.get("nth"),
                weekday=WEEKDAYS.index(values["weekday"]) if "weekday" in values else None,
                week_starts=WEEKDAYS.index(values.get("week_starts", WEEKDAYS[0])),
                periods=periods,
                since=values.get("since"),
                organiser=values.get("organiser", ""),
                agencies=values.get("agencies", ()),
                laws=values.get("laws", ()),
                description=values.get("description", ""),
            ),
        )

    def periods(self, item: _Item, raw: tuple[dict, ...]) -> tuple[Period, ...]:
        data = item.parsed.data.get("periods")
        if not isinstance(data, list) or len(data) != len(raw):
            return ()  # an incomplete period was reported already and the observance is dropped
        for index, values in enumerate(raw):
            start, end = values["start"], values["end"]
            if end < start:
                item.report(
                    ("periods", index, "end"),
                    "date-order",
                    msg.date_order("结束日期", end.isoformat(), "开始日期", start.isoformat()),
                )
        return tuple(Period(v["start"], v["end"]) for v in raw)

    def event(self, item: _Item, observances: list[str]) -> CampaignEvent | None:
        if not isinstance(item.parsed.data, dict):
            item.report((), "wrong-type", msg.wrong_type("“字段: 值”形式的条目", item.parsed.data))
            return self.done(item, None)
        values = item.check(EVENT_FIELDS)
        self.agency_refs(item, values, ("agency",))
        start, end = values.get("start"), values.get("end")
        if start and end and end < start:
            item.report(
                "end",
                "date-order",
                msg.date_order("结束日期", end.isoformat(), "开始日期", start.isoformat()),
            )
        times = values.get("time")
        ref = values.get("observance")
        if ref is not None and ref not in observances:
            item.report(
                "observance", "unknown-observance", msg.unknown_observance(ref, suggest(ref, observances))
            )
        plan_item = values.get("plan_item")
        if plan_item is not None and self.catalog and values.get("agency") in {a.id for a in self.catalog.agencies}:
            plan = [p.id for p in self.catalog.agency(values["agency"]).plan]
            if plan_item not in plan:
                item.report("plan_item", "unknown-plan-item",
                            msg.unknown_plan_item(plan_item, values["agency"], suggest(plan_item, plan)))
        explainers = self.documents(item, values, "explainers", msg.unknown_explainer)
        cases = self.documents(item, values, "cases", msg.unknown_case)
        if has_errors(item.problems) or not all(f.name in values for f in EVENT_FIELDS if f.required):
            return self.done(item, None)
        return self.done(
            item,
            CampaignEvent(
                id=values["id"],
                title=values["title"],
                agency=values["agency"],
                start=start,
                end=end or start,
                starts_at=times[0] if times else None,
                ends_at=times[1] if times else None,
                place=values.get("place", ""),
                description=values.get("description", ""),
                observance=ref,
                explainers=explainers,
                cases=cases,
                plan_item=plan_item,
            ),
        )

    def done(self, item: _Item, record: Any) -> Any:
        self.problems += item.problems
        return record

    def documents(self, item: _Item, values: dict[str, Any], name: str, message) -> tuple[str, ...]:
        if self.catalog is None:
            return ()
        documents: tuple[Document, ...] = getattr(self.catalog, name)
        by_ref = {f"{d.agency}/{d.slug}": d for d in documents}
        slugs: dict[str, list[Document]] = {}
        for d in documents:
            slugs.setdefault(d.slug, []).append(d)
        found = []
        for index, raw in enumerate(values.get(name, ())):
            ref = normalise_ref(raw, documents[0].section if documents else "")
            document = by_ref.get(ref) or (slugs[ref][0] if len(slugs.get(ref, ())) == 1 else None)
            if document is None:
                item.report((name, index), f"unknown-{name[:-1]}", message(raw, suggest(ref, sorted(by_ref))))
            else:
                found.append(document.src_uri)
        return tuple(found)

    def check_unique_ids(self) -> None:
        seen: dict[str, int] = {}
        for key in ("observances", "events"):
            raw = self.parsed.data.get(key)
            for index, item in enumerate(raw if isinstance(raw, list) else []):
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str):
                    continue
                line = self.parsed.line((key, index, "id"))
                if item_id in seen:
                    self.problems.append(
                        Problem(
                            self.path,
                            line,
                            dotted((key, index, "id")),
                            "duplicate-id",
                            msg.duplicate_id(item_id, seen[item_id]),
                        )
                    )
                seen.setdefault(item_id, line)


def normalise_ref(raw: str, section: str) -> str:
    """content/laws/moj/x.md, laws/moj/x.md, moj/x.md and moj/x all mean moj/x."""
    ref = raw.strip().strip("/").removeprefix("content/")
    ref = ref.removeprefix(f"{section}/") if section else ref
    return ref.removesuffix(".md")


def load_calendar(content_dir: Path, root: Path, catalog: Catalog | None,
                  today: dt.date | None = None, walk: Walk | None = None) -> CalendarLoad:
    """Read and check content/calendar.yml against the catalog; a missing file is an empty calendar.

    Without a catalog (the content has errors) the file's own rules are still checked, so its
    problems are reported with the content's; references to content wait for a valid catalog.
    """
    path = content_dir / CALENDAR_FILE
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    if walk is not None and path not in walk.files:
        # absent, or a link the content's walk refused (and reported): never read
        return CalendarLoad(None if path.is_symlink() else CalendarData(), ())
    if not path.exists():
        return CalendarLoad(CalendarData(), ())
    boundary = content_boundary(content_dir, root)
    if not inside(path, boundary):  # a symlink out of the repository: never read
        return CalendarLoad(None, tuple(walk_files(path, boundary).problems))
    decoded = decode(path.read_bytes())
    if decoded.text is None:
        return CalendarLoad(None, (Problem(rel, 1, "file", "not-utf8", msg.not_utf8(decoded.guess)),))
    parsed, problems = parse_yaml(decoded.text, rel)
    if parsed is None or parsed.data is None:
        return CalendarLoad(None if problems else CalendarData(), tuple(problems))
    if not isinstance(parsed.data, dict):
        problem = Problem(rel, 1, "file", "not-a-mapping", msg.calendar_not_a_mapping(parsed.data))
        return CalendarLoad(None, (*problems, problem))
    checker = _CalendarChecker(parsed, rel, catalog, today)
    data = checker.load()
    found = tuple(sort_problems([*problems, *checker.problems]))
    return CalendarLoad(None if has_errors(found) or catalog is None else data, found)


"""Reading and checking content/calendar.yml: observances and agencies' campaign events.

Every problem names the file, the line and the field (observances[3].date), all at once,
like the checks of the other content files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
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
    RULES,
    WEEKDAYS,
    CalendarData,
    CampaignEvent,
    Observance,
    Period,
)
from ..content.catalog import Catalog
from ..content.fields import AGENCY, AGENCY_LIST, CHOICE, DATE, EVENT_DATES, ID, ITEMS, TEXT, TEXT_LIST, Field
from ..content.links import inside, walk_files
from ..content.model import Document
from ..problems import Problem, has_errors, sort_problems
from ..content.reading import Parsed, decode, dotted, parse_yaml
from ..content.references import Registry, check_agency_refs
from ..content.validation import check_fields, suggest

CALENDAR_FILE = "calendar.yml"

PERIOD_FIELDS = (
    Field("start", DATE, "开始日期", "当年公布的开始日期。", "2018-12-02", dates=EVENT_DATES),
    Field("end", DATE, "结束日期", "当年公布的结束日期（含当天）。", "2018-12-08", dates=EVENT_DATES),
)

OBSERVANCE_FIELDS = (
    Field("id", ID, "编号", "本文件内唯一，活动用它关联纪念日。", "constitution-day"),
    Field("name", TEXT, "名称", "纪念日、宣传日、宣传周或宣传月的名称。", "国家宪法日"),
    Field("rule", CHOICE, "日期规则", "日期怎样逐年确定。", RULE_FIXED, choices=RULES),
    Field(
        "date",
        TEXT,
        "月-日",
        "固定日期、所在周和逐年公布（推定所在周）用，写成 12-04。",
        "12-04",
        required=False,
    ),
    Field("month", TEXT, "月份", "整月和第几个星期几用，1 到 12。", "5", required=False),
    Field("nth", TEXT, "第几个", "第几个星期几用，1 到 4。", "3", required=False),
    Field("weekday", CHOICE, "星期几", "第几个星期几用。", "星期日", required=False, choices=WEEKDAYS),
    Field(
        "week_starts",
        CHOICE,
        "每周从星期几开始",
        "所在周用，不写为星期一。",
        "星期一",
        required=False,
        choices=WEEKDAYS,
    ),
    Field(
        "periods",
        ITEMS,
        "逐年公布的日期",
        "逐年公布用：每年的起止日期。",
        None,
        required=False,
        items=PERIOD_FIELDS,
    ),
    Field("since", TEXT, "始于年份", "第一次举办的年份；用于计算“第几个”。", "2014", required=False),
    Field(
        "basis",
        TEXT,
        "设立依据",
        "法律条文或决定的名称。",
        "《全国人民代表大会常务委员会关于设立国家宪法日的决定》",
    ),
    Field(
        "organiser", TEXT, "组织单位", "牵头组织的机关。", "中央宣传部、司法部、全国普法办", required=False
    ),
    Field("agencies", AGENCY_LIST, "相关机关", "本站哪些机关参与，机关编号。", ["moj"], required=False),
    Field("laws", TEXT_LIST, "宣传的法律", "法律全称。", ["中华人民共和国宪法"], required=False),
    Field(
        "description", TEXT, "说明", "一两句话的说明。", "1982年12月4日现行宪法通过并公布。", required=False
    ),
)

EVENT_FIELDS = (
    Field("id", ID, "编号", "本文件内唯一，也用于日历订阅的标识。", "moj-2026-constitution-week"),
    Field("title", TEXT, "活动名称", "群众看得懂的活动名称。", "宪法进社区：公民基本权利讲座"),
    Field("agency", AGENCY, "主办机关", "机关编号。", "moj"),
    Field("start", DATE, "开始日期", "活动日期或开始日期。", "2026-12-04", dates=EVENT_DATES),
    Field(
        "end", DATE, "结束日期", "多日活动的结束日期（含当天）；一天的不写。", "2026-12-06", required=False,
        dates=EVENT_DATES,
    ),
    Field("time", TEXT, "时间", "北京时间，写成 09:30-11:30；全天活动不写。", "09:30-11:30", required=False),
    Field("place", TEXT, "地点", "活动地点。", "北京市西城区某社区文化活动中心", required=False),
    Field("observance", ID, "所属纪念日", "observances 中的编号。", "constitution-week", required=False),
    Field(
        "explainers",
        TEXT_LIST,
        "介绍的解读",
        "写“机关编号/网址名”。",
        ["moj/constitution-basic-rights"],
        required=False,
    ),
    Field(
        "cases",
        TEXT_LIST,
        "介绍的案例",
        "写“机关编号/网址名”。",
        ["moj/elderly-support-claim-with-legal-aid"],
        required=False,
    ),
    Field("description", TEXT, "说明", "活动内容。", "讲解宪法规定的公民基本权利。", required=False),
    Field("plan_item", ID, "对应计划事项", "本活动完成的年度普法计划事项编号（见机关档案的 plan）。", "p2026-03",
          required=False),
)

_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-—~～至]\s*(\d{1,2}):(\d{2})")


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
        month_day = self.month_day(item, values)
        month = self.number(item, values, "month", 1, 12, msg.bad_month)
        nth = self.number(item, values, "nth", 1, 4, msg.bad_nth)
        since = self.number(item, values, "since", 1900, 2200, msg.bad_year)
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
                month_day=month_day,
                month=month,
                nth=nth,
                weekday=WEEKDAYS.index(values["weekday"]) if "weekday" in values else None,
                week_starts=WEEKDAYS.index(values.get("week_starts", WEEKDAYS[0])),
                periods=periods,
                since=since,
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
        times = self.time_range(item, values.get("time"))
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

    # one value each

    def month_day(self, item: _Item, values: dict[str, Any]) -> tuple[int, int] | None:
        raw = values.get("date")
        if raw is None:
            return None
        match = _MONTH_DAY.fullmatch(raw)
        if not match:
            item.report("date", "bad-month-day", msg.bad_month_day(raw))
            return None
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2024, month, day)  # a leap year: 02-29 exists, and falls on 02-28 in other years
        except ValueError:
            if 1 <= month <= 12:
                item.report("date", "impossible-date", msg.impossible_month_day(month, day))
            else:
                item.report("date", "bad-month-day", msg.bad_month_day(raw))
            return None
        return month, day

    def number(
        self, item: _Item, values: dict[str, Any], name: str, low: int, high: int, message
    ) -> int | None:
        raw = values.get(name)
        if raw is None:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            item.report(name, f"bad-{name}", message(raw))
            return None
        return int(raw)

    def time_range(self, item: _Item, raw: str | None) -> tuple[dt.time, dt.time] | None:
        if raw is None:
            return None
        match = _TIME_RANGE.fullmatch(raw.strip())
        try:
            hours = [int(g) for g in match.groups()] if match else []
            start, end = (dt.time(hours[0], hours[1]), dt.time(hours[2], hours[3])) if match else (None, None)
        except ValueError:
            start = end = None
        if start is None:
            item.report("time", "bad-time", msg.bad_time(raw))
            return None
        if end <= start:
            item.report("time", "time-order", msg.time_order(raw))
            return None
        return start, end

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
                  today: dt.date | None = None) -> CalendarLoad:
    """Read and check content/calendar.yml against the catalog; a missing file is an empty calendar.

    Without a catalog (the content has errors) the file's own rules are still checked, so its
    problems are reported with the content's; references to content wait for a valid catalog.
    """
    path = content_dir / CALENDAR_FILE
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    if not path.exists():
        return CalendarLoad(CalendarData(), ())
    # a content folder configured outside the repository is its own boundary
    boundary = root if content_dir.resolve().is_relative_to(root.resolve()) else content_dir
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


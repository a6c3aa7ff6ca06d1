"""Kinds of field values as small objects, in the manner of MkDocs' `config_options`: each kind
checks and normalises a value (with the Chinese message), gives its JSON Schema, its Chinese
label for the field guide and an example. Content files and calendar.yml declare their fields
with them (`fields.Field`), so the check, the schema and the guide cannot disagree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from .. import messages as msg
from ..statutes.numerals import CHINESE_NUMBER, chinese_to_int
from .model import Article
from .reading import INVISIBLE, Path

if TYPE_CHECKING:
    from .fields import Field

PLACEHOLDER = "【请填写"
ARTICLE_MAX = 9999
ARTICLE_SUB_MAX = 99  # 第十条之一: the 之 number
A_LIST = "列表（每项以“- ”开头）"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ARTICLE = re.compile(rf"第?(\d+|{CHINESE_NUMBER})条?(?:之({CHINESE_NUMBER}|\d+))?")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-—~～至]\s*(\d{1,2}):(\d{2})")
_DATE_QUOTES = "“”‘’「」\"'"
_TOPIC_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")

_TEXT_SCHEMA = {"type": "string", "minLength": 1}
_ID_SCHEMA = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
# other forms pufa accepts besides `format: date` (2026年12月4日, 2026-3-1 without zeros)
_OTHER_DATE = r"^(\d{4}-(\d-\d{1,2}|\d{1,2}-\d)|\d{4}年\d{1,2}月\d{1,2}日)$"


class Checking(Protocol):
    """What a kind needs from the check of one file (validation._Checker)."""

    today: dt.date

    def fail(self, at: Path, code: str, message: str) -> None: ...

    def line(self, at: Path) -> int: ...

    def mapping(self, fields: tuple[Field, ...], data: dict, at: Path) -> dict[str, Any]: ...


class Kind:
    """A kind of value. `check` returns the normalised value, or None after reporting the problem."""

    label = ""  # Chinese, the 写法 column of the field guide
    example: Any = None
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()  # Items only

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> Any:
        """`name` is the field's Chinese label, for messages such as “标题不能为空”."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> str:
        """The label with what else an editor must know (choices, the range of dates)."""
        return self.label

    def note(self) -> str:
        """What the schema cannot say, added to the field's description."""
        return ""


def wrong(ctx: Checking, at: Path, expected: str, raw: Any) -> None:
    return ctx.fail(at, "wrong-type", msg.wrong_type(expected, raw))


def check_text(raw: Any, at: Path, ctx: Checking, name: str) -> str | None:
    if isinstance(raw, bool) or isinstance(raw, (list, dict)) or raw is None:
        return wrong(ctx, at, "文字", raw)
    text = str(raw).strip()
    if not text:
        return ctx.fail(at, "empty-value", msg.empty_value(name))
    hidden = list(dict.fromkeys(INVISIBLE.findall(text)))
    if hidden:  # written as escapes ("\f", "\u2028"): the file itself looked clean
        return ctx.fail(at, "control-char", msg.control_chars(hidden))
    if PLACEHOLDER in text:
        return ctx.fail(at, "placeholder", msg.placeholder(text))
    return text


class Text(Kind):
    label, example = "文字", "协议离婚为什么要等三十天？"

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> str | None:
        return check_text(raw, at, ctx, name)

    def schema(self) -> dict[str, Any]:
        return dict(_TEXT_SCHEMA)


class AgencyRef(Text):
    """An agency named in a list: an unknown one is reported with the closest agency once all
    agencies are known (references.check_agency_refs), so here it is text."""

    label, example = "机关编号", "moj"

    def schema(self) -> dict[str, Any]:
        return dict(_ID_SCHEMA)


class Choice(Kind):
    label = "固定选项之一"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = tuple(choices)
        self.example = choices[0]

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> str | None:
        text = check_text(raw, at, ctx, name)
        if text is not None and text not in self.choices:
            return ctx.fail(at, "bad-choice", msg.bad_choice(self.choices, raw))
        return text

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def describe(self) -> str:
        return f"{self.label}：{' / '.join(self.choices)}"


class Id(Kind):
    def __init__(self, label: str = "编号（小写字母、数字、连字符）", example: str = "food-safety") -> None:
        self.label, self.example = label, example

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> str | None:
        text = check_text(raw, at, ctx, name)
        if text is not None and not _ID.fullmatch(text):
            return ctx.fail(at, "bad-id", msg.bad_id(raw))
        return text

    def schema(self) -> dict[str, Any]:
        return dict(_ID_SCHEMA)


class Url(Kind):
    label, example = "网址", "https://www.moj.gov.cn/"

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> str | None:
        text = check_text(raw, at, ctx, name)
        if text is not None and not re.match(r"https?://\S+$", text):
            return ctx.fail(at, "bad-url", msg.bad_url(raw))
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^https?://\S+$"}


@dataclass(frozen=True)
class DateRange:
    """Plausible dates of a field: a date outside is a typo (2062 for 2026), and a date far
    ahead would break the build (feeds, sitemaps and calendars work with real timestamps)."""

    earliest: dt.date
    years_ahead: int  # the latest date is this many years after the day of the check (China time)

    def latest(self, today: dt.date) -> dt.date:
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def describe(self) -> str:
        start = f"{self.earliest.year}年{self.earliest.month}月{self.earliest.day}日"
        return f"{start}以后，最晚为检查当天起 {self.years_ahead} 年内"


def normal_date_text(text: str) -> str:
    """Year-first dates as Word, WPS and WeChat write them: 2024/3/1, 2024.3.1, “2024-03-01”."""
    text = text.strip().strip(_DATE_QUOTES).strip()
    if re.fullmatch(r"\d{4}[/.．]\d{1,2}[/.．]\d{1,2}", text):
        text = re.sub(r"[/.．]", "-", text)
    return text


class Date(Kind):
    label, example = "日期（2026-12-04）", "2026-12-04"

    def __init__(self, dates: DateRange) -> None:
        self.dates = dates

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> dt.date | None:
        written = None if isinstance(raw, (bool, list, dict)) else normal_date_text(str(raw))
        match = written is not None and (_ISO_DATE.fullmatch(written) or _CN_DATE.fullmatch(written))
        if not match:
            return ctx.fail(at, "bad-date", msg.bad_date_format(raw))
        year, month, day = (int(part) for part in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return ctx.fail(at, "impossible-date", msg.impossible_date(year, month, day))
        latest = self.dates.latest(ctx.today)
        if not self.dates.earliest <= date <= latest:
            return ctx.fail(at, "date-out-of-range", msg.date_out_of_range(
                date.isoformat(), self.dates.earliest.isoformat(), latest.isoformat()))
        return date

    def schema(self) -> dict[str, Any]:
        # typed as a date (`format: date`, which editors' tools check and offer) first
        return {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": _OTHER_DATE}]}

    def describe(self) -> str:
        return f"{self.label}，{self.dates.describe()}"

    def note(self) -> str:
        # the range moves with the day of the check, which a schema cannot say: the text does
        return f"日期范围：{self.dates.describe()}。"


class ArticleNumber(Kind):
    label, example = "条文号", 1077

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> Article | None:
        if isinstance(raw, str) and PLACEHOLDER in raw:
            return ctx.fail(at, "placeholder", msg.placeholder(raw))
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= ARTICLE_MAX:
            return Article(raw)
        text = raw.strip().replace(" ", "") if isinstance(raw, str) else ""
        match = _ARTICLE.fullmatch(text) if len(text) <= 40 else None  # int() of thousands of digits raises
        number = chinese_to_int(match.group(1)) if match else None
        sub = chinese_to_int(match.group(2)) if match and match.group(2) else 0
        if not number or number > ARTICLE_MAX or sub is None:
            return ctx.fail(at, "bad-article", msg.bad_article(raw))
        if match.group(2) and not 0 < sub <= ARTICLE_SUB_MAX:
            return ctx.fail(at, "bad-article", msg.article_sub_out_of_range(match.group(2), ARTICLE_SUB_MAX))
        return Article(number, sub)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "integer", "minimum": 1, "maximum": ARTICLE_MAX},
                          {"type": "string", "pattern": "条|^\\d+$"}]}


def split_topics(text: str) -> list[str]:
    """“食品安全、消费维权”, “食品安全，消费维权” and “食品安全,消费维权” are two topics."""
    return [part for part in _TOPIC_SEPARATORS.split(text.strip()) if part]


class ListOf(Kind):
    """A list of one kind; a single value is what editors mean by a list of one."""

    def __init__(self, item: Kind, label: str, split: Callable[[str], list[str]] | None = None) -> None:
        self.item, self.label, self.split = item, label, split
        self.example = [item.example]

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> tuple | None:
        if isinstance(raw, dict):
            return wrong(ctx, at, A_LIST, raw)
        if not isinstance(raw, list):
            # topics are often typed as one line the way Word lists them (食品安全、消费维权)
            raw = self.split(raw) if self.split and isinstance(raw, str) else [raw]
        values = [self.item.check(value, at + (index,), ctx, name) for index, value in enumerate(raw)]
        return tuple(value for value in values if value is not None)

    def schema(self) -> dict[str, Any]:
        item = self.item.schema()
        return {"anyOf": [{"type": "array", "items": item}, item]}


class Items(Kind):
    """A list of entries, each a mapping of its own fields (plan items, a case's laws)."""

    label = "条目列表"

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self.fields = fields

    @property
    def example(self) -> list[dict[str, Any]]:
        return [example_values(self.fields)]

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> tuple[dict[str, Any], ...] | None:
        if not isinstance(raw, list):
            return wrong(ctx, at, A_LIST, raw)
        result = []
        seen_ids: dict[str, int] = {}
        for index, item in enumerate(raw):
            where = at + (index,)
            if not isinstance(item, dict):
                wrong(ctx, where, "“字段: 值”形式的条目", item)
                continue
            values = ctx.mapping(self.fields, item, where)
            item_id = values.get("id")
            if item_id is not None:
                line = ctx.line(where + ("id",))
                if item_id in seen_ids:
                    ctx.fail(where + ("id",), "duplicate-id", msg.duplicate_id(item_id, seen_ids[item_id]))
                seen_ids.setdefault(item_id, line)
            if all(f.name in values for f in self.fields if f.required):
                result.append(values)
        return tuple(result)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": object_schema(self.fields)}


def example_values(fields: tuple[Field, ...]) -> dict[str, Any]:
    """A valid mapping of the fields: each field's example, else its kind's."""
    return {f.name: f.kind.example if f.example is None else f.example for f in fields}


def field_schema(spec: Field) -> dict[str, Any]:
    """The field's kind's schema, titled and described in Chinese for editors' tools."""
    return {**spec.kind.schema(), "title": spec.label, "description": spec.help + spec.kind.note()}


def object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


# calendar.yml


class MonthDay(Kind):
    """A day of every year (12-04); 02-29 exists and falls on 02-28 in other years."""

    label, example = "月-日（12-04）", "12-04"

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> tuple[int, int] | None:
        text = check_text(raw, at, ctx, name)
        if text is None:
            return None
        match = _MONTH_DAY.fullmatch(text)
        if not match:
            return ctx.fail(at, "bad-month-day", msg.bad_month_day(text))
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2024, month, day)  # a leap year
        except ValueError:
            if 1 <= month <= 12:
                return ctx.fail(at, "impossible-date", msg.impossible_month_day(month, day))
            return ctx.fail(at, "bad-month-day", msg.bad_month_day(text))
        return month, day

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])$"}


class Number(Kind):
    """A whole number in a range, written as digits (5 or "5")."""

    def __init__(self, low: int, high: int, code: str, message: Callable[[object], str], example: int,
                 written: str | None = None) -> None:
        self.low, self.high, self.code, self.message, self.example = low, high, code, message, example
        self.label = f"数字（{low} 到 {high}）"
        # the range as a pattern of text (a schema cannot compare text as a number): given, or spelled out
        self.written = written or "|".join(str(n) for n in range(low, high + 1))

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> int | None:
        text = check_text(raw, at, ctx, name)
        if text is None:
            return None
        if not text.isdigit() or not self.low <= int(text) <= self.high:
            return ctx.fail(at, self.code, self.message(text))
        return int(text)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "integer", "minimum": self.low, "maximum": self.high},
                          {"type": "string", "pattern": f"^0*({self.written})$"}]}


class TimeRange(Kind):
    """Beijing time from and to on one day (09:30-11:30)."""

    label, example = "时间段（09:30-11:30）", "09:30-11:30"

    def check(self, raw: Any, at: Path, ctx: Checking, name: str) -> tuple[dt.time, dt.time] | None:
        text = check_text(raw, at, ctx, name)
        if text is None:
            return None
        match = _TIME_RANGE.fullmatch(text)
        try:
            hours = [int(g) for g in match.groups()] if match else []
            start, end = (dt.time(hours[0], hours[1]), dt.time(hours[2], hours[3])) if match else (None, None)
        except ValueError:
            start = end = None
        if start is None or end is None:
            return ctx.fail(at, "bad-time", msg.bad_time(text))
        if end <= start:
            return ctx.fail(at, "time-order", msg.time_order(text))
        return start, end

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{1,2}:\d{2}\s*[-—~～至]\s*\d{1,2}:\d{2}$"}

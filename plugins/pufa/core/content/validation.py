"""Checking one file's values against its field specs; every problem is collected."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from typing import Any

from .. import messages as msg
from .fields import (AGENCY, AGENCY_LIST, ALIASES, ARTICLE_MAX, ARTICLE_SUB_MAX, ARTICLES, CHOICE, DATE, ID,
                     ITEMS, TEXT, TEXT_LIST, TOPIC_LIST, URL, DateRange, Field)
from ..clock import clock_from
from .model import Article
from ..statutes.numerals import CHINESE_NUMBER, chinese_to_int
from ..problems import Problem
from .reading import INVISIBLE, Parsed, Path, dotted

PLACEHOLDER = "【请填写"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ARTICLE = re.compile(rf"第?(\d+|{CHINESE_NUMBER})条?(?:之({CHINESE_NUMBER}|\d+))?")


class _Checker:
    def __init__(self, parsed: Parsed, path: str, today: dt.date | None = None) -> None:
        self.parsed = parsed
        self.path = path
        self.today = today or clock_from(os.environ).today
        self.problems: list[Problem] = []

    def report(self, at: Path, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.parsed.line(at), dotted(at), code, message))

    def mapping(self, fields: tuple[Field, ...], data: dict, at: Path) -> dict[str, Any]:
        values: dict[str, Any] = {}
        names = [f.name for f in fields]
        for key in data:
            if key not in names:
                self.report(at + (key,), "unknown-field", msg.unknown_field(suggest(str(key), names)))
        for spec in fields:
            if data.get(spec.name) is None or data.get(spec.name) == "":
                if spec.required:
                    # a missing key has no line: Parsed.line falls back to its parent's
                    self.report(at + (spec.name,), "missing-field", msg.missing_field(spec.label))
                continue
            value = self.value(spec, data[spec.name], at + (spec.name,))
            if value is not None:
                values[spec.name] = value
        return values

    def value(self, spec: Field, raw: Any, at: Path) -> Any:
        kind = spec.kind
        if kind in (TEXT_LIST, TOPIC_LIST, AGENCY_LIST, ARTICLES, ITEMS) and not isinstance(raw, list):
            if kind == ITEMS or isinstance(raw, dict):
                return self.wrong(at, "列表（每项以“- ”开头）", raw)
            # a single value where a list is expected is what editors mean; topics are often
            # typed as one line the way Word lists them (食品安全、消费维权)
            raw = split_topics(raw) if kind == TOPIC_LIST and isinstance(raw, str) else [raw]
        if kind == TEXT:
            return self.text(raw, at, spec.label)
        if kind in (TEXT_LIST, TOPIC_LIST, AGENCY_LIST):
            items = [self.text(item, at + (i,), spec.label) for i, item in enumerate(raw)]
            return tuple(item for item in items if item is not None)
        if kind == DATE:
            return self.date(raw, at, spec.dates)
        if kind == CHOICE:
            text = self.text(raw, at, spec.label)
            if text is not None and text not in spec.choices:
                return self.fail(at, "bad-choice", msg.bad_choice(spec.choices, raw))
            return text
        if kind in (ID, AGENCY):
            text = self.text(raw, at, spec.label)
            if text is not None and not _ID.fullmatch(text):
                return self.fail(at, "bad-id", msg.bad_id(raw))
            return text
        if kind == URL:
            text = self.text(raw, at, spec.label)
            if text is not None and not re.match(r"https?://\S+$", text):
                return self.fail(at, "bad-url", msg.bad_url(raw))
            return text
        if kind == ARTICLES:
            articles = [self.article(item, at + (i,)) for i, item in enumerate(raw)]
            return tuple(a for a in articles if a is not None)
        if kind == ITEMS:
            return self.items(spec, raw, at)
        raise ValueError(f"unknown field kind {kind}")

    def text(self, raw: Any, at: Path, label: str) -> str | None:
        if isinstance(raw, bool) or isinstance(raw, (list, dict)) or raw is None:
            return self.wrong(at, "文字", raw)
        text = str(raw).strip()
        if not text:
            return self.fail(at, "empty-value", msg.empty_value(label))
        hidden = list(dict.fromkeys(INVISIBLE.findall(text)))
        if hidden:  # written as escapes ("\f", "\u2028"): the file itself looked clean
            return self.fail(at, "control-char", msg.control_chars(hidden))
        if PLACEHOLDER in text:
            return self.fail(at, "placeholder", msg.placeholder(text))
        return text

    def date(self, raw: Any, at: Path, bounds: DateRange) -> dt.date | None:
        written = None if isinstance(raw, (bool, list, dict)) else normal_date_text(str(raw))
        match = written is not None and (_ISO_DATE.fullmatch(written) or _CN_DATE.fullmatch(written))
        if not match:
            return self.fail(at, "bad-date", msg.bad_date_format(raw))
        year, month, day = (int(part) for part in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return self.fail(at, "impossible-date", msg.impossible_date(year, month, day))
        latest = bounds.latest(self.today)
        if not bounds.earliest <= date <= latest:
            return self.fail(at, "date-out-of-range", msg.date_out_of_range(
                date.isoformat(), bounds.earliest.isoformat(), latest.isoformat()))
        return date

    def article(self, raw: Any, at: Path) -> Article | None:
        if isinstance(raw, str) and PLACEHOLDER in raw:
            return self.fail(at, "placeholder", msg.placeholder(raw))
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= ARTICLE_MAX:
            return Article(raw)
        text = raw.strip().replace(" ", "") if isinstance(raw, str) else ""
        match = _ARTICLE.fullmatch(text) if len(text) <= 40 else None  # int() of thousands of digits raises
        number = chinese_to_int(match.group(1)) if match else None
        sub = chinese_to_int(match.group(2)) if match and match.group(2) else 0
        if not number or number > ARTICLE_MAX or sub is None:
            return self.fail(at, "bad-article", msg.bad_article(raw))
        if match.group(2) and not 0 < sub <= ARTICLE_SUB_MAX:
            return self.fail(at, "bad-article", msg.article_sub_out_of_range(match.group(2), ARTICLE_SUB_MAX))
        return Article(number, sub)

    def items(self, spec: Field, raw: list, at: Path) -> tuple[dict[str, Any], ...]:
        result = []
        seen_ids: dict[str, int] = {}
        for index, item in enumerate(raw):
            where = at + (index,)
            if not isinstance(item, dict):
                self.wrong(where, "“字段: 值”形式的条目", item)
                continue
            values = self.mapping(spec.items, item, where)
            item_id = values.get("id")
            if item_id is not None:
                line = self.parsed.line(where + ("id",))
                if item_id in seen_ids:
                    self.report(where + ("id",), "duplicate-id", msg.duplicate_id(item_id, seen_ids[item_id]))
                seen_ids.setdefault(item_id, line)
            if all(f.name in values for f in spec.items if f.required):
                result.append(values)
        return tuple(result)

    def wrong(self, at: Path, expected: str, raw: Any) -> None:
        return self.fail(at, "wrong-type", msg.wrong_type(expected, raw))

    def fail(self, at: Path, code: str, message: str) -> None:
        self.report(at, code, message)
        return None


_DATE_QUOTES = "“”‘’「」\"'"
_TOPIC_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")


def normal_date_text(text: str) -> str:
    """Year-first dates as Word, WPS and WeChat write them: 2024/3/1, 2024.3.1, “2024-03-01”."""
    text = text.strip().strip(_DATE_QUOTES).strip()
    if re.fullmatch(r"\d{4}[/.．]\d{1,2}[/.．]\d{1,2}", text):
        text = re.sub(r"[/.．]", "-", text)
    return text


def split_topics(text: str) -> list[str]:
    """“食品安全、消费维权”, “食品安全，消费维权” and “食品安全,消费维权” are two topics."""
    return [part for part in _TOPIC_SEPARATORS.split(text.strip()) if part]


def suggest(key: str, names: list[str]) -> str | None:
    """Closest of `names` to what an editor wrote, for “did you mean” hints."""
    if ALIASES.get(key) in names:
        return ALIASES[key]
    close = difflib.get_close_matches(key.lower(), names, n=1, cutoff=0.6)
    return close[0] if close else None


def check_fields(fields: tuple[Field, ...], parsed: Parsed, path: str,
                 today: dt.date | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Valid values by field name, and a problem for every field that is not.

    Dates are bounded relative to `today` (China time if not given)."""
    checker = _Checker(parsed, path, today)
    if not isinstance(parsed.data, dict):
        found = parsed.data if parsed.data is not None else ""
        # the whole file is wrong: name the metadata block, never an empty field
        checker.problems.append(Problem(path, parsed.line(()), "front_matter", "not-a-mapping",
                                        msg.not_a_mapping(found)))
        return {}, checker.problems
    return checker.mapping(fields, parsed.data, ()), checker.problems

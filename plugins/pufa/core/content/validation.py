"""Checking one file's values against its field specs; every problem is collected."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from typing import Any

from .. import messages as msg
from ..clock import clock_from
from ..problems import Problem
from .fields import ALIASES, Field
from .reading import Parsed, Path, dotted


class _Checker:
    """One file's check: what every field kind reports through (`field_kinds.Checking`)."""

    def __init__(self, parsed: Parsed, path: str, today: dt.date | None = None) -> None:
        self.parsed = parsed
        self.path = path
        self.today = today or clock_from(os.environ).today
        self.problems: list[Problem] = []

    def fail(self, at: Path, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.parsed.line(at), dotted(at), code, message))
        return None

    def line(self, at: Path) -> int:
        return self.parsed.line(at)

    def mapping(self, fields: tuple[Field, ...], data: dict, at: Path) -> dict[str, Any]:
        values: dict[str, Any] = {}
        names = [f.name for f in fields]
        for key in data:
            if key not in names:
                self.fail(at + (key,), "unknown-field", msg.unknown_field(suggest(str(key), names)))
        for spec in fields:
            if data.get(spec.name) is None or data.get(spec.name) == "":
                if spec.required:
                    # a missing key has no line: Parsed.line falls back to its parent's
                    self.fail(at + (spec.name,), "missing-field", msg.missing_field(spec.label))
                continue
            value = spec.kind.check(data[spec.name], at + (spec.name,), self, spec.label)
            if value is not None:
                values[spec.name] = value
        return values


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

"""Problems found in editors' files, reported as data and never raised one by one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"
# worth telling, never a failure: not even `pufa check --strict` or `mkdocs build --strict` fail on it
NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: `path:line: field: message`.

    `path` is relative to the project root and uses '/', `line` is 1-based, `code` is a
    short stable English identifier that tests and tools match on.
    """

    path: str
    line: int
    field: str
    code: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        marker = {ERROR: "", WARNING: "（警告）"}.get(self.severity, "（提示）")
        return f"{self.path}:{self.line}: {self.field}: {marker}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.code, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def has_warnings(problems: Iterable[Problem]) -> bool:
    """What `--strict` fails on besides errors (notes never count)."""
    return any(p.severity == WARNING for p in problems)


def render_report(problems: Iterable[Problem]) -> str:
    """The text `pufa check` prints: one line per problem, then a count."""
    ordered = sort_problems(problems)
    lines = [str(p) for p in ordered]
    errors = sum(p.is_error for p in ordered)
    warnings = sum(p.severity == WARNING for p in ordered)
    notes = len(ordered) - errors - warnings
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。" + (f"另有 {notes} 条提示。" if notes else ""))
    return "\n".join(lines)

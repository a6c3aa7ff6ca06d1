"""What a rebuild may reuse: signatures of pages and the version of the code that made them.

`mkdocs serve` rebuilds the whole site after every save. A page whose signature (its own
source, the site-wide inputs every page shows, and the code version) is the one of the page
already in the serving folder need not be rendered again; caches on disk are keyed by the
code version, so an upgrade of pufa never reads what older code wrote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def signature(*parts: object) -> str:
    """A short hash of the parts' text forms (each part separated, so ("ab", "c") ≠ ("a", "bc"))."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """pufa's version and a hash of its code, templates and assets: changes with any edit to them."""
    try:
        version = metadata.version("pufa")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        version = "0"
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()}"


class BuiltPages:
    """Which version (signature) of each page the serving process's site folder holds, by output path."""

    def __init__(self) -> None:
        self.signatures: dict[str, str] = {}

    def holds(self, dest: str, page_signature: str | None) -> bool:
        return page_signature is not None and self.signatures.get(dest) == page_signature

    def record(self, dest: str, page_signature: str | None) -> None:
        if page_signature is None:
            self.signatures.pop(dest, None)
        else:
            self.signatures[dest] = page_signature

    def forget_others(self, dests: set[str]) -> list[str]:
        """Forget pages this build no longer has; their output paths, for removing stale files."""
        gone = sorted(set(self.signatures) - dests)
        for dest in gone:
            del self.signatures[dest]
        return gone


class Unkeyed(Exception):
    """A value that cannot stand for what it prints (see fingerprint)."""


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per class


def fingerprint(value: object) -> object:
    """A hashable stand-in for a value made of text, numbers, dates, tuples, lists, dicts and dataclasses,
    equal to another's only when both print the same; Unkeyed for anything else.

    Types are part of it: Markup("a<b") == "a<b" in Python, yet a template escapes the str and not
    the Markup (a str subclass).
    """
    kind = type(value)
    if isinstance(value, (str, int, float, dt.date)) or value is None:  # bool is an int, datetime a date
        return kind, value
    if kind is tuple or kind is list:
        return kind, tuple(map(fingerprint, value))
    names = _FIELDS.get(kind)
    if names is None:
        if isinstance(value, dict):
            return dict, tuple((fingerprint(k), fingerprint(v)) for k, v in value.items())
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            raise Unkeyed(kind.__name__)
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    return kind, tuple([fingerprint(getattr(value, name)) for name in names])

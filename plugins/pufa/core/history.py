"""Dates from git: when each content file was first committed and last changed."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    first: dt.date
    last: dt.date


def git_dates(root: Path, folder: str = "content") -> dict[str, FileDates]:
    """Path (relative to the repository root) → dates, from one `git log` over `folder`.

    Empty when `root` is not in a git work tree or git is missing: pages then fall back to
    the dates in the metadata. Renames are followed, so a moved file keeps its first date.
    """
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=@%cs", "--name-status", "-M", "--", folder],
            cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    dates: dict[str, FileDates] = {}
    renamed_to: dict[str, str] = {}  # older path → the path it has now
    day = None
    for line in log.splitlines():  # newest commit first
        if line.startswith("@"):
            day = dt.date.fromisoformat(line[1:])
            continue
        parts = line.split("\t")
        if len(parts) < 2 or day is None:
            continue
        path = parts[-1]
        current = renamed_to.get(path, path)
        if parts[0].startswith("R") and len(parts) == 3:
            renamed_to[parts[1]] = current
        known = dates.get(current)
        dates[current] = FileDates(first=day, last=known.last if known else day)
    for path, day in _made_public(root, folder, renamed_to).items():
        known = dates.get(path)
        if known is not None:
            dates[path] = FileDates(first=day, last=known.last)
    if prefix not in ("", "."):
        dates = {p[len(prefix) + 1:]: d for p, d in dates.items() if p.startswith(prefix + "/")}
    return dates


_DRAFT_LINE = re.compile(r"""^([+-])status:\s*["']?草稿["']?\s*(#.*)?$""")


def _made_public(root: Path, folder: str, renamed_to: dict[str, str]) -> dict[str, dt.date]:
    """Files committed first as drafts → the day of the commit that made them public.

    A draft is not published, so its first commit is not the page's first publication.
    """
    try:
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=@%cs", "-p", "--unified=0", "--no-color",
             "-M", "-G", "status:.*草稿", "--", folder],
            cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, list[tuple[dt.date, str]]] = {}  # path → (day, "+" draft line added / "-" removed)
    day, path = None, None
    for line in log.splitlines():  # newest commit first
        if line.startswith("@") and len(line) == 11:
            day = dt.date.fromisoformat(line[1:])
        elif line.startswith("+++ "):
            name = line[4:].rstrip("\t")
            path = renamed_to.get(name[2:], name[2:]) if name.startswith("b/") else None
        elif path and day and (found := _DRAFT_LINE.match(line)):
            changes.setdefault(path, []).append((day, found[1]))
    public = {}
    for path, events in changes.items():
        events.reverse()  # oldest first
        if events[0][1] == "+":
            made_public = next((d for d, sign in events[1:] if sign == "-"), None)
            if made_public:
                public[path] = made_public
    return public

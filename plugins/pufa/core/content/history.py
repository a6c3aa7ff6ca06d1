"""Dates from git: when each content file was first published and last changed.

Git is read in its machine formats only (`--raw -z`, `cat-file --batch`): names may hold
spaces, Chinese, tabs or newlines, and nothing an editor writes (a commit message, a line of
a file) can be mistaken for git's own output.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..clock import CHINA
from .fields import STATUS_DRAFT
from .reading import decode, split_front_matter



def china_day(timestamp: int) -> dt.date:
    """The day in China of a moment (seconds since the epoch), whatever zone git recorded."""
    return dt.datetime.fromtimestamp(timestamp, CHINA).date()


@dataclass(frozen=True)
class FileDates:
    first: dt.date
    last: dt.date


@dataclass
class _File:
    """One file's versions, oldest first, followed across renames."""

    versions: list[tuple[dt.date, str]] = field(default_factory=list)  # (China day, blob id)
    # first seen at the edge of a shallow clone: that version's day is not when it changed
    cut: bool = False


@dataclass(frozen=True)
class _Change:
    status: str  # A, M, D, R, T … as in `git diff --raw`
    blob: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class _Commit:
    id: str
    day: dt.date
    changes: tuple[_Change, ...]


# Settings in a user's or repository's git config that would change what `git log` prints.
_GIT = ("git", "-c", "log.showSignature=false", "-c", "log.diffMerges=first-parent", "-c", "log.follow=false")
# First parent: the history of the branch being built, so a merge counts on the day it
# landed (a merge request merged on the 15th published its pages on the 15th, whenever its
# commits were written), and `-m` shows what a merge brought to the branch.
_LOG = ("log", "--first-parent", "-m", "--raw", "-z", "--no-abbrev", "-M", "--relative", "--no-color",
        "--format=%H %ct")


def git_dates(root: Path, folder: str = "content") -> dict[str, FileDates]:
    """Path (relative to `root`) → dates, for the files under `folder` that exist at HEAD.

    `first` is the day of the first commit in which the file was not a draft (`status: 草稿`),
    or of its first commit when it never left draft; `last` is the day of its last commit.
    Days are China days. Renames are followed, so a moved file keeps its first date.
    Empty when `root` is not in a git work tree or git is missing, and without the files a
    shallow clone shows unchanged since its oldest commit: pages then fall back to the dates
    in the metadata.
    """
    try:
        log = subprocess.run([*_GIT, *_LOG, "--", folder], cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    try:
        commits = parse_log(log)
    except (ValueError, IndexError):  # not what the options above make git print
        return {}
    files = {path: file for path, file in _follow(reversed(commits), _shallow(root)).items()
             if len(file.versions) > file.cut}
    if not files:
        return {}
    try:
        with _Blobs(root) as blobs:
            return {path: FileDates(_first_public(path, file, blobs), file.versions[-1][0])
                    for path, file in files.items()}
    except (OSError, subprocess.SubprocessError, ValueError):
        return {path: FileDates(file.versions[0][0], file.versions[-1][0]) for path, file in files.items()}


def _shallow(root: Path) -> set[str]:
    """The commits where a shallow clone's history stops (git lists them in `.git/shallow`)."""
    try:
        where = subprocess.run(["git", "rev-parse", "--git-path", "shallow"], cwd=root, capture_output=True,
                               check=True).stdout.rstrip(b"\n")
        return set((Path(root) / os.fsdecode(where)).read_text(encoding="ascii").split())
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        return set()


def parse_log(log: bytes) -> list[_Commit]:
    """`git log --raw -z --format='%H %ct'` → commits as git lists them (newest first).

    Tokens are NUL-separated; a path is taken by its position after its change record,
    never by what it looks like, so any byte a name may hold is safe.
    """
    tokens = log.split(b"\0")
    commits: list[_Commit] = []
    commit: str | None = None
    day = dt.date.min
    changes: list[_Change] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if not token:
            continue
        if token.startswith(b":"):  # :old_mode new_mode old_blob new_blob status
            _, _, _, blob, status = token[1:].decode("ascii").split(" ")
            if status[0] in "RC":
                old, new = tokens[index], tokens[index + 1]
                index += 2
                changes.append(_Change(status[0], blob, os.fsdecode(new), os.fsdecode(old)))
            else:
                changes.append(_Change(status[0], blob, os.fsdecode(tokens[index])))
                index += 1
            continue
        if commit is not None:
            commits.append(_Commit(commit, day, tuple(changes)))
        commit, timestamp = token.decode("ascii").split(" ")
        day, changes = china_day(int(timestamp)), []
    if commit is not None:
        commits.append(_Commit(commit, day, tuple(changes)))
    return commits


def _follow(commits: Iterable[_Commit], shallow: set[str]) -> dict[str, _File]:
    """Oldest commit first → the files that exist at the end, by path, with all their versions.

    A shallow clone's oldest commits show every file as added: those files are `cut`.
    """
    alive: dict[str, _File] = {}
    gone: dict[str, _File] = {}  # deleted paths: a file put back at the same address continues
    for commit in commits:
        moved: dict[str, _File] = {}
        for change in commit.changes:  # removals first, so a path freed and reused in one commit is right
            if change.status == "R":
                moved[change.old_path] = alive.pop(change.old_path, None) or _File()
            elif change.status == "D" and change.path in alive:
                gone[change.path] = alive.pop(change.path)
        for change in commit.changes:
            if change.status == "D":
                continue
            if change.status == "R":
                file = moved[change.old_path]
            else:
                file = (alive.get(change.path) or gone.pop(change.path, None)
                        or _File(cut=commit.id in shallow))
            file.versions.append((commit.day, change.blob))
            alive[change.path] = file
    return alive


def _first_public(path: str, file: _File, blobs: _Blobs) -> dt.date:
    if path.endswith(".md"):
        for day, blob in file.versions:
            if not is_draft(blobs.read(blob)):
                return day
    return file.versions[0][0]


_DRAFT = STATUS_DRAFT.encode()


def is_draft(data: bytes) -> bool:
    """Whether a version of a document says `status: 草稿` in its front matter.

    An old version may hold anything (today's checks never saw it), so its YAML is composed,
    not constructed: a node graph stays as small as the text, where values built from
    nested aliases could grow without bound.
    """
    if _DRAFT not in data:
        return False
    text = decode(data).text
    front = split_front_matter(text, "")[0] if text is not None else None
    if front is None:
        return False
    try:
        node = yaml.compose(front.yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return False
    if not isinstance(node, yaml.MappingNode):
        return False
    status = [value for key, value in node.value
              if isinstance(key, yaml.ScalarNode) and key.value == "status"]
    return bool(status) and isinstance(status[-1], yaml.ScalarNode) and status[-1].value == STATUS_DRAFT


class _Blobs:
    """File versions by blob id, from one `git cat-file --batch` asked one at a time."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def __enter__(self) -> _Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.stdin.close()
        self.process.stdout.close()
        self.process.wait()

    def read(self, blob: str) -> bytes:
        self.process.stdin.write(blob.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()  # <blob> blob <size>, or <blob> missing
        if len(header) != 3:
            raise ValueError(f"git cat-file: {blob} not found")
        data = self.process.stdout.read(int(header[2]) + 1)
        return data[:-1]

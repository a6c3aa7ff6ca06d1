"""Symlinks under content/ and docs/: only what stays inside the repository is read or published.

MkDocs follows every symlink under docs/ and copies its target into site/, so a link to
/etc/passwd or /proc/self/environ would publish the build machine's files. Links whose
target lies inside the project (the folder of mkdocs.yml) are followed as MkDocs follows them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import messages as msg
from ..problems import Problem


@dataclass
class Walk:
    """The files under a folder as MkDocs would see them, and the links refused on the way."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def inside(path: Path, root: Path) -> bool:
    """Whether the real location of `path` (every link followed) is inside `root`."""
    return path.resolve().is_relative_to(root.resolve())


def walk_files(folder: Path, root: Path, boundary: str = "仓库") -> Walk:
    """Every file below `folder`, sorted, with links followed only while they stay inside `root`.

    A link that leads outside `root`, to nothing, or in a circle is a problem and is not
    listed; nothing below it is read.
    """
    walk = Walk()
    real_root = root.resolve()
    if not folder.exists() and not folder.is_symlink():
        return walk
    _visit(folder, root, real_root, walk, set(), boundary)
    walk.files.sort()
    return walk


def content_boundary(content_dir: Path, root: Path) -> Path:
    """Links may not leave the repository; a content folder configured outside it is its own boundary."""
    return root if content_dir.resolve().is_relative_to(root.resolve()) else content_dir


def walk_content(content_dir: Path, root: Path) -> Walk:
    """The content folder's files, walked once per build for the content and calendar.yml alike."""
    return walk_files(content_dir, content_boundary(content_dir, root))


def _refused(path: Path, root: Path, real_root: Path, walk: Walk, seen: set[Path], boundary: str) -> bool:
    if not path.is_symlink():
        return False
    target = Path(os.readlink(path))
    real = path.resolve()
    if not real.is_relative_to(real_root):
        message = msg.link_outside(target.as_posix(), boundary)
    elif not real.exists():
        message = msg.link_broken(target.as_posix())
    elif real.is_dir() and real in seen:
        message = msg.link_loop(target.as_posix())
    else:
        return False
    walk.problems.append(Problem(_rel(path, root), 1, "file", "symlink", message))
    return True


def _visit(folder: Path, root: Path, real_root: Path, walk: Walk, seen: set[Path], boundary: str) -> None:
    if _refused(folder, root, real_root, walk, seen, boundary):
        return
    real = folder.resolve()
    if real in seen:
        return
    seen = seen | {real}  # the chain of folders above: a link back into it is a loop
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        path = folder / entry.name
        if _refused(path, root, real_root, walk, seen, boundary):
            continue
        if path.is_dir():
            _visit(path, root, real_root, walk, seen, boundary)
        elif path.is_file():
            walk.files.append(path)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

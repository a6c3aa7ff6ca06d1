"""`pufa check --changed`: the files a branch changed and the files that depend on them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .catalog import Catalog, law_key


class GitUnreadable(Exception):
    """Git could not say what changed; the text is git's own reason."""


def changed_files(root: Path, base: str | None) -> set[str]:
    """Paths (relative to `root`) changed since the merge base with `base`, staged, unstaged or new.

    Names are read NUL-separated (`-z`), so no name is quoted or split, and `--relative`
    gives them relative to `root` (ls-files always does), whatever the git config says.
    """
    def git(*args: str) -> list[str]:
        try:
            result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)
        except OSError as error:
            raise GitUnreadable(f"git: {error.strerror}") from error
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitUnreadable(said[0] if said else f"git {args[0]}: {error.returncode}") from error
        return [os.fsdecode(name) for name in result.stdout.split(b"\0") if name]

    # ls-files first: outside a repository it says so, where `git diff` would compare folders
    names = set(git("ls-files", "-z", "--others", "--exclude-standard"))
    diff = ("diff", "--name-only", "-z", "--relative", "--no-ext-diff", "--diff-filter=ACMR")
    if base:
        merge_base = git("merge-base", base, "HEAD")[0].strip()
        names.update(git(*diff, merge_base, "HEAD"))
    names.update(git(*diff, "HEAD"))
    return names


def affected_files(changed: set[str], catalog: Catalog | None, root: Path, content: str = "content") -> set[str]:
    """What a change can break: the changed files, documents of a changed agency, everything
    that uses topics when topics.yml changed, and documents about a law whose text changed."""
    affected = set(changed)
    agencies = {Path(p).stem for p in changed if p.startswith(f"{content}/agencies/")}
    if catalog is not None:
        documents = (*catalog.explainers, *catalog.cases)
        if f"{content}/topics.yml" in changed:
            affected.update(d.path for d in documents)
        affected.update(d.path for d in documents if set(d.agencies) & agencies)
        affected.update(a.path for a in catalog.agencies if a.parent in agencies)
        laws = {law_key(s.title) for s in catalog.statutes if s.path in changed}
        affected.update(d.path for d in documents if any(law_key(r.law) in laws for r in d.law_refs))
    else:
        # without a catalog (there are errors) the folder still tells a document's agency
        files = [p.relative_to(root).as_posix() for p in (root / content).rglob("*") if p.is_file()]
        for agency in agencies:
            affected.update(p for p in files if f"/{agency}/" in p)
    return affected

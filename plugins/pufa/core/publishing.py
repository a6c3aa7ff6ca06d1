"""Atomic publishing: a build writes a staging folder, and readers see it only once it is whole.

Beside the published folder `site` (MkDocs' site_dir):

    site -> site.releases/20261129T214233.123456Z    a relative symlink, swapped in one rename
    site.releases/<release>/                         the newest releases, kept for rollback
    site.releases/.staging-<release>/                the build in progress

The releases folder is locked (flock) while a build writes into it. A build that is killed,
fails or fills the disk never touches `site`; what it left behind is removed by the next build.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import messages

RELEASE = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
STAGING = ".staging-"
LINK = ".link-"
KEEP_RELEASES = 5
_LIBC = ctypes.CDLL(None, use_errno=True)  # the C library, for syncfs and renameat2


class PublishError(Exception):
    """A build cannot publish here; the message (Chinese) says why and what to do."""


@dataclass
class Staging:
    site: Path  # the published path: a symlink once the first release is out
    folder: Path  # where this build writes
    lock: int  # descriptor of the locked releases folder


def releases_folder(site: Path) -> Path:
    return site.with_name(site.name + ".releases")


def release_name(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def list_releases(site: Path) -> list[Path]:
    """Complete releases, oldest first (names are their UTC build times)."""
    folder = releases_folder(site)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if RELEASE.match(p.name) and p.is_dir() and not p.is_symlink())


def current_release(site: Path) -> Path | None:
    """The release `site` links to, or None when it is not one of ours."""
    if not site.is_symlink():
        return None
    target = Path(os.path.realpath(site))
    ours = Path(os.path.realpath(releases_folder(site)))
    if target.parent != ours or not RELEASE.match(target.name):
        return None
    return releases_folder(site) / target.name


def _free_name(folder: Path, moment: dt.datetime) -> str:
    """A release name for `moment` that no entry of `folder` has yet."""
    while True:
        name = release_name(moment)
        if not os.path.lexists(folder / name) and not os.path.lexists(folder / (STAGING + name)):
            return name
        moment += dt.timedelta(microseconds=1)


def check_site(site: Path) -> None:
    """Refuse a site_dir we would break: a file, or a symlink that some other deployment manages."""
    if site.is_symlink():
        if current_release(site) is None:
            raise PublishError(messages.site_link_not_ours(site, os.readlink(site)))
    elif site.exists() and not site.is_dir():
        raise PublishError(messages.site_not_a_folder(site))


def _lock(folder: Path) -> int:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise PublishError(messages.publish_busy(folder)) from None
    return descriptor


def _stage_in(parent: Path, leftovers: Callable[[], list[Path]], name: Callable[[], str]) -> tuple[Path, int]:
    """Lock `parent`, remove what killed runs left there and make an empty staging folder in it.

    Both are decided under the lock: another run may be finishing until it is taken.
    """
    parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(parent)
    try:
        for leftover in leftovers():
            _remove(leftover)
        folder = parent / name()
        folder.mkdir()
    except BaseException:
        os.close(lock)
        raise
    return folder, lock


def begin_release(site: Path) -> Staging:
    """Lock the releases folder, clear leftovers and make an empty staging folder for this build."""
    check_site(site)
    releases = releases_folder(site)
    # leftovers: staging folders and links that never took the site's place
    folder, lock = _stage_in(
        releases,
        lambda: [e for e in releases.iterdir() if e.is_symlink() or e.name.startswith(STAGING)],
        lambda: STAGING + _free_name(releases, dt.datetime.now(dt.timezone.utc)))
    return Staging(site, folder, lock)


def flush_to_disk(folder: Path) -> None:
    """Write the file system holding `folder` to disk: syncfs(2), not the host-wide sync(2)."""
    syncfs = getattr(_LIBC, "syncfs", None)
    if syncfs is None:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if syncfs(fd) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(folder))
    finally:
        os.close(fd)


def finish_staging(staging: Staging) -> Path:
    """The staging folder, written to disk and renamed to its release name; not yet published."""
    # a power cut after the switch must not leave the link pointing at files still in memory
    flush_to_disk(staging.folder)
    release = staging.folder.with_name(staging.folder.name.removeprefix(STAGING))
    staging.folder.rename(release)
    return release


def link_release(site: Path, release: Path) -> None:
    """Point `site` at `release` in one rename; a real folder still at `site` becomes a release."""
    releases = release.parent
    target = f"{releases.name}/{release.name}"  # relative: the tree can be moved or copied whole
    if site.is_dir() and not site.is_symlink():
        mtime = dt.datetime.fromtimestamp(site.stat().st_mtime, dt.timezone.utc)
        old = releases / _free_name(releases, min(mtime, _release_time(release) - dt.timedelta(seconds=1)))
        os.symlink(target, old)
        if exchange_paths(site, old):  # the folder becomes a release and `site` the link, at once
            return
        # no RENAME_EXCHANGE here: for an instant between these two renames there is no `site`
        old.unlink()
        site.rename(old)
    link = releases / (LINK + release.name)
    os.symlink(target, link)
    os.replace(link, site)


def _release_time(release: Path) -> dt.datetime:
    return dt.datetime.strptime(release.name, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=dt.timezone.utc)


def prune_releases(site: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest releases, never the published one; returns what is left."""
    current = current_release(site)
    releases = list_releases(site)
    for old in releases[:-keep]:
        if old != current:
            shutil.rmtree(old)
    return list_releases(site)


def unlock(staging: Staging) -> None:
    if staging.lock >= 0:
        os.close(staging.lock)
        staging.lock = -1


def publish_release(staging: Staging, keep: int = KEEP_RELEASES) -> Path:
    """Make the finished build what `site` serves, then prune old releases."""
    try:
        release = finish_staging(staging)
        link_release(staging.site, release)
        prune_releases(staging.site, keep)
        return release
    finally:
        unlock(staging)


def abandon_release(staging: Staging) -> None:
    """Remove a failed build's staging folder; `site` was never touched."""
    try:
        shutil.rmtree(staging.folder, ignore_errors=True)
    finally:
        unlock(staging)


# Swapping two paths in one step needs Linux's renameat2(RENAME_EXCHANGE); os has no binding.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = getattr(_LIBC, "renameat2", None)


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two paths on one file system atomically; False where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def begin_folder(target: Path) -> tuple[Path, int]:
    """A hidden staging folder beside `target` (removing ones killed runs left) and the lock on its parent."""
    prefix = f".{target.name}{STAGING}"
    return _stage_in(target.parent, lambda: list(target.parent.glob(prefix + "*")),
                     lambda: prefix + release_name(dt.datetime.now(dt.timezone.utc)))


def replace_folder(new: Path, target: Path) -> None:
    """Put the complete folder `new` where `target` is, in one step where the system allows."""
    flush_to_disk(new)
    if not target.exists() and not target.is_symlink():
        new.rename(target)
    elif exchange_paths(new, target):
        _remove(new)  # now what was at `target`
    else:
        old = new.with_name(new.name + ".old")
        target.rename(old)
        new.rename(target)
        _remove(old)


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path)

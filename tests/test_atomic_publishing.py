"""Atomic publishing: `mkdocs build` and `pufa kiosk-bundle` killed, crashing or out of disk
leave the published folder byte-for-byte as it was; the next good build publishes.

Builds run as real `mkdocs build` subprocesses of small projects. A hook file in the test
project (MkDocs' `hooks:`) can stop a build at a chosen moment so it is killed exactly there.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import EXPLAINER, MKDOCS_YML, free_port, listening, replace
from pufa.core.publishing import exchange_paths, list_releases, prune_releases, releases_folder

MKDOCS = [sys.executable, "-m", "mkdocs"]
PUFA = [sys.executable, "-m", "pufa.cli"]

# Stops the build at the event named by PUFA_TEST_STOP (after writing PUFA_TEST_MARK) or
# raises there with PUFA_TEST_RAISE. "pages": stops once three pages are written.
HOOKS = '''\
import os, time
from pathlib import Path

def _at(event):
    if os.environ.get("PUFA_TEST_RAISE") == event:
        raise RuntimeError("a plugin crashed in " + event)
    if os.environ.get("PUFA_TEST_STOP") == event:
        Path(os.environ["PUFA_TEST_MARK"]).write_text(event)
        time.sleep(120)

def on_config(config):
    _at("config")

_pages = []

def on_post_page(output, page, config):
    _pages.append(page)
    if len(_pages) == 4:
        _at("pages")
    return output

def on_post_build(config):
    _at("post_build")

def on_shutdown():
    _at("shutdown")
'''


def digest(folder: Path) -> str:
    """One hash of a whole tree (names, kinds, bytes, link targets), read through `folder` if it is a link."""
    total = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                total.update(f"L {rel} {os.readlink(path)}\n".encode())
            elif path.is_dir():
                total.update(f"D {rel}\n".encode())
            else:
                total.update(f"F {rel} ".encode() + hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def built_project(project, title: str = "哪些人可以申请法律援助？") -> Path:
    config = MKDOCS_YML + "hooks:\n  - stop.py\n"
    root = project({"mkdocs.yml": config, "stop.py": HOOKS,
                    "content/laws/moj/legal-aid.md": replace(EXPLAINER, "哪些人可以申请法律援助？", title)})
    build = mkdocs(root)
    assert build.returncode == 0, build.stderr
    return root


def mkdocs(root: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", *args], cwd=root, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=180, **kwargs)


def edit(root: Path, title: str) -> None:
    page = root / "content/laws/moj/legal-aid.md"
    page.write_text(page.read_text(encoding="utf-8").replace("哪些人可以申请法律援助？", title), encoding="utf-8")


def kill_at(root: Path, event: str, command: tuple[str, ...] = (*MKDOCS, "build")) -> None:
    """Start `command` (`mkdocs build`), wait until its build reaches `event`, kill -9 it there."""
    mark = root.parent / f"reached-{event}"
    mark.unlink(missing_ok=True)
    env = {**os.environ, "PUFA_TEST_STOP": event, "PUFA_TEST_MARK": str(mark)}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not mark.exists():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, f"the build never reached {event}"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


def published_title(root: Path) -> str:
    html = (root / "site/laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    return html.split("<h1", 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_a_build_killed_at_each_moment_leaves_the_site_byte_identical(project):
    root = built_project(project)
    before = digest(root / "site")
    edit(root, "新标题")
    stopped = {}
    for event in ("config", "pages", "post_build", "shutdown"):
        kill_at(root, event)
        assert digest(root / "site") == before, f"killed at {event}"
        staging = releases_folder(root / "site").glob(".staging-*")
        stopped[event] = [len(list(folder.rglob("index.html"))) for folder in staging]
    # each kill hit a build in progress: it left its staging folder, with pages from "pages" on
    assert stopped["config"] == [0] and stopped["pages"][0] >= 3, stopped
    assert stopped["post_build"] == stopped["shutdown"] and stopped["shutdown"][0] > stopped["pages"][0]

    good = mkdocs(root)
    assert good.returncode == 0, good.stderr
    assert published_title(root) == "新标题"
    assert [p.name for p in releases_folder(root / "site").iterdir() if p.name.startswith(".")] == []


def test_a_build_killed_at_any_instant_leaves_a_whole_site(project):
    """Kills spread over a whole build, the switch included: the site is always one whole release."""
    root = built_project(project)
    start = time.monotonic()
    edit(root, "第二版")
    assert mkdocs(root).returncode == 0
    duration = time.monotonic() - start
    releases = {digest(release): release.name for release in list_releases(root / "site")}
    assert len(releases) == 2
    edit(root, "第三版")
    for step in range(8):
        process = subprocess.Popen([*MKDOCS, "build"], cwd=root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(duration * (0.3 + 0.1 * step))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = digest(root / "site")
        if now not in releases:  # that build finished before the kill: it is a whole release too
            newest = Path(os.path.realpath(root / "site"))
            assert newest.name not in releases.values() and digest(newest) == now
            releases[now] = newest.name
            assert published_title(root) == "第三版"


def test_a_plugin_crashing_after_the_pages_publishes_nothing(project):
    root = built_project(project)
    before = digest(root / "site")
    edit(root, "新标题")
    crashed = mkdocs(root, env={"PUFA_TEST_RAISE": "post_build"})
    assert crashed.returncode != 0
    assert digest(root / "site") == before
    assert "a plugin crashed in post_build" in crashed.stderr
    assert "生成失败，没有发布" in crashed.stderr
    assert [p for p in releases_folder(root / "site").iterdir() if p.name.startswith(".")] == []


def test_a_strict_build_with_a_warning_publishes_nothing(project):
    """MkDocs fails a --strict build after every plugin's on_post_build has run."""
    root = built_project(project)
    before = digest(root / "site")
    with open(root / "docs/index.md", "a", encoding="utf-8") as index:
        index.write("\n[失效链接](no-such-page.md)\n")
    strict = mkdocs(root, "--strict")
    assert strict.returncode != 0 and "strict mode" in strict.stdout + strict.stderr
    assert digest(root / "site") == before


def _disk_full() -> None:
    # files stop growing at 256 KiB, as on a full disk; the write fails (EFBIG) instead of killing the build
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_full_disk_leaves_the_site_whole_and_the_next_build_publishes(project):
    root = built_project(project)
    before = digest(root / "site")
    edit(root, "新标题")
    full = mkdocs(root, preexec_fn=_disk_full)
    assert full.returncode != 0
    assert "File too large" in full.stderr  # the build really failed writing
    assert digest(root / "site") == before
    assert [p for p in releases_folder(root / "site").iterdir() if p.name.startswith(".")] == []

    assert mkdocs(root).returncode == 0
    assert published_title(root) == "新标题"


def test_first_build_moves_an_old_site_folder_aside_and_keeps_it_for_rollback(project):
    root = project()
    old = root / "site"
    (old / "laws").mkdir(parents=True)
    (old / "index.html").write_text("<h1>旧网站</h1>", encoding="utf-8")
    (old / "laws/page.html").write_bytes(b"\x00old bytes")
    before = digest(old)

    assert mkdocs(root).returncode == 0
    assert (root / "site").is_symlink()
    assert os.readlink(root / "site").startswith("site.releases/")  # relative: the tree can be moved
    [previous, current] = list_releases(root / "site")
    assert digest(previous) == before
    assert (root / "site/laws/moj/legal-aid/index.html").is_file()

    # rollback as deploy.md says: a new link renamed over the old one
    subprocess.run(["ln", "-s", f"site.releases/{previous.name}", "site.new"], cwd=root, check=True)
    subprocess.run(["mv", "-T", "site.new", "site"], cwd=root, check=True)
    assert (root / "site/index.html").read_text(encoding="utf-8") == "<h1>旧网站</h1>"


def test_only_the_newest_releases_are_kept(project):
    config = MKDOCS_YML.replace("  - pufa/content\n", "  - pufa/content:\n      keep_releases: 2\n")
    root = project({"mkdocs.yml": config})
    built = []
    for _ in range(3):
        assert mkdocs(root).returncode == 0
        built.append(Path(os.path.realpath(root / "site")).name)
    # the published release and the one before it (for requests in flight and for rollback)
    assert [r.name for r in list_releases(root / "site")] == built[1:]
    assert Path(os.path.realpath(root / "site")).name == built[2]


def test_site_dir_option_publishes_there_and_leaves_site_alone(project):
    root = built_project(project)
    before = digest(root / "site")
    edit(root, "新标题")
    assert mkdocs(root, "-d", "public").returncode == 0
    assert (root / "public").is_symlink() and (root / "public.releases").is_dir()
    assert "新标题" in (root / "public/laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert digest(root / "site") == before


def test_a_site_link_managed_elsewhere_is_refused_and_kept(project, tmp_path):
    root = project()
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (root / "site").symlink_to(elsewhere)
    result = mkdocs(root)
    assert result.returncode != 0
    assert "不是 pufa 发布的版本链接" in result.stderr and "Traceback" not in result.stderr
    assert os.readlink(root / "site") == str(elsewhere) and list(elsewhere.iterdir()) == []


def test_a_second_build_while_one_publishes_is_refused(project):
    root = built_project(project)
    before = digest(root / "site")
    busy = os.open(releases_folder(root / "site"), os.O_RDONLY)
    try:
        fcntl.flock(busy, fcntl.LOCK_EX)
        result = mkdocs(root)
    finally:
        os.close(busy)
    assert result.returncode != 0 and "另一个生成过程正在向" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(root / "site") == before


def test_leftovers_of_killed_publishing_are_removed_by_the_next_build(project):
    """A process killed after its build was complete but before the switch: never published, then cleaned."""
    root = built_project(project)
    before = digest(root / "site")
    child = ("import os, signal, sys\nfrom pathlib import Path\n"
             "from pufa.core.publishing import begin_release, finish_staging\n"
             "staging = begin_release(Path(sys.argv[1]))\n"
             "(staging.folder / 'index.html').write_text('half')\n"
             "if sys.argv[2] == 'finished':\n    finish_staging(staging)\n"
             "os.kill(os.getpid(), signal.SIGKILL)\n")
    for moment in ("staged", "finished"):
        killed = subprocess.run([sys.executable, "-c", child, str(root / "site"), moment])
        assert killed.returncode == -signal.SIGKILL
        assert digest(root / "site") == before
    (releases_folder(root / "site") / ".link-20990101T000000.000000Z").symlink_to("site.releases/x")
    assert mkdocs(root).returncode == 0
    left = [p.name for p in releases_folder(root / "site").iterdir() if p.name.startswith(".")]
    assert left == []
    assert published_title(root) == "哪些人可以申请法律援助？"


@pytest.mark.parametrize("clean", [False, True], ids=["serve", "serve --clean"])
def test_mkdocs_serve_is_left_alone(project, tmp_path, clean):
    root = built_project(project)
    before = digest(root / "site")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}",
                               *(["--clean"] if clean else [])],
                              cwd=root, env={**os.environ, "TMPDIR": str(temp)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert listening(port, server, 60), "mkdocs serve did not start"
        deadline = time.monotonic() + 60
        while True:  # the port opens before the first build is served
            try:
                url = f"http://127.0.0.1:{port}/laws/moj/legal-aid/"
                with urllib.request.urlopen(url, timeout=10) as page:
                    assert "哪些人可以申请法律援助" in page.read().decode()
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=60)
    assert "Traceback" not in errors.decode(), errors.decode()
    assert digest(root / "site") == before
    assert list(temp.iterdir()) == []  # serve's temp folder and nothing of ours beside it


def kiosk_bundle(root: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PUFA, "--root", str(root), "kiosk-bundle", str(out)],
                          capture_output=True, text=True, timeout=180)


def test_kiosk_bundle_failing_or_killed_leaves_the_previous_bundle_whole(project, tmp_path):
    root = built_project(project)
    out = tmp_path / "kiosk-bundle"
    assert kiosk_bundle(root, out).returncode == 0
    assert (out / "site/laws/moj/legal-aid/index.html").is_file() and not (out / "site").is_symlink()
    before = digest(out)

    edit(root, "新标题")
    kill_at(root, "pages", (*PUFA, "--root", str(root), "kiosk-bundle", str(out)))
    assert digest(out) == before
    [leftover] = [p.name for p in tmp_path.iterdir() if p.name.startswith(".kiosk-bundle.staging-")]

    broken = root / "content/laws/moj/legal-aid.md"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("published: 2026-03-01", "published: 2026-02-30"), encoding="utf-8")
    failed = kiosk_bundle(root, out)
    assert failed.returncode == 1 and "原有离线包保持不变" in failed.stderr
    assert digest(out) == before

    broken.write_text(good, encoding="utf-8")
    assert kiosk_bundle(root, out).returncode == 0
    assert "新标题" in (out / "site/laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert (out / "serve-kiosk.sh").is_file() and (out / "README.txt").is_file()


def test_exchange_swaps_a_folder_and_a_link_in_one_step(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder/page.html").write_text("旧", encoding="utf-8")
    (tmp_path / "link").symlink_to("elsewhere")
    assert exchange_paths(tmp_path / "folder", tmp_path / "link")
    assert os.readlink(tmp_path / "folder") == "elsewhere"
    assert (tmp_path / "link/page.html").read_text(encoding="utf-8") == "旧"


def test_pruning_never_deletes_the_release_a_rollback_published(tmp_path):
    site = tmp_path / "site"
    names = ["20261101T000000.000000Z", "20261102T000000.000000Z", "20261103T000000.000000Z"]
    for name in names:
        (releases_folder(site) / name).mkdir(parents=True)
    site.symlink_to(f"site.releases/{names[0]}")
    assert [r.name for r in prune_releases(site, 1)] == [names[0], names[2]]

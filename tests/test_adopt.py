"""Adopting pufa as an agency does: the wheel in a fresh virtual environment, `pufa init`, the CI
template's commands in order, and the site served by nginx under a sub-path with no CSP violation.
Also the one warnings policy: `pufa check --strict` fails on exactly what `mkdocs build --strict` fails on."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest
import yaml

from conftest import (AGENCY, EXPLAINER, MKDOCS_YML, REPO, free_port, guarded_page, listening, mkdocs_build, only,
                      replace)
from pufa.core.content.loading import load_content
from test_nginx import CSP_LISTENER, running_nginx
from test_release import build_dists

SUB_PATH = "/bureau/pufa/"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def ci_commands(project: Path) -> list[str]:
    """What the published branch runs in CI, in order: GitLab's `pages` job, the same as GitHub's steps."""
    gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]["script"]
    github = yaml.safe_load((project / ".github/workflows/pufa.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["check-and-build"]["steps"]
    on_main = [s["run"] for s in steps if "run" in s and "if" not in s and not s["run"].startswith("pip ")]
    assert on_main == [c for c in gitlab if not c.startswith("cp ")], (on_main, gitlab)
    return gitlab


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A virtual environment with nothing but the wheel and its dependencies, pinned by the lock.

    pip runs as configured on the machine (PyPI in CI, its cache or a local mirror here); nothing
    from the test environment is visible in it.
    """
    tmp = tmp_path_factory.mktemp("fresh")
    _, wheel = build_dists(tmp)
    venv.create(tmp / "venv", with_pip=True, symlinks=True)
    python = tmp / "venv/bin/python"
    install = run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "-c", str(REPO / "requirements.lock"), str(wheel)], tmp)
    assert install.returncode == 0, install.stdout + install.stderr
    return tmp / "venv/bin"


def test_from_the_wheel_init_check_build_and_serve_under_a_sub_path(fresh, tmp_path, browser):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{fresh}{os.pathsep}{env['PATH']}"  # as an activated venv: `pufa`, `mkdocs` are its own
    init = run(["pufa", "init", "site", "--site-url", "https://www.example.gov.cn" + SUB_PATH,
                "--agency", "sfj", "--agency-name", "某市司法局"], tmp_path, env)
    assert init.returncode == 0, init.stderr
    project = tmp_path / "site"
    where = run([sys.executable, "-c", "import shutil; print(shutil.which('pufa'))"], project, env)
    assert where.stdout.strip() == str(fresh / "pufa")

    for command in ci_commands(project):
        done = run(["sh", "-c", command], project, env)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (project / "public/index.html").is_file() and (project / "public/guide/index.html").is_file()

    port = free_port()
    config = run(["pufa", "nginx-config", "--site-root", str(project / "site"), "--listen", f"127.0.0.1:{port}"],
                 project, env)
    assert config.returncode == 0, config.stderr
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    with running_nginx(config.stdout, tmp_path):
        context, page, outside, errors = guarded_page(browser, 1280)
        context.add_init_script(CSP_LISTENER)
        seen = {}
        for path in ("", "agencies/sfj/", "guide/", "guide/fields/", "calendar/", "kiosk/", "no-such-page/"):
            response = page.goto(base + path)
            seen[path] = (response.status, page.locator("h1").first.inner_text(),
                          page.evaluate("window.__violations || []"))
        context.close()
    assert {p: s[2] for p, s in seen.items()} == {p: [] for p in seen}
    assert {p: s[0] for p, s in seen.items()} == {**{p: 200 for p in seen}, "no-such-page/": 404}
    assert seen["guide/"][1].startswith("编辑指南") and seen["no-such-page/"][1] == "未找到页面"
    assert outside == [] and errors == []


# one warnings policy: pufa check --strict and mkdocs build --strict agree


def strict_results(root: Path) -> tuple[int, int, str]:
    check = run([sys.executable, "-m", "pufa.cli", "check", "--strict"], root)
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict"], root)  # not -q: it hides warnings from --strict
    return check.returncode, build.returncode, check.stdout + check.stderr


def test_a_committed_draft_fails_neither_strict_check_nor_strict_build(project):
    root = project({"content/laws/moj/draft.md": replace(EXPLAINER, "status: 已发布", "status: 草稿")})
    check, build, output = strict_results(root)
    assert (check, build) == (0, 0), output
    assert "content/laws/moj/draft.md:1: status: （提示）状态为“草稿”" in output
    assert not (root / "site/laws/moj/draft").exists()


def test_a_warning_fails_strict_check_and_strict_build_alike(project):
    body = EXPLAINER + "\n依照《某某不存在条例》第三条处理。\n"
    root = project({"content/laws/moj/legal-aid.md": body})
    lenient = run([sys.executable, "-m", "pufa.cli", "check"], root)
    assert lenient.returncode == 0 and "（警告）" in lenient.stdout
    check, build, output = strict_results(root)
    assert (check, build) == (1, 1), output
    assert "--strict" in output


# configuration errors: the build and pufa check stop alike, with a clear message


MATERIAL_SEARCH = "  - pufa/content\n  - search\n  - pufa/search\n"
MISORDERED = "  - pufa/calendar\n  - pufa/content\n"


@pytest.mark.parametrize("plugins, message", [
    (MATERIAL_SEARCH, "同时启用了 Material 的搜索插件（search 或 material/search）和 pufa/search"),
    (MISORDERED, "pufa/content 须写在 pufa/calendar 之前"),
])
def test_a_misconfigured_site_stops_the_build_and_pufa_check_alike(project, plugins, message):
    root = project({"mkdocs.yml": MKDOCS_YML.replace("  - pufa/content\n", plugins)})
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.error is not None and message in str(built.error) + "\n".join(built.logs)
    check = run([sys.executable, "-m", "pufa.cli", "check", "--strict"], root)
    assert check.returncode == 2 and message in check.stderr and "Traceback" not in check.stderr
    assert check.stderr.startswith("mkdocs.yml: ")


# pufa init


def pufa_init(where: Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pufa.cli", "init", *args], where)


def test_init_writes_a_repository_that_passes_strict_check_and_strict_build(tmp_path):
    name = '某市"普法": #网 {{ config }}'  # YAML and Jinja syntax in a name: written as text
    made = pufa_init(tmp_path, "site", "--site-name", name, "--site-url", "https://www.example.gov.cn/pufa",
                     "--agency", "xx-sfj", "--agency-name", "某市司法局")
    assert made.returncode == 0, made.stderr
    root = tmp_path / "site"
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == [".github/workflows/pufa.yml", ".gitignore", ".gitlab-ci.yml", ".pre-commit-config.yaml",
                       "README.md", "content/agencies/xx-sfj.yml", "content/calendar.yml", "content/topics.yml",
                       "docs/about.md", "docs/index.md", "mkdocs.yml"]
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == name and config["site_url"] == "https://www.example.gov.cn/pufa/"
    assert config["extra"]["scope"] == "/pufa/" and config["theme"]["font"] == "false"
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == [
        "pufa/content", "pufa/search", "pufa/kiosk", "pufa/calendar", "pufa/feeds"]
    assert (root / "README.md").read_text(encoding="utf-8").startswith(f"# {name}\n")
    check, build, output = strict_results(root)
    assert (check, build) == (0, 0), output
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert "某市&#34;普法&#34;: #网 {{ config }}" in home or "某市&quot;普法&quot;: #网 {{ config }}" in home
    assert (root / "site/guide/index.html").is_file() and (root / "site/agencies/xx-sfj/index.html").is_file()


def test_init_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/mkdocs.yml").write_text("site_name: 原有网站\n", encoding="utf-8")
    made = pufa_init(tmp_path, "site")
    assert made.returncode == 2 and "mkdocs.yml" in made.stderr and "什么也没有写" in made.stderr
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["mkdocs.yml"]
    assert (tmp_path / "site/mkdocs.yml").read_text(encoding="utf-8") == "site_name: 原有网站\n"


def test_init_refuses_an_agency_id_that_is_not_a_file_name_and_a_site_url_without_scheme(tmp_path):
    made = pufa_init(tmp_path, "site", "--agency", "../x", "--site-url", "www.example.gov.cn")
    assert made.returncode == 2
    assert "--agency:" in made.stderr and "--site-url:" in made.stderr and "Traceback" not in made.stderr
    assert not (tmp_path / "site").exists()


# a parent agency that is not on the site


OUTSIDE_PARENT = "parent_name: 某省司法厅\nparent_website: https://sft.example.gov.cn/\n"


def test_an_agency_names_a_parent_outside_the_site_by_name_and_address(project):
    root = project({"content/agencies/moj.yml": AGENCY.replace("level: 中央\n", "level: 市级\n" + OUTSIDE_PARENT)})
    built = mkdocs_build(root / "mkdocs.yml")
    assert built.error is None, "\n".join(built.logs)
    page = (root / "site/agencies/moj/index.html").read_text(encoding="utf-8")
    assert '<a href="https://sft.example.gov.cn/">某省司法厅</a>' in page
    assert not (root / "site/agencies/sft").exists()  # a name, not a section


@pytest.mark.parametrize("lines, field, code", [
    ("parent: moj\nparent_name: 某省司法厅\n", "parent_name", "parent-twice"),
    ("parent_website: https://sft.example.gov.cn/\n", "parent_website", "parent-website-alone"),
])
def test_a_parent_is_on_the_site_or_outside_it_not_both(project, lines, field, code):
    root = project({"content/agencies/xz.yml": AGENCY.replace("level: 中央\n", "level: 县级\n" + lines)})
    result = load_content(root / "content", root)
    problem = only(list(result.problems), code)
    assert (problem.path, problem.field, problem.is_error) == ("content/agencies/xz.yml", field, True)
    assert problem.line == 4 + (field == "parent_name")


# pufa preview under a service manager


def _as_background_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # what `pufa preview &` in a shell script gets


@pytest.mark.parametrize("background", [False, True], ids=["foreground", "background job"])
def test_sigterm_to_pufa_preview_stops_its_server(project, tmp_path, background):
    root = project()
    port = free_port()
    log = tmp_path / "preview.log"  # a file, not a pipe: an orphaned server would hold a pipe open
    with log.open("wb") as out:
        preview = subprocess.Popen([sys.executable, "-m", "pufa.cli", "preview", "--addr", f"127.0.0.1:{port}"],
                                   cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=_as_background_job if background else None)
    try:
        assert listening(port, preview, 120), log.read_text(encoding="utf-8", errors="replace")
        preview.send_signal(signal.SIGTERM)
        preview.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and port_open(port):
            time.sleep(0.1)
        output = log.read_text(encoding="utf-8", errors="replace")
        assert not port_open(port), "mkdocs serve kept running after pufa preview was terminated:\n" + output
        assert "Shutting down" in output  # mkdocs serve stopped as on Ctrl-C (its temp folder removed)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(preview.pid, signal.SIGKILL)  # whatever is left of the session this test started


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False

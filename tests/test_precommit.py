"""The pre-commit hook definition, run through pre-commit itself on a sample agency repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXPLAINER, REPO

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="e@example.gov.cn",
               GIT_COMMITTER_NAME="编辑", GIT_COMMITTER_EMAIL="e@example.gov.cn")
    return subprocess.run(list(args), cwd=root, env=env, capture_output=True, text=True)


def test_pre_commit_runs_pufa_check_and_blocks_a_broken_file(project):
    # the agency repository pins this repository at its current commit, as agencies pin a tag
    head = run(REPO, "git", "rev-parse", "HEAD").stdout.strip()
    root = project({".pre-commit-config.yaml": f"repos:\n  - repo: {REPO}\n    rev: {head}\n"
                                                "    hooks:\n      - id: pufa-check\n"})
    run(root, "git", "init", "-q", "-b", "main")
    run(root, "git", "add", ".")
    ok = run(root, *PRE_COMMIT, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "pufa check" in ok.stdout and "Passed" in ok.stdout

    (root / "content/laws/moj/legal-aid.md").write_text(
        EXPLAINER.replace("published: 2026-03-01", "published: 2026-02-30"), encoding="utf-8")
    run(root, "git", "add", ".")
    bad = run(root, *PRE_COMMIT, "run", "--all-files")
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "content/laws/moj/legal-aid.md:10: published: 日期不存在：2026年2月没有30日" in bad.stdout


def _commands(template: dict) -> list[str]:
    found = []
    for job in template.get("jobs", {}).values():
        found += [step["run"] for step in job.get("steps", []) if "run" in step]
    for job in template.values():
        if isinstance(job, dict):
            found += [line for line in job.get("script", []) if isinstance(line, str)]
    return found


def test_ci_templates_run_commands_that_exist():
    import shlex

    import yaml

    from pufa.cli import build_parser

    for name in ("dot-github/workflows/pufa.yml", "dot-gitlab-ci.yml"):
        template = yaml.safe_load((REPO / "plugins/pufa/skeleton" / name).read_text(encoding="utf-8"))
        commands = _commands(template)
        pufa = [c for c in commands if c.startswith("pufa ")]
        # one policy: every check is strict, as the build is and as the pre-commit hook is
        assert any("--changed" in c for c in pufa) and any(c == "pufa check --strict" for c in pufa), name
        assert all(c.startswith("pufa check --strict") for c in pufa), name
        for command in pufa:
            words = [w for w in shlex.split(command.replace("${{ github.base_ref }}", "main"))[1:]]
            build_parser().parse_args(words)  # exits on an unknown option
        assert any(c.startswith("mkdocs build --strict") for c in commands), name

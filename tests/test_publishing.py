"""Publishing through git: dates from history, --changed, drafts, reviews and the report."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import AGENCY, CASE, EXPLAINER, mkdocs_build
from pufa.core.content.history import git_dates
from pufa.core.content.loading import load_content
from pufa.core.report.responsibility import DONE, OPEN, OVERDUE, build_report, report_csv

PUFA = [sys.executable, "-m", "pufa.cli"]
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def git(root: Path, *args: str, day: str | None = None, at: str | None = None) -> str:
    """Run git as an editor on a machine whose zone is UTC (as CI runners are).

    `day` commits at 10:00 China time that day; `at` is a full git date, e.g.
    "2026-03-01 19:00:00" (UTC, the machine's zone) or "2026-03-02T03:00:00+08:00".
    """
    env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="editor@example.gov.cn",
               GIT_COMMITTER_NAME="编辑", GIT_COMMITTER_EMAIL="editor@example.gov.cn", TZ="UTC")
    when = at or (f"{day}T10:00:00+08:00" if day else None)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout


def repository(project, explainer: str = EXPLAINER, message: str = "首次发布") -> Path:
    """A project whose first commit (2026-03-02) holds all its files."""
    root = project({"content/laws/moj/legal-aid.md": explainer})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", message, day="2026-03-02")
    return root


def test_dates_come_from_git_history_and_follow_renames(project):
    root = repository(project, EXPLAINER.replace("published: 2026-03-01", "published: 2026-04-01"))
    page = root / "content/laws/moj/legal-aid.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一段说明。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "补充", day="2026-05-20")
    git(root, "mv", "content/laws/moj/legal-aid.md", "content/laws/moj/legal-aid-guide.md")
    git(root, "commit", "-q", "-m", "改名", day="2026-06-01")
    dates = git_dates(root)
    found = dates["content/laws/moj/legal-aid-guide.md"]
    assert (found.first, found.last) == (dt.date(2026, 3, 2), dt.date(2026, 6, 1))
    assert dates["content/cases/moj/wage-case.md"].first == dt.date(2026, 3, 2)

    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    html = (result.site / "laws/moj/legal-aid-guide/index.html").read_text(encoding="utf-8")
    assert '<dt>首次发布</dt>\n<dd><time datetime="2026-03-02">2026年3月2日</time></dd>' in html
    assert '<dt>最近修改</dt>\n<dd><time datetime="2026-06-01">2026年6月1日</time></dd>' in html
    # search engines see when each page last changed, not the day of the build
    sitemap = ET.parse(result.site / "sitemap.xml").getroot()
    lastmod = {url.findtext("s:loc", namespaces=SITEMAP).split("/", 3)[-1]: url.findtext("s:lastmod", namespaces=SITEMAP)
               for url in sitemap.findall("s:url", SITEMAP)}
    assert lastmod["laws/moj/legal-aid-guide/"] == "2026-06-01"
    assert lastmod["cases/moj/wage-case/"] == "2026-03-02"


def test_content_moved_from_an_older_site_keeps_its_published_date(project):
    root = repository(project)  # committed 2026-03-02; the file says published: 2026-03-01
    result = mkdocs_build(root / "mkdocs.yml")
    html = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert '<dt>首次发布</dt>\n<dd><time datetime="2026-03-01">2026年3月1日</time></dd>' in html
    assert '<dt>最近修改</dt>\n<dd><time datetime="2026-03-02">2026年3月2日</time></dd>' in html


def test_a_page_committed_as_draft_is_first_published_when_it_leaves_draft(project):
    root = repository(project, EXPLAINER.replace("status: 已发布", "status: 草稿"), "草稿")
    page = root / "content/laws/moj/legal-aid.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n审核中补充。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "修改草稿", day="2026-03-20")
    page.write_text(page.read_text(encoding="utf-8").replace("status: 草稿", "status: 已发布"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "发布", day="2026-04-08")
    found = git_dates(root)["content/laws/moj/legal-aid.md"]
    assert (found.first, found.last) == (dt.date(2026, 4, 8), dt.date(2026, 4, 8))
    # a file published from its first commit keeps that commit's date
    assert git_dates(root)["content/cases/moj/wage-case.md"].first == dt.date(2026, 3, 2)


def test_without_git_the_metadata_dates_are_shown(project):
    result = mkdocs_build(project() / "mkdocs.yml")
    html = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert '<dt>首次发布</dt>\n<dd><time datetime="2026-03-01">' in html  # `published` in the file
    assert "最近修改" not in html


def test_check_changed_reports_the_branch_and_what_depends_on_it(project):
    root = repository(project)
    # a problem that already exists on main and is not this branch's business
    old = root / "content/cases/moj/wage-case.md"
    old.write_text(old.read_text(encoding="utf-8").replace("kind: 民事", "kind: 民事案件"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "旧问题", day="2026-03-03")
    git(root, "checkout", "-q", "-b", "new-explainer")
    new = root / "content/laws/moj/new.md"
    new.write_text(EXPLAINER.replace("published: 2026-03-01", "published: 2026-02-30"), encoding="utf-8")
    result = subprocess.run([*PUFA, "--root", str(root), "check", "--changed", "--base", "main"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/laws/moj/new.md:10: published: 日期不存在：2026年2月没有30日" in result.stdout
    assert "wage-case.md" not in result.stdout

    # changing the agency file puts its documents in scope
    agency = root / "content/agencies/moj.yml"
    agency.write_text(agency.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = subprocess.run([*PUFA, "--root", str(root), "check", "--changed", "--base", "main"],
                            capture_output=True, text=True)
    assert "content/cases/moj/wage-case.md:7: kind:" in result.stdout


def test_check_changed_reads_any_file_name_in_a_site_kept_in_a_folder_of_the_repository(project):
    root = project()  # the site is the folder project/ of a repository that holds more
    repo = root.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "diff.relative", "true")  # a maintainer's setting must not hide changes
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "首次发布", day="2026-03-02")
    git(repo, "checkout", "-q", "-b", "new-explainers")
    wrong = EXPLAINER.replace("published: 2026-03-01", "published: 2026-02-30")
    committed, untracked = 'content/laws/moj/"援助" 指南.md', "content/laws/moj/新文章.md"
    (root / committed).write_text(wrong, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "新文章", day="2026-03-03")
    (root / untracked).write_text(wrong, encoding="utf-8")
    result = subprocess.run([*PUFA, "--root", str(root), "check", "--changed", "--base", "main"],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{committed}:10: published: 日期不存在" in result.stdout
    assert f"{untracked}:10: published: 日期不存在" in result.stdout
    assert "检查改动的 2 个内容文件" in result.stdout


def test_check_changed_says_in_chinese_why_git_cannot_tell(project):
    root = repository(project)
    result = subprocess.run([*PUFA, "--root", str(root), "check", "--changed", "--base", "origin/main"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("无法从 git 读取本分支的改动（git 说：fatal: Not a valid object name origin/main）")
    assert "先 git fetch" in result.stderr and "Traceback" not in result.stderr
    (root / ".git").rename(root / "not-git")
    result = subprocess.run([*PUFA, "--root", str(root), "check", "--changed"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "（git 说：fatal: not a git repository" in result.stderr and "请在 git 仓库中运行" in result.stderr


def test_drafts_are_only_in_the_preview(project):
    root = project({"content/laws/moj/legal-aid.md": EXPLAINER.replace("status: 已发布", "status: 草稿")})
    public = mkdocs_build(root / "mkdocs.yml")
    assert not (public.site / "laws/moj/legal-aid").exists()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "preview.yml").write_text(config.replace("  - pufa/content\n", "  - pufa/content:\n      drafts: true\n"),
                                      encoding="utf-8")
    preview = mkdocs_build(root / "preview.yml", root / "preview-site")
    html = (preview.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert "data-pufa-draft" in html and "草稿预览" in html


def test_explainer_whose_law_changed_after_review_is_flagged(project):
    # both articles the explainer lists (a missing one is an error of its own)
    statute = ("---\ntitle: 中华人民共和国法律援助法\npromulgated: 2026-06-01\n---\n\n第三十一条 可以申请。\n"
               "\n第三十二条 不受限制。\n")
    root = project({"content/statutes/legal-aid-law.md": statute})
    result = load_content(root / "content", root)
    [problem] = [p for p in result.problems if p.code == "review-outdated"]
    reviewed_line = 1 + EXPLAINER.split("\n").index("reviewed: 2026-03-01")
    assert (problem.path, problem.line, problem.field, problem.severity) == (
        "content/laws/moj/legal-aid.md", reviewed_line, "reviewed", "warning")
    assert "2026-06-01" in problem.message and "2026-03-01" in problem.message
    built = mkdocs_build(root / "mkdocs.yml")
    html = (built.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert "data-pufa-review-outdated" in html and "2026年6月1日有新的修改" in html


def test_report_figures_on_a_plan_with_known_outcomes(project):
    agency = AGENCY.replace("""plan:
  - id: p2026-01
    title: 发布法律援助申请指引
    kind: 解读
    due: 2026-06-30
""", """plan:
  - id: p2026-01
    title: 发布法律援助申请指引
    kind: 解读
    due: 2026-06-30
  - id: p2026-02
    title: 编发讨薪案例
    kind: 案例
    due: 2026-03-31
  - id: p2026-03
    title: 宪法日活动
    kind: 活动
    due: 2026-12-04
""")
    explainer = EXPLAINER.replace("status: 已发布", "status: 已发布\nplan_item: p2026-01").replace(
        "reviewed: 2026-03-01", "reviewed: 2025-01-10")
    root = project({"content/agencies/moj.yml": agency, "content/laws/moj/legal-aid.md": explainer,
                    "content/cases/moj/other.md": CASE.replace("title: 农民工讨薪", "title: 另一个讨薪")})
    catalog = load_content(root / "content", root).catalog
    [report] = build_report(catalog, dt.date(2026, 11, 26), review_days=365)
    assert [s.state for s in report.items] == [DONE, OVERDUE, OPEN]
    assert report.items[0].deliverables[0].title == "哪些人可以申请法律援助？"
    assert (report.explainers, report.cases, report.unplanned) == (1, 2, 2)
    assert [e.title for e in report.stale] == ["哪些人可以申请法律援助？"]
    assert report_csv([report]).splitlines()[1] == "司法部,3,1,1,1,1,2,0,2,1"

    cli = subprocess.run([*PUFA, "--root", str(root), "report", "--as-of", "2026-11-26", "--format", "csv"],
                         capture_output=True, text=True, check=True)
    assert cli.stdout.splitlines()[1] == "司法部,3,1,1,1,1,2,0,2,1"

    site = mkdocs_build(root / "mkdocs.yml").site
    page = (site / "report/moj/index.html").read_text(encoding="utf-8")
    assert page.count('data-pufa-plan-state="已完成"') == 1
    assert page.count('data-pufa-plan-state="逾期未完成"') + page.count('data-pufa-plan-state="未到期"') == 2
    assert "司法部" in (site / "report/index.html").read_text(encoding="utf-8")


def test_unknown_plan_item_is_an_error(project):
    root = project({"content/laws/moj/legal-aid.md": EXPLAINER.replace("status: 已发布", "status: 已发布\nplan_item: p2026-1")})
    [problem] = [p for p in load_content(root / "content", root).problems if p.code == "unknown-plan-item"]
    assert (problem.line, problem.field) == (10, "plan_item") and "p2026-01" in problem.message


def test_campaign_event_counts_for_its_plan_item_and_a_wrong_one_is_reported(project, monkeypatch):
    agency = AGENCY.replace("kind: 解读", "kind: 活动")
    calendar = ("observances: []\nevents:\n  - id: moj-2026-day\n    title: 宪法日宣传\n    agency: moj\n"
                "    start: 2026-12-04\n    plan_item: p2026-01\n")
    root = project({"content/agencies/moj.yml": agency, "content/calendar.yml": calendar})
    cli = subprocess.run([*PUFA, "--root", str(root), "report", "--as-of", "2026-12-05", "--format", "csv"],
                         capture_output=True, text=True, check=True)
    assert cli.stdout.splitlines()[1] == "司法部,1,1,0,0,1,1,1,2,0"
    # the site counts as of the build day: built the day after the event, the item is done
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 5, 2, tzinfo=dt.UTC).timestamp())))
    page = (mkdocs_build(root / "mkdocs.yml").site / "report/moj/index.html").read_text(encoding="utf-8")
    assert 'data-pufa-plan-state="已完成"' in page and "宪法日宣传" in page

    wrong = project({"content/calendar.yml": calendar.replace("p2026-01", "p2026-9")})
    check = subprocess.run([*PUFA, "--root", str(wrong), "check"], capture_output=True, text=True)
    assert check.returncode == 1
    assert "content/calendar.yml:7: events[1].plan_item:" in check.stdout

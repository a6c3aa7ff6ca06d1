"""Dates from git on real repositories: drafts made public, renames, merges, odd names, China days."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXPLAINER, mkdocs_build
from pufa.core.content.history import FileDates, git_dates, is_draft
from test_publishing import SITEMAP, git

PAGE = "content/laws/moj/legal-aid.md"


def page(*front: str, body: str = "正文。") -> str:
    return "---\n" + "".join(line + "\n" for line in front) + "---\n\n" + body + "\n"


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def commit(root: Path, files: dict[str, str | None], at: str, message: str = "修改") -> None:
    """Write (or with None delete) files, then commit everything at `at` (UTC unless it says otherwise)."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, at=at)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# (draft, published): the same front matter before and after the editor publishes it
SHAPES = {
    "status on the second line": (page("status: 草稿", "title: 法律援助"), page("status: 已发布", "title: 法律援助")),
    "status on the last line": (page("title: 法律援助", "published: 2026-03-01", "status: 草稿"),
                                page("title: 法律援助", "published: 2026-03-01", "status: 已发布")),
    "double quotes": (page('title: "法律援助"', 'status: "草稿"'), page('title: "法律援助"', 'status: "已发布"')),
    "single quotes": (page("status: '草稿'", "title: 法律援助"), page("status: '征求意见'", "title: 法律援助")),
    "comments": (page("# 审核后改为已发布", "status:   草稿   # 待审核", "title: 法律援助"),
                 page("# 已审核", "status: 已发布 # 2026年4月审核", "title: 法律援助")),
    "status dropped when published": (page("status: 草稿", "title: 法律援助"), page("title: 法律援助")),
    "BOM and CRLF": ("\ufeff" + page("status: 草稿", "title: 法律援助").replace("\n", "\r\n"),
                     "\ufeff" + page("status: 已发布", "title: 法律援助").replace("\n", "\r\n")),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_draft_is_first_published_on_the_day_it_was_made_public(tmp_path, shape):
    draft, published = SHAPES[shape]
    root = repo(tmp_path)
    commit(root, {PAGE: draft}, "2026-03-02 02:00:00", "草稿")
    commit(root, {PAGE: draft.replace("正文。", "正文，审核中补充。")}, "2026-03-20 02:00:00", "修改草稿")
    commit(root, {PAGE: published.replace("正文。", "正文，审核中补充。")}, "2026-04-08 02:00:00", "发布")
    commit(root, {PAGE: published.replace("正文。", "正文，发布后更正。")}, "2026-05-20 02:00:00", "更正")
    assert git_dates(root)[PAGE] == FileDates(day("2026-04-08"), day("2026-05-20"))


def test_published_then_draft_then_published_again_keeps_the_first_publication(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, {PAGE: draft}, "2026-03-02 02:00:00")
    commit(root, {PAGE: published}, "2026-03-10 02:00:00")
    commit(root, {PAGE: draft}, "2026-04-01 02:00:00", "撤回修改")
    commit(root, {PAGE: published}, "2026-04-15 02:00:00", "重新发布")
    assert git_dates(root)[PAGE] == FileDates(day("2026-03-10"), day("2026-04-15"))

    # a page published from its first commit and withdrawn later was still published then
    other = "content/laws/moj/other.md"
    commit(root, {other: published}, "2026-05-01 02:00:00")
    commit(root, {other: draft}, "2026-05-10 02:00:00", "撤回修改")
    commit(root, {other: published}, "2026-05-20 02:00:00", "重新发布")
    assert git_dates(root)[other] == FileDates(day("2026-05-01"), day("2026-05-20"))


def test_a_status_line_in_the_body_is_not_the_status(tmp_path):
    root = repo(tmp_path)
    published = page("title: 如何提交草稿", "status: 已发布")
    commit(root, {PAGE: published}, "2026-03-02 02:00:00")
    commit(root, {PAGE: published + "\n```yaml\nstatus: 草稿\n```\n"}, "2026-03-05 02:00:00", "举例")
    commit(root, {PAGE: published}, "2026-03-09 02:00:00", "删去例子")
    assert git_dates(root)[PAGE] == FileDates(day("2026-03-02"), day("2026-03-09"))


def test_a_draft_renamed_before_it_is_published(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, {PAGE: draft}, "2026-03-02 02:00:00")
    git(root, "mv", PAGE, "content/laws/moj/legal-aid-guide.md")
    commit(root, {}, "2026-03-05 02:00:00", "改名")
    commit(root, {"content/laws/moj/legal-aid-guide.md": published}, "2026-03-09 02:00:00", "发布")
    dates = git_dates(root)
    assert dates["content/laws/moj/legal-aid-guide.md"] == FileDates(day("2026-03-09"), day("2026-03-09"))
    assert PAGE not in dates


NAMES = ["content/laws/moj/法律 援助.md", "content/laws/moj/tab\there.md", "content/laws/moj/new\nline.md",
         'content/laws/moj/"quoted" \\ name.md', "content/laws/moj/:100644 R100.md",
         "content/laws/moj/@2026-01-01.md"]
# messages shaped like git's own output, which a parser of git's text could take for it
MESSAGES = ["@2026-01-01", "@@ -2 +2 @@\n+status: 草稿\n-status: 已发布",
            "+++ b/content/laws/moj/legal-aid.md\n\nR100\tcontent/a.md\tcontent/b.md",
            "1767225600\n:100644 100644 0000000 1111111 M\tcontent/laws/moj/x.md"]


def test_any_file_name_and_any_commit_message(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, dict.fromkeys(NAMES, draft), "2026-03-02 02:00:00", MESSAGES[0])
    commit(root, dict.fromkeys(NAMES, published), "2026-04-08 02:00:00", MESSAGES[1])
    git(root, "mv", NAMES[0], "content/laws/moj/法律援助\t指南.md")
    commit(root, {}, "2026-05-20 02:00:00", MESSAGES[2])
    commit(root, {NAMES[1]: published + "补充。\n"}, "2026-06-01 02:00:00", MESSAGES[3])
    dates = git_dates(root)
    assert dates == {
        "content/laws/moj/法律援助\t指南.md": FileDates(day("2026-04-08"), day("2026-05-20")),
        NAMES[1]: FileDates(day("2026-04-08"), day("2026-06-01")),
        **{name: FileDates(day("2026-04-08"), day("2026-04-08")) for name in NAMES[2:]},
    }


def test_merged_work_counts_from_the_day_it_landed_on_the_branch(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, {PAGE: draft, "content/laws/moj/other.md": published}, "2026-03-02 02:00:00")
    git(root, "checkout", "-q", "-b", "publish")
    commit(root, {PAGE: published, "content/cases/moj/new-case.md": published}, "2026-03-10 02:00:00", "发布")
    git(root, "checkout", "-q", "main")
    commit(root, {"content/laws/moj/other.md": published + "更正。\n"}, "2026-03-12 02:00:00", "更正")
    git(root, "merge", "-q", "--no-ff", "-m", "合并请求 !12", "publish", at="2026-03-15 02:00:00")
    dates = git_dates(root)
    # the reader saw the page on the 15th, when the merge request was merged
    assert dates[PAGE] == FileDates(day("2026-03-15"), day("2026-03-15"))
    assert dates["content/cases/moj/new-case.md"] == FileDates(day("2026-03-15"), day("2026-03-15"))
    assert dates["content/laws/moj/other.md"] == FileDates(day("2026-03-02"), day("2026-03-12"))


@pytest.mark.parametrize(("at", "china"), [
    ("2026-03-01 19:00:00", "2026-03-02"),  # 03:00 in China, recorded on a UTC machine
    ("2026-03-02T03:00:00+08:00", "2026-03-02"),
    ("2026-03-01T13:00:00-05:00", "2026-03-02"),  # 02:00 in China, from a laptop in New York
    ("2026-03-02T23:59:59+08:00", "2026-03-02"),
    ("2026-03-02 15:59:59", "2026-03-02"),
    ("2026-03-02 16:00:00", "2026-03-03"),
])
def test_dates_are_days_in_china(tmp_path, at, china):
    root = repo(tmp_path)
    commit(root, {PAGE: page("title: 法律援助")}, at)
    assert git_dates(root)[PAGE] == FileDates(day(china), day(china))


def test_git_settings_of_the_machine_do_not_change_the_dates(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, {PAGE: draft}, "2026-03-02 02:00:00")
    commit(root, {PAGE: published}, "2026-04-08 02:00:00")
    git(root, "mv", PAGE, "content/laws/moj/指南.md")
    commit(root, {}, "2026-05-20 02:00:00", "改名")
    for key, value in [("log.showRoot", "false"), ("diff.renames", "false"), ("diff.relative", "true"),
                       ("color.ui", "always"), ("log.diffMerges", "combined"), ("core.quotepath", "true"),
                       ("diff.noprefix", "true"), ("log.abbrevCommit", "true"), ("core.abbrev", "7"),
                       ("log.date", "relative"), ("format.pretty", "oneline"), ("log.follow", "true")]:
        git(root, "config", key, value)
    assert git_dates(root) == {"content/laws/moj/指南.md": FileDates(day("2026-04-08"), day("2026-05-20"))}


def test_a_site_in_a_folder_of_the_repository(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    commit(root, {f"site/{PAGE}": draft, PAGE: published}, "2026-03-02 02:00:00")
    commit(root, {f"site/{PAGE}": published}, "2026-04-08 02:00:00")
    assert git_dates(root / "site") == {PAGE: FileDates(day("2026-04-08"), day("2026-04-08"))}


def test_a_shallow_clone_gives_no_dates_it_cannot_know(tmp_path):
    root = repo(tmp_path)
    draft, published = SHAPES["status on the second line"]
    others = {"content/laws/moj/a.md": published, "content/laws/moj/b.md": published}
    commit(root, {PAGE: draft, **others}, "2026-03-02 02:00:00")
    commit(root, {PAGE: published}, "2026-04-08 02:00:00", "发布")
    commit(root, {"content/laws/moj/a.md": published + "更正。\n"}, "2026-05-20 02:00:00", "更正")
    commit(root, {"content/laws/moj/b.md": published + "补充。\n"}, "2026-06-01 02:00:00", "补充")
    # CI often clones only the last commits: the oldest one then shows every file as new that day
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", "shallow")
    assert git_dates(tmp_path / "shallow") == {
        # changed within the clone: its last change is known; its first is at most that day
        "content/laws/moj/b.md": FileDates(day("2026-05-20"), day("2026-06-01")),
    }
    git(tmp_path / "shallow", "fetch", "-q", "--unshallow")
    assert git_dates(tmp_path / "shallow") == {
        PAGE: FileDates(day("2026-04-08"), day("2026-04-08")),
        "content/laws/moj/a.md": FileDates(day("2026-03-02"), day("2026-05-20")),
        "content/laws/moj/b.md": FileDates(day("2026-03-02"), day("2026-06-01")),
    }


def test_draft_status_is_read_from_the_front_matter_as_yaml():
    assert is_draft(page("status: 草稿").encode())
    assert is_draft(page("status: !!str 草稿").encode())
    assert is_draft(page("title: >-", "  多行", "  标题", "status:", "  草稿").encode())
    assert not is_draft(page("status: 已发布", "summary: 原为草稿").encode())
    assert not is_draft(page("status: 已发布", "note:", "  status: 草稿").encode())  # not the page's status
    # broken YAML: that version did not build at all
    assert not is_draft(page("title: [未闭合", "status: 草稿").encode())
    assert not is_draft("status: 草稿\n".encode())  # no front matter
    assert not is_draft(page("status: 已发布", body="status: 草稿").encode())
    # aliases are composed, never expanded: an old version cannot make the build grow without bound
    bomb = ["a: &a [草稿, 草稿, 草稿, 草稿, 草稿, 草稿, 草稿, 草稿, 草稿]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(12)]
    started = time.monotonic()
    assert is_draft(page(*bomb, "status: 草稿").encode())
    assert time.monotonic() - started < 1


@pytest.fixture
def utc_machine(monkeypatch):
    """The build runs on a machine whose zone is UTC, as CI runners are."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_site_whose_draft_had_status_on_line_two_builds_with_china_dates(project, utc_machine):
    lines = EXPLAINER.replace("published: 2026-03-01", "published: 2026-04-10").split("\n")
    status = lines.index("status: 已发布")
    published = "\n".join([lines[0], lines[status], *lines[1:status], *lines[status + 1:]])
    draft = published.replace("status: 已发布", "status: 草稿")
    root = project({PAGE: draft})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "草稿", at="2026-03-02 02:00:00")
    (root / PAGE).write_text(published, encoding="utf-8")
    git(root, "commit", "-q", "-am", "发布", at="2026-04-07 19:30:00")  # 03:30 on 8 April in China
    (root / PAGE).write_text(published + "\n补充一段说明。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "补充", at="2026-05-19 20:00:00")  # 04:00 on 20 May in China

    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    html = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert '<dt>首次发布</dt>\n<dd><time datetime="2026-04-08">2026年4月8日</time></dd>' in html
    assert '<dt>最近修改</dt>\n<dd><time datetime="2026-05-20">2026年5月20日</time></dd>' in html
    sitemap = ET.parse(result.site / "sitemap.xml").getroot()
    [entry] = [url for url in sitemap.findall("s:url", SITEMAP)
               if url.findtext("s:loc", namespaces=SITEMAP).endswith("/laws/moj/legal-aid/")]
    assert entry.findtext("s:lastmod", namespaces=SITEMAP) == "2026-05-20"

"""What passes `pufa check` builds: dates and numbers bounded, invisible characters and YAML
anchors refused, nothing read or published from outside the repository (issue #10, 3–5)."""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AGENCY, CASE, EXPLAINER, MKDOCS_YML, REPO, TOPICS, mkdocs_build, only, replace
from pufa.core.clock import clock_from
from pufa.core.statutes.importer import import_corpus
from pufa.core.content.loading import load_content
from pufa.core.problems import Problem
from pufa.core.search.dictionary import load_synonyms

EXPLAINER_PATH = "content/laws/moj/legal-aid.md"
CASE_PATH = "content/cases/moj/wage-case.md"
PUFA = [sys.executable, "-m", "pufa.cli"]

# every pufa plugin, as in the repository's mkdocs.yml: feeds (XML) and sitemaps are where
# far dates and control characters broke the build
FULL_YML = MKDOCS_YML + "  - pufa/search\n  - pufa/kiosk\n  - pufa/calendar\n  - pufa/feeds\n"

EVENT = """\
events:
  - id: moj-day
    title: 法律援助咨询日
    agency: moj
    start: 2026-12-04
    end: 2026-12-05
"""


def check(root: Path) -> list[Problem]:
    return list(load_content(root / "content", root).problems)


def pufa(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*PUFA, "--root", str(root), *args], capture_output=True, text=True, **kwargs)


def calendar_problems(root: Path) -> list[str]:
    result = pufa(root, "check")
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.splitlines()


def years_from_today(years: int, days: int = 0) -> str:
    today = clock_from(os.environ).today
    try:
        day = today.replace(year=today.year + years)
    except ValueError:
        day = today.replace(year=today.year + years, day=28)
    return (day + dt.timedelta(days=days)).isoformat()


# dates


def test_publication_date_decades_ahead_is_a_typo(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 9999-01-01")})
    problem = only(check(root), "date-out-of-range")
    assert (problem.path, problem.line, problem.field) == (EXPLAINER_PATH, 10, "published")
    assert "1949-10-01" in problem.message and "请检查是否写错了年份" in problem.message


def test_law_date_before_the_peoples_republic_is_a_typo(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "law_promulgated: 2021-08-20", "law_promulgated: 1021-08-20")})
    problem = only(check(root), "date-out-of-range")
    assert (problem.line, problem.field) == (6, "law_promulgated")


def test_case_decision_and_plan_deadline_far_ahead(project):
    root = project({
        CASE_PATH: replace(CASE, "decided: 2024-05-10", "decided: 2204-05-10"),
        "content/agencies/moj.yml": replace(AGENCY, "due: 2026-06-30", "due: 3026-06-30"),
    })
    found = {(p.path, p.line, p.field) for p in check(root) if p.code == "date-out-of-range"}
    assert found == {(CASE_PATH, 6, "decided"), ("content/agencies/moj.yml", 14, "plan[1].due")}


def test_dates_on_the_last_plausible_day_pass_and_the_next_day_does_not(project):
    last = EXPLAINER.replace("law_effective: 2022-01-01", f"law_effective: {years_from_today(5)}")
    last = last.replace("published: 2026-03-01", f"published: {years_from_today(1)}")
    # no error (a date a year ahead and a law date five years ahead are warnings of issue #12)
    assert [p for p in check(project({EXPLAINER_PATH: last})) if p.is_error] == []
    after = last.replace(f"published: {years_from_today(1)}", f"published: {years_from_today(1, 1)}")
    after = after.replace(f"law_effective: {years_from_today(5)}", f"law_effective: {years_from_today(5, 1)}")
    found = {p.field for p in check(project({EXPLAINER_PATH: after})) if p.code == "date-out-of-range"}
    assert found == {"published", "law_effective"}


def test_calendar_event_ending_in_9999_is_reported_with_its_line(project):
    root = project({"content/calendar.yml": replace(EVENT, "end: 2026-12-05", "end: 9999-12-31")})
    lines = calendar_problems(root)
    assert lines[0].startswith("content/calendar.yml:6: events[1].end: 日期 9999-12-31 不在合理范围内")
    assert lines[-1] == "共 1 个错误，0 个警告。"


def test_the_field_guide_and_schema_state_the_date_ranges():
    from pufa.render.guide import render_field_guide
    from pufa.core.content.schema import document_schemas

    guide = render_field_guide().markdown
    assert "1949年10月1日以后，最晚为检查当天起 1 年内" in guide  # published, reviewed …
    assert "1949年10月1日以后，最晚为检查当天起 5 年内" in guide  # law dates
    published = document_schemas()["explainer.schema.json"]["properties"]["published"]
    assert "1949年10月1日以后" in published["description"]


# numbers


@pytest.mark.parametrize("written", ["第十条之一百", "10000", "'1' + '0' * 5000"])
def test_article_numbers_are_bounded(project, written):
    value = "1" + "0" * 5000 if written.startswith("'") else written
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "articles: [31, 32]", f"articles: [31, {value}]")})
    problems = check(root)
    assert problems, problems
    assert all(p.line == 5 and p.path == EXPLAINER_PATH for p in problems), problems


# invisible characters


@pytest.mark.parametrize("title, name", [
    ("哪些人\x0b可以申请法律援助？", "U+000B"),  # Word's manual line break, pasted as it is
    ("哪些人\x0c可以申请法律援助？", "U+000C"),
    ("哪些人\x00可以申请法律援助？", "U+0000"),
    ("哪些人\x85可以申请法律援助？", "U+0085"),  # YAML would read it as a line break
    ("哪些人\u2028可以申请法律援助？", "U+2028"),
    ("哪些人\x1b[31m可以申请法律援助？", "U+001B"),
    ('"哪些人\\0可以申请法律援助？"', "U+0000"),  # written as YAML escapes: the file looks clean
    ('"哪些人\\f可以申请法律援助？"', "U+000C"),
    ('"哪些人\\x9f可以申请法律援助？"', "U+009F"),
    ('"哪些人\\u2029可以申请法律援助？"', "U+2029"),
    ('"哪些人\\uFFFF可以申请法律援助？"', "U+FFFF"),
])
def test_invisible_characters_in_a_title_are_reported_on_its_line(project, title, name):
    text = replace(EXPLAINER, "title: 哪些人可以申请法律援助？", f"title: {title}")
    problem = only(check(project({EXPLAINER_PATH: text})), "control-char")
    assert (problem.path, problem.line, problem.field) == (EXPLAINER_PATH, 2, "title")
    assert name in problem.message and "Word" in problem.message


def test_invisible_characters_in_the_body_and_later_lines_keep_their_numbers(project):
    text = replace(EXPLAINER, "title: 哪些人可以申请法律援助？", "title: 哪些人\u2028可以")
    text = replace(text, "published: 2026-03-01", "published: 2026-02-30")
    text += "\n第二段\x00有空字符。\n"
    problems = check(project({EXPLAINER_PATH: text}))
    assert [(p.line, p.field, p.code) for p in problems] == [
        (2, "title", "control-char"), (10, "published", "impossible-date"), (18, "body", "control-char")]


def test_lone_surrogates_cannot_get_in(project):
    escaped = replace(EXPLAINER, "title: 哪些人可以申请法律援助？", 'title: "哪些人\\ud800可以"')
    assert only(check(project({EXPLAINER_PATH: escaped})), "yaml-syntax").line == 2
    raw = EXPLAINER.encode("utf-8").replace("哪些人".encode(), b"\xed\xa0\x80")  # U+D800 as UTF-8
    assert only(check(project({EXPLAINER_PATH: raw})), "not-utf8").line == 1


def test_invisible_characters_in_agency_and_topic_files(project):
    root = project({
        "content/agencies/moj.yml": replace(AGENCY, "short_name: 司法部", "short_name: 司法\x0c部"),
        "content/topics.yml": replace(TOPICS, "name: 婚姻家庭", 'name: "婚姻\\x00家庭"'),
    })
    found = {(p.path, p.line, p.field) for p in check(root) if p.code == "control-char"}
    assert found == {("content/agencies/moj.yml", 2, "short_name"), ("content/topics.yml", 5, "topics[2].name")}


# YAML anchors and aliases

LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
) + "\n"  # 396 bytes; expanded, 9**9 strings


@pytest.mark.parametrize("path", [EXPLAINER_PATH, "content/agencies/moj.yml", "content/topics.yml",
                                  "content/calendar.yml"])
def test_nested_aliases_stay_small_and_are_reported_with_their_line(project, path):
    """pufa check in a process limited to 400 MB and 60 s: the aliases are reported, not expanded."""
    if path == EXPLAINER_PATH:
        text = "---\n" + LAUGHS + "---\n\n正文。\n"
        first = 2
    else:
        text, first = LAUGHS, 1
    root = project({path: text})

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))

    result = pufa(root, "check", preexec_fn=limit, timeout=60)
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1
    assert f"{path}:{first}: front_matter: 不支持 YAML 锚点“&a”" in result.stdout
    assert f"{path}:{first + 1}: front_matter: 不支持 YAML 引用“*a”" in result.stdout


def test_an_anchor_alone_or_a_merge_key_is_refused_too(project):
    text = replace(AGENCY, "plan:\n  - id: p2026-01", "plan:\n  - &p\n    id: p2026-01")
    problem = only(check(project({"content/agencies/moj.yml": text})), "yaml-anchor")
    assert problem.line == 11
    merge = replace(EXPLAINER, "title: 哪些人可以申请法律援助？", "base: &base {x: 1}\n<<: *base\ntitle: 哪些人")
    codes = [(p.line, p.code) for p in check(project({EXPLAINER_PATH: merge}))]
    assert codes == [(2, "yaml-anchor"), (3, "yaml-alias")]


def test_the_synonyms_file_refuses_aliases(tmp_path: Path):
    path = tmp_path / "syn.yml"
    path.write_text("个保法: &p 个人信息保护法\n个人信息法: *p\n", encoding="utf-8")
    synonyms, problems = load_synonyms(path, tmp_path)
    assert synonyms == {}
    assert [(p.line, p.code) for p in problems] == [(1, "yaml-anchor"), (2, "yaml-alias")]


def test_deep_nesting_and_long_numbers_are_problems_not_crashes(project):
    deep = replace(EXPLAINER, "topics: [法律援助]", "topics: [法律援助]\naudience: " + "[" * 990 + "]" * 990)
    assert only(check(project({EXPLAINER_PATH: deep})), "yaml-too-deep").line == 9
    long = replace(EXPLAINER, "title: 哪些人可以申请法律援助？", "title: " + "9" * 5000)
    assert only(check(project({EXPLAINER_PATH: long})), "yaml-syntax").line == 2


# symlinks


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A valid explainer outside the project: what a link could smuggle in."""
    path = tmp_path / "elsewhere" / "secret.md"
    path.parent.mkdir()
    path.write_text(EXPLAINER.replace("哪些人可以申请法律援助？", "机器上的秘密"), encoding="utf-8")
    return path


def test_a_docs_symlink_to_a_file_of_the_machine_stops_the_build(project, outside):
    root = project({"mkdocs.yml": MKDOCS_YML})
    (root / "docs/passwd.md").symlink_to("/etc/passwd")
    (root / "docs/environ.md").symlink_to("/proc/self/environ")
    (root / "docs/secret").symlink_to(outside.parent, target_is_directory=True)
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    errors = [line for line in result.logs if line.startswith("ERROR: pufa")]
    assert errors == [
        "ERROR: pufa: docs/environ.md:1: file: 这是指向仓库之外（/proc/self/environ）的符号链接，不会读取或发布；请把文件本身放进仓库",
        "ERROR: pufa: docs/passwd.md:1: file: 这是指向仓库之外（/etc/passwd）的符号链接，不会读取或发布；请把文件本身放进仓库",
        f"ERROR: pufa: docs/secret:1: file: 这是指向仓库之外（{outside.parent}）的符号链接，不会读取或发布；请把文件本身放进仓库",
    ]
    assert not (root / "site").exists()
    check_run = pufa(root, "check")
    assert check_run.returncode == 1 and "docs/passwd.md:1: file:" in check_run.stdout


def test_pufa_check_looks_in_the_docs_dir_mkdocs_yml_names(project):
    root = project({"mkdocs.yml": MKDOCS_YML + "docs_dir: pages\n", "pages/index.md": "# 首页\n"})
    (root / "pages/passwd.md").symlink_to("/etc/passwd")
    check_run = pufa(root, "check")
    assert check_run.returncode == 1 and "pages/passwd.md:1: file:" in check_run.stdout


def test_symlinks_that_stay_in_the_repository_are_published(project):
    root = project({"mkdocs.yml": MKDOCS_YML, "shared/about.md": "# 关于\n\n共用的说明。\n"})
    (root / "docs/about.md").symlink_to("../shared/about.md")
    (root / "docs/more").symlink_to("../shared", target_is_directory=True)
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    assert "共用的说明" in (root / "site/about/index.html").read_text(encoding="utf-8")
    assert "共用的说明" in (root / "site/more/about/index.html").read_text(encoding="utf-8")


def test_a_content_symlink_out_of_the_repository_is_refused_and_not_read(project, outside):
    root = project()
    (root / "content/laws/moj/secret.md").symlink_to(outside)
    (root / "content/laws/moj/gone.md").symlink_to("nowhere.md")
    (root / "content/cases/moj/loop").symlink_to(".", target_is_directory=True)
    problems = check(root)
    assert [(p.path, p.code) for p in problems] == [
        ("content/cases/moj/loop", "symlink"), ("content/laws/moj/gone.md", "symlink"),
        ("content/laws/moj/secret.md", "symlink")]
    assert str(outside) in problems[2].message and "nowhere.md" in problems[1].message
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None and not (root / "site").exists()


def test_a_symlinked_agency_folder_inside_the_repository_is_read(project):
    root = project({"drafts-moj/legal-aid-2.md": EXPLAINER.replace("哪些人可以", "谁可以")})
    (root / "content/laws/moj/more").symlink_to("../../../drafts-moj", target_is_directory=True)
    # a file two folders down is outside an agency folder: reported like any such file
    assert [p.code for p in check(root)] == ["not-in-agency-folder"]


def test_import_does_not_follow_links_out_of_its_source(project, tmp_path: Path):
    source = tmp_path / "source"
    (source / "法律").mkdir(parents=True)
    (source / "法律/某法.md").write_text("# 某法\n\n第一条 为了测试，制定本法。\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("# 机器上的秘密\n\n第一条 不应发布。\n", encoding="utf-8")
    (source / "法律/秘密.md").symlink_to(secret)
    (source / "外部").symlink_to(tmp_path, target_is_directory=True)
    root = project()
    result = import_corpus(source, root / "content", None)
    assert result.statutes == 1
    written = [p.name for p in (root / "content/statutes").iterdir()]
    assert written == ["某法.md"]
    notes = sorted(str(n) for n in result.notes)
    assert any(n.startswith("外部:1: 这是指向来源目录之外") for n in notes), notes
    assert any(n.startswith("法律/秘密.md:1: 这是指向来源目录之外") for n in notes), notes


# names on the command line


@pytest.mark.parametrize("args, option", [
    (["--agency", "moj", "--slug", "../../x"], "--slug"),
    (["--agency", "moj", "--slug", ".."], "--slug"),
    (["--agency", "moj", "--slug", "a/b"], "--slug"),
    (["--agency", "../../x", "--slug", "ok"], "--agency"),
    (["--agency", "index"], "--agency"),
])
def test_new_refuses_ids_and_slugs_that_files_may_not_have(project, args, option):
    root = project({"x.yml": AGENCY, "content/x.yml": AGENCY})  # ../../x.yml exists from the agency folder
    before = sorted(p for p in root.parent.rglob("*"))
    result = pufa(root, "new", "explainer", *args)
    assert result.returncode == 2
    value = args[args.index(option) + 1]
    assert result.stderr.strip() == f"{option}: 编号只能用小写字母、数字和连字符（如 p2026-01），实际是 “{value}”"
    assert sorted(p for p in root.parent.rglob("*")) == before


def test_new_never_writes_through_a_folder_linked_out_of_content(project, tmp_path: Path):
    root = project()
    (tmp_path / "elsewhere").mkdir()
    (root / "content/laws/moj").rename(root / "content/laws/moj-old")
    (root / "content/laws/moj").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = pufa(root, "new", "explainer", "--agency", "moj")
    assert result.returncode == 2 and "符号链接" in result.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_import_refuses_a_case_agency_that_is_not_an_id(project, tmp_path: Path):
    (tmp_path / "source").mkdir()
    result = pufa(project(), "import-statutes", str(tmp_path / "source"), "--case-agency", "../x")
    assert result.returncode == 2
    assert result.stderr.startswith("--case-agency: 编号只能用小写字母、数字和连字符")


# builds: what used to pass the check and crash the build


@pytest.mark.parametrize("path, old, new, line, field", [
    (EXPLAINER_PATH, "published: 2026-03-01", "published: 9999-01-01", 10, "published"),
    (EXPLAINER_PATH, "title: 哪些人可以申请法律援助？", 'title: "哪些人\\0可以"', 2, "title"),
    (EXPLAINER_PATH, "## 法律怎么规定", "## 法律\x0c怎么规定", 14, "body"),
    ("content/calendar.yml", "end: 2026-12-05", "end: 9999-12-31", 6, "events[1].end"),
])
def test_values_that_crashed_the_build_now_stop_it_with_file_and_line(project, path, old, new, line, field):
    files = {"mkdocs.yml": FULL_YML, "content/calendar.yml": EVENT}
    root = project(files)
    first = mkdocs_build(root / "mkdocs.yml")
    assert first.error is None, first.logs
    before = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    original = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(replace(original, old, new), encoding="utf-8")
    second = mkdocs_build(root / "mkdocs.yml")
    assert second.error is not None
    errors = [entry for entry in second.logs if entry.startswith("ERROR")]
    assert errors[0].startswith(f"ERROR: pufa: {path}:{line}: {field}: "), errors
    assert errors[-1].startswith("ERROR: 内容检查未通过，共 1 个错误"), errors
    after = {p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*") if p.is_file()}
    assert after == before


def test_dates_at_their_latest_build_with_every_plugin(project):
    explainer = EXPLAINER.replace("published: 2026-03-01", f"published: {years_from_today(1)}")
    explainer = explainer.replace("reviewed: 2026-03-01", f"reviewed: {years_from_today(1)}")
    explainer = explainer.replace("law_effective: 2022-01-01", f"law_effective: {years_from_today(5)}")
    event = EVENT.replace("end: 2026-12-05", f"end: {years_from_today(5)}")
    root = project({"mkdocs.yml": FULL_YML, EXPLAINER_PATH: explainer, "content/calendar.yml": event})
    assert pufa(root, "check").returncode == 0
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    assert (root / "site/feeds/rss.xml").exists() and (root / "site/sitemap.xml.gz").exists()


def test_the_repository_content_passes_with_the_bounds():
    assert [p for p in load_content(REPO / "content", REPO).problems if p.is_error] == []


def test_a_law_name_longer_than_a_file_name_builds(project):
    # 100 characters are 300 bytes in UTF-8: the law's page folder may hold at most 255
    name = "中华人民共和国" + "关于进一步加强和改进新时代普法工作若干问题" * 4 + "的决定"
    explainer = replace(EXPLAINER, "law: 中华人民共和国法律援助法", f"law: {name}")
    root = project({"mkdocs.yml": FULL_YML, EXPLAINER_PATH: explainer})
    assert pufa(root, "check").returncode == 0
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    law_pages = [p for p in (result.site / "statutes").iterdir() if p.name.startswith("关于进一步")]
    assert len(law_pages) == 1 and len(law_pages[0].name.encode()) <= 255
    assert name in (law_pages[0] / "index.html").read_text(encoding="utf-8")

"""Every rule an editor can break: one bad input each, asserting file, line, field and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AGENCY, CASE, EXPLAINER, MKDOCS_YML, mkdocs_build, only, replace
from pufa.core.content.loading import load_content
from pufa.core.problems import Problem

EXPLAINER_PATH = "content/laws/moj/legal-aid.md"
CASE_PATH = "content/cases/moj/wage-case.md"


def check(root: Path) -> list[Problem]:
    return list(load_content(root / "content", root).problems)


def test_minimal_project_is_clean(project):
    root = project()
    result = load_content(root / "content", root)
    assert result.problems == ()
    assert result.catalog is not None
    assert [e.title for e in result.catalog.explainers] == ["哪些人可以申请法律援助？"]


def test_missing_front_matter_is_reported_on_line_1(project):
    root = project({EXPLAINER_PATH: "## 法律怎么规定\n\n正文。\n"})
    problem = only(check(root), "no-front-matter")
    assert (problem.path, problem.line, problem.field) == (EXPLAINER_PATH, 1, "front_matter")
    assert "---" in problem.message


def test_unclosed_front_matter(project):
    root = project({EXPLAINER_PATH: "---\ntitle: 标题\nsummary: 摘要\n\n正文。\n"})
    problem = only(check(root), "unclosed-front-matter")
    assert (problem.path, problem.line) == (EXPLAINER_PATH, 1)


def test_yaml_syntax_error_gives_the_line_in_the_file(project):
    broken = replace(EXPLAINER, "topics: [法律援助]", "topics: [法律援助")
    root = project({EXPLAINER_PATH: broken})
    problem = only(check(root), "yaml-syntax")
    # YAML notices on line 9; the editor must fix the list opened on line 8
    assert problem.path == EXPLAINER_PATH
    assert problem.line == 8
    assert problem.message.startswith("YAML 格式错误")


def test_fullwidth_colon_gets_a_hint(project):
    broken = replace(EXPLAINER, "summary: 经济困难", "summary：经济困难")
    root = project({EXPLAINER_PATH: broken})
    problem = only(check(root), "yaml-syntax")
    assert problem.line == 3
    assert "全角冒号" in problem.message


def test_missing_required_field(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "summary: 经济困难的公民可以免费获得律师帮助。\n", "")})
    problem = only(check(root), "missing-field")
    assert (problem.path, problem.field) == (EXPLAINER_PATH, "summary")
    assert "一句话摘要" in problem.message


def test_wrong_type_names_expected_and_found(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "title: 哪些人可以申请法律援助？", "title: [甲, 乙]")})
    problem = only(check(root), "wrong-type")
    assert (problem.line, problem.field) == (2, "title")
    assert "应为文字" in problem.message and "甲" in problem.message


def test_unknown_field_suggests_the_close_one(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "reviewed:", "reviewd:")})
    problem = only(check(root), "unknown-field")
    assert (problem.line, problem.field) == (11, "reviewd")
    assert "reviewed" in problem.message


def test_habitual_field_name_is_mapped_to_ours(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "topics:", "tags:")})
    problem = only(check(root), "unknown-field")
    assert problem.field == "tags" and "“topics”" in problem.message


def test_duplicate_key_would_lose_text(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published:", "title: 又一个标题\npublished:")})
    problem = only(check(root), "duplicate-key")
    assert (problem.line, problem.field) == (10, "title")
    assert "第 2 行" in problem.message


def test_unknown_agency_folder(project):
    root = project({EXPLAINER_PATH: None, "content/laws/sfj/legal-aid.md": EXPLAINER})
    problem = only(check(root), "unknown-agency")
    assert (problem.path, problem.line, problem.field) == ("content/laws/sfj/legal-aid.md", 1, "agency")


def test_unknown_co_agency_suggests_a_known_one(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "status:", "co_agencies: [mj]\nstatus:")})
    problem = only(check(root), "unknown-agency")
    assert (problem.line, problem.field) == (9, "co_agencies[1]")
    assert "moj" in problem.message


def test_unknown_parent_agency(project):
    root = project({"content/agencies/moj.yml": "parent: spc\n" + AGENCY})
    problem = only(check(root), "unknown-agency")
    assert (problem.path, problem.line, problem.field) == ("content/agencies/moj.yml", 1, "parent")


def test_parent_cycle(project):
    agency = AGENCY
    root = project({"content/agencies/moj.yml": "parent: sft\n" + agency,
                    "content/agencies/sft.yml": "parent: moj\n" + agency.replace("司法部", "司法厅")})
    problems = [p for p in check(root) if p.code == "parent-cycle"]
    assert {p.path for p in problems} == {"content/agencies/moj.yml", "content/agencies/sft.yml"}


def test_unknown_topic_suggests_a_known_one(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "topics: [法律援助]", "topics:\n  - 法律援助\n  - 婚姻家")})
    problem = only(check(root), "unknown-topic")
    assert (problem.line, problem.field) == (10, "topics[2]")
    assert "婚姻家庭" in problem.message


def test_impossible_date(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 2023-02-30")})
    problem = only(check(root), "impossible-date")
    assert (problem.line, problem.field) == (10, "published")
    assert "2023年2月没有30日" in problem.message


def test_badly_written_date(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 3月1日")})
    problem = only(check(root), "bad-date")
    assert problem.field == "published" and "2026-12-04" in problem.message


def test_chinese_style_date_is_accepted(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 2026年3月1日")})
    assert check(root) == []


def test_effective_before_promulgated(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "law_effective: 2022-01-01", "law_effective: 2021-01-01")})
    problem = only(check(root), "date-order")
    assert (problem.line, problem.field) == (7, "law_effective")
    assert "2021-01-01" in problem.message and "2021-08-20" in problem.message


def test_comment_period_closing_before_it_opens(project):
    text = replace(EXPLAINER, "status: 已发布",
                   "status: 征求意见\ncomment_opens: 2026-11-01\ncomment_closes: 2026-10-15")
    problem = only(check(project({EXPLAINER_PATH: text})), "date-order")
    assert (problem.line, problem.field) == (11, "comment_closes")


def test_comment_status_needs_its_period(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "status: 已发布", "status: 征求意见")})
    problem = only(check(root), "missing-field")
    assert (problem.line, problem.field) == (9, "comment_closes")


def test_case_decided_after_it_was_published(project):
    root = project({CASE_PATH: replace(CASE, "decided: 2024-05-10", "decided: 2026-05-10")})
    problem = only(check(root), "date-order")
    assert (problem.path, problem.field) == (CASE_PATH, "published")


def test_bad_choice_lists_the_choices(project):
    root = project({CASE_PATH: replace(CASE, "kind: 民事", "kind: 民事案件")})
    problem = only(check(root), "bad-choice")
    assert (problem.line, problem.field) == (7, "kind")
    assert "民事 / 刑事 / 行政 / 行政执法" in problem.message


def test_bad_article_number(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "articles: [31, 32]", "articles: [31, 第三十二款]")})
    problem = only(check(root), "bad-article")
    assert (problem.line, problem.field) == (5, "articles[2]")


def test_nested_item_field_is_named_with_its_index(project):
    root = project({CASE_PATH: replace(CASE, "  - law: 中华人民共和国法律援助法\n", "  - lawx: 中华人民共和国法律援助法\n")})
    problems = check(root)
    assert only(problems, "unknown-field").field == "laws[1].lawx"
    assert only(problems, "missing-field").field == "laws[1].law"
    assert only(problems, "unknown-field").line == 10


def test_two_files_with_the_same_url(project):
    root = project({"content/laws/moj/legal aid.md": EXPLAINER, "content/laws/moj/legal-aid.md": EXPLAINER})
    problems = [p for p in check(root) if p.code == "duplicate-url"]
    assert {p.path for p in problems} == {"content/laws/moj/legal aid.md", "content/laws/moj/legal-aid.md"}
    assert all("/laws/moj/legal-aid/" in p.message for p in problems)


def test_a_build_with_file_urls_names_the_duplicate_by_the_address_it_would_have(project):
    root = project({"mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
                    "content/laws/moj/legal aid.md": EXPLAINER, "content/laws/moj/legal-aid.md": EXPLAINER})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    named = [line for line in result.logs if "重复" in line]
    assert len(named) == 2 and all("/laws/moj/legal-aid.html" in line for line in named), result.logs


def test_slug_field_collision_points_at_the_slug_line(project):
    other = replace(EXPLAINER, "status:", "slug: legal-aid\nstatus:")
    problems = [p for p in check(project({"content/laws/moj/other.md": other})) if p.code == "duplicate-url"]
    assert {(p.path, p.line, p.field) for p in problems} == {
        ("content/laws/moj/other.md", 9, "slug"), (EXPLAINER_PATH, 1, "path")}


def test_file_that_is_not_utf8_says_it_looks_like_gbk(project):
    root = project({EXPLAINER_PATH: EXPLAINER.encode("gbk")})
    problem = only(check(root), "not-utf8")
    assert (problem.path, problem.line, problem.field) == (EXPLAINER_PATH, 1, "file")
    assert "GBK" in problem.message


def test_empty_body(project):
    root = project({EXPLAINER_PATH: EXPLAINER.split("## 法律怎么规定")[0] + "\n  \n"})
    problem = only(check(root), "empty-body")
    assert (problem.line, problem.field) == (13, "body")


@pytest.mark.parametrize("html, what", [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="x.png" onerror="alert(1)">', "onerror="),
    ("[点我](javascript:alert(1))", "javascript:"),
    ('<iframe src="https://example.com"></iframe>', "<iframe>"),
])
def test_raw_html_that_would_run_script_is_an_error_on_its_line(project, html, what):
    root = project({EXPLAINER_PATH: EXPLAINER + "\n" + html + "\n"})
    problem = only(check(root), "unsafe-html")
    assert (problem.line, problem.field) == (18, "body")
    assert what in problem.message


@pytest.mark.parametrize("line, names", [
    ('<div class="pufa-kiosk-idle-overlay">请稍候</div>', [".pufa-kiosk-idle-overlay"]),
    ("<p class='md-dialog md-dialog--active'>通知</p>", [".md-dialog", ".md-dialog--active"]),
    ('<span id="__search">搜索</span>', ["#__search"]),
    ("<div data-pufa-meta>发布机关：某部</div>", ["data-pufa-meta"]),
    ("## 要点 {: .pufa-kiosk-bar }", [".pufa-kiosk-bar"]),
    ("一段话。\n{: #pufa-idle-title data-pufa-stay=1 }", ["#pufa-idle-title", "data-pufa-stay"]),
    ('一段话。\n{: class="pufa-dialog" }', [".pufa-dialog"]),
])
def test_the_sites_own_classes_ids_and_hooks_are_errors_on_their_line(project, line, names):
    root = project({EXPLAINER_PATH: EXPLAINER + "\n" + line + "\n"})
    problems = [p for p in check(root) if p.code == "reserved-hook"]
    assert [(p.line, p.field, p.is_error) for p in problems] == [(18 + line.count("\n"), "body", True)] * len(names)
    assert sorted(next(n for n in names if f"“{n}”" in p.message) for p in problems) == sorted(names)


def test_ordinary_classes_and_material_buttons_are_allowed(project):
    body = '<div class="note">注意</div>\n\n[申请](#apply){: .md-button }\n\n## 小标题 {: #apply .wide }\n'
    root = project({EXPLAINER_PATH: EXPLAINER + "\n" + body})
    assert [p for p in check(root) if p.code == "reserved-hook"] == []


def test_script_inside_code_is_only_text(project):
    root = project({EXPLAINER_PATH: EXPLAINER + "\n```html\n<script>alert(1)</script>\n```\n\n`<script>`\n"})
    assert check(root) == []


def test_template_placeholder_left_in(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "summary: 经济困难的公民可以免费获得律师帮助。",
                                            "summary: 【请填写：一句话摘要】")})
    problem = only(check(root), "placeholder")
    assert (problem.line, problem.field) == (3, "summary")


def test_case_without_conventional_sections_is_a_warning(project):
    root = project({CASE_PATH: CASE.split("## 基本案情")[0] + "只有一段话。\n"})
    result = load_content(root / "content", root)
    problem = only(list(result.problems), "missing-sections")
    assert problem.severity == "warning" and "基本案情" in problem.message
    assert result.ok  # a warning does not stop the build


def test_file_of_another_type_is_reported_not_dropped(project):
    root = project({"content/laws/moj/notes.docx": b"PK\x03\x04"})
    problem = only(check(root), "unsupported-file")
    assert problem.path == "content/laws/moj/notes.docx"


def test_file_outside_an_agency_folder(project):
    root = project({"content/laws/legal-aid.md": EXPLAINER})
    problem = only(check(root), "not-in-agency-folder")
    assert problem.path == "content/laws/legal-aid.md"


def test_draft_is_not_published_and_says_so(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "status: 已发布", "status: 草稿")})
    result = load_content(root / "content", root)
    # a note, not a warning: a committed draft fails neither `pufa check --strict` nor `mkdocs build --strict`
    assert only(list(result.problems), "draft").severity == "note"
    assert result.catalog.explainers == ()
    assert result.drafts == (EXPLAINER_PATH,)


def test_habits_just_work_bom_crlf_spaces_and_chinese_names(project):
    text = "\ufeff" + EXPLAINER.replace("\n", "\r\n")
    root = project({EXPLAINER_PATH: None, "content/laws/moj/法律 援助 指南.md": text.encode("utf-8")})
    result = load_content(root / "content", root)
    assert result.problems == ()
    explainer = result.catalog.explainers[0]
    assert explainer.url == "/laws/moj/法律-援助-指南/"
    assert explainer.title == "哪些人可以申请法律援助？"


def test_line_numbers_survive_bom_and_crlf(project):
    text = "\ufeff" + replace(EXPLAINER, "published: 2026-03-01", "published: 2023-02-30").replace("\n", "\r\n")
    problem = only(check(project({EXPLAINER_PATH: text.encode("utf-8")})), "impossible-date")
    assert problem.line == 10


def test_all_problems_of_a_run_are_reported_at_once(project):
    root = project({
        EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 2023-02-30"),
        CASE_PATH: replace(CASE, "kind: 民事", "kind: 民事案件"),
        "content/agencies/moj.yml": AGENCY.replace("level: 中央", "level: 国家级"),
    })
    codes = {(p.path, p.code) for p in check(root)}
    assert {(EXPLAINER_PATH, "impossible-date"), (CASE_PATH, "bad-choice"),
            ("content/agencies/moj.yml", "bad-choice")} <= codes

"""Content checks that protect readers and the people in cases (issue #12): one bad input each,
asserting file, line, field, code and severity; habits assert the value they normalise to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import AGENCY, CASE, EXPLAINER, only, replace
from pufa.core.content.loading import load_content
from pufa.core.problems import ERROR, WARNING, Problem

EXPLAINER_PATH = "content/laws/moj/legal-aid.md"
CASE_PATH = "content/cases/moj/wage-case.md"
TODAY = dt.date(2026, 6, 1)

ID_NUMBER = "11010519491231002X"  # valid check digit, birth date and place
MOBILE = "13812345678"
BANK_CARD = "6222021234567890128"  # passes Luhn


def check(root: Path) -> list[Problem]:
    return list(load_content(root / "content", root, today=TODAY).problems)


def where(problem: Problem) -> tuple:
    return problem.path, problem.line, problem.field, problem.severity


# --- personal data (errors) ---


def test_id_number_in_a_case_body_is_an_error_without_the_number(project):
    root = project({CASE_PATH: replace(CASE, "王某被拖欠工资。", f"王某（身份证号 {ID_NUMBER}）被拖欠工资。")})
    problem = only(check(root), "personal-data")
    assert where(problem) == (CASE_PATH, 18, "body", ERROR)
    assert "身份证号码" in problem.message and "张某" in problem.message
    assert ID_NUMBER not in problem.message and ID_NUMBER[:-1] not in problem.message


def test_id_number_with_a_wrong_check_digit_is_not_personal_data(project):
    root = project({CASE_PATH: replace(CASE, "王某被拖欠工资。", "编号 110105194912310021 的文件。")})
    assert [p for p in check(root) if p.code == "personal-data"] == []


def test_fifteen_digit_id_number_is_found(project):
    root = project({CASE_PATH: replace(CASE, "王某被拖欠工资。", "王某，身份证 110105491231002。")})
    problem = only(check(root), "personal-data")
    assert where(problem) == (CASE_PATH, 18, "body", ERROR)
    assert "110105491231002" not in problem.message


def test_mobile_number_written_in_groups_is_found_and_shown_masked(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "列出了可以申请法律援助的事项。",
                                            "列出了事项。联系人电话 138 1234 5678。")})
    problem = only(check(root), "personal-data")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "138****5678" in problem.message and "手机号码" in problem.message
    assert "1234" not in problem.message.replace("138****5678", "")


def test_bank_card_number_in_metadata_names_the_field(project):
    root = project({CASE_PATH: replace(CASE, "summary: 经济困难的农民工通过法律援助拿回了工资。",
                                       f"summary: 工资打入银行卡 {BANK_CARD}。")})
    problem = only(check(root), "personal-data")
    assert where(problem) == (CASE_PATH, 3, "summary", ERROR)
    assert "银行卡号" in problem.message and BANK_CARD not in problem.message


def test_licence_plate_is_personal_data(project):
    root = project({CASE_PATH: replace(CASE, "王某被拖欠工资。", "王某驾驶浙A12345号小型轿车。")})
    problem = only(check(root), "personal-data")
    assert where(problem) == (CASE_PATH, 18, "body", ERROR)
    assert "车牌号码" in problem.message and "浙A12345" not in problem.message


def test_public_service_numbers_and_masked_numbers_are_allowed(project):
    body = "拨打 12348、12333、12315、12345、110 咨询；当事人电话 138****0000，案号（2024）浙0106民初100号。"
    root = project({CASE_PATH: replace(CASE, "王某被拖欠工资。", body)})
    assert [p for p in check(root) if p.code == "personal-data"] == []


def test_a_number_the_agency_declares_public_is_allowed(project):
    body = replace(CASE, "王某被拖欠工资。", "可拨打法律援助热线 13800000000 咨询。")
    assert only(check(project({CASE_PATH: body})), "personal-data").line == 18
    agency = AGENCY + "public_numbers: [138-0000-0000]\n"
    assert [p for p in check(project({CASE_PATH: body, "content/agencies/moj.yml": agency}))
            if p.code == "personal-data"] == []


# --- unclosed comment (error) ---


def test_unclosed_html_comment_is_an_error_on_its_line(project):
    root = project({EXPLAINER_PATH: EXPLAINER + "\n<!-- 待核实：当事人住址\n\n## 怎么办\n\n拨打 12348。\n"})
    problem = only(check(root), "unclosed-comment")
    assert where(problem) == (EXPLAINER_PATH, 18, "body", ERROR)
    assert "-->" in problem.message


def test_closed_comments_and_comments_in_code_are_fine(project):
    body = EXPLAINER + "\n<!-- 备注 -->\n\n<!--\n多行\n-->\n\n```\n<!-- 代码\n```\n"
    assert [p for p in check(project({EXPLAINER_PATH: body})) if p.code == "unclosed-comment"] == []


# --- links and pictures (errors; a large picture is a warning) ---


def png(width: int = 2, height: int = 2, noise: bool = False) -> bytes:
    """A real PNG file; with noise it does not compress (for the size limit)."""
    import random
    import struct
    import zlib

    rng = random.Random(1)
    rows = b"".join(b"\x00" + (rng.randbytes(width * 3) if noise else b"\xff\x00\x00" * width)
                    for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def with_line(text: str) -> dict:
    """The explainer with `text` as its line 16 (the body's first paragraph)."""
    return {EXPLAINER_PATH: replace(EXPLAINER, "《法律援助法》第三十一条列出了可以申请法律援助的事项。", text)}


def test_relative_link_to_a_missing_case_suggests_the_closest(project):
    root = project(with_line("另见[讨薪案例](../../cases/moj/wage-cases.md)。"))
    problem = only(check(root), "broken-link")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "../../cases/moj/wage-case.md" in problem.message


def test_absolute_site_address_is_checked_and_gets_the_closest_address(project):
    root = project(with_line("另见[讨薪案例](/cases/moj/wage-cse/)。"))
    problem = only(check(root), "broken-link")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "/cases/moj/wage-case/" in problem.message


def test_links_that_resolve_are_not_reported(project):
    text = ("见[案例](../../cases/moj/wage-case.md)、[同一案例](/cases/moj/wage-case/)、[专题](../../../topics/legal-aid/)、"
            "[机关](/agencies/moj/)、[外部](https://www.moj.gov.cn/)、[本节](#法律怎么规定)。"
            "![流程图](../../images/flow.png)")
    root = project({**with_line(text), "content/images/flow.png": png()})
    assert [p for p in check(root) if p.is_error] == []


def test_missing_picture_is_an_error_with_the_closest_picture(project):
    root = project({**with_line("![申请流程图](../../images/flow.jpg)"), "content/images/flow.png": png()})
    problem = only(check(root), "broken-image")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "../../images/flow.png" in problem.message


def test_picture_on_the_editors_computer_is_an_error(project):
    root = project(with_line(r"![申请流程图](C:\Users\张三\Desktop\流程图.png)"))
    problem = only(check(root), "local-path")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "content/images/" in problem.message


def test_file_url_picture_is_an_error(project):
    problem = only(check(project(with_line("![流程图](file:///home/zhang/流程图.png)"))), "local-path")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)


def test_typora_assets_folder_gets_its_own_message(project):
    problem = only(check(project(with_line("![流程图](legal-aid.assets/image-20240301.png)"))), "typora-assets")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert ".assets" in problem.message and "content/images/" in problem.message


def test_pasted_data_uri_picture_says_save_as_file_not_script(project):
    problems = check(project(with_line("![流程图](data:image/png;base64,iVBORw0KGgo=)")))
    problem = only(problems, "image-data-uri")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)
    assert "另存为文件" in problem.message
    assert [p for p in problems if p.code == "unsafe-html"] == []


def test_picture_without_alt_text_is_an_error(project):
    root = project({**with_line("![](../../images/flow.png)"), "content/images/flow.png": png()})
    problem = only(check(root), "image-no-alt")
    assert where(problem) == (EXPLAINER_PATH, 16, "body", ERROR)


def test_html_picture_without_alt_is_an_error(project):
    root = project({**with_line('<img src="../../images/flow.png">'), "content/images/flow.png": png()})
    assert where(only(check(root), "image-no-alt")) == (EXPLAINER_PATH, 16, "body", ERROR)


def test_large_picture_is_a_warning_on_the_picture(project):
    root = project({"content/images/photo.png": png(640, 640, noise=True)})
    problem = only(check(root), "image-too-large")
    assert where(problem) == ("content/images/photo.png", 1, "file", WARNING)
    assert "MB" in problem.message


def test_svg_picture_is_refused(project):
    root = project({"content/images/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    assert where(only(check(root), "image-format")) == ("content/images/chart.svg", 1, "file", ERROR)


def test_build_publishes_pictures_and_resolves_links_to_hand_written_pages(project):
    from conftest import mkdocs_build

    text = "见[关于本站](/about/)。![申请流程图](../../images/flow.png)"
    root = project({**with_line(text), "content/images/flow.png": png(), "docs/about.md": "# 关于\n"})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    assert (result.site / "images" / "flow.png").read_bytes() == png()
    html = (result.site / "laws" / "moj" / "legal-aid" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../../images/flow.png"' in html and 'alt="申请流程图"' in html


def test_build_fails_on_a_broken_link_naming_the_content_file_and_line(project):
    from conftest import mkdocs_build

    root = project(with_line("见[关于本站](/abuot/)。"))
    (root / "docs" / "about.md").write_text("# 关于\n", encoding="utf-8")
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    assert any(line.startswith(f"ERROR: pufa: {EXPLAINER_PATH}:16: body: 链接的页面不存在") and "/about/" in line
               for line in result.logs), result.logs
    assert not (result.site / "index.html").exists()


# --- habits that just work: normalised, no message ---


def loaded_explainer(root: Path):
    result = load_content(root / "content", root, today=TODAY)
    assert [p for p in result.problems if p.is_error] == [], result.problems
    return result.catalog.explainers[0]


def test_slash_dates_are_read_as_dates(project):
    explainer = loaded_explainer(project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01",
                                                                  "published: 2026/3/1")}))
    assert explainer.published == dt.date(2026, 3, 1)


def test_dotted_dates_are_read_as_dates(project):
    explainer = loaded_explainer(project({EXPLAINER_PATH: replace(EXPLAINER, "law_effective: 2022-01-01",
                                                                  "law_effective: 2022.1.1")}))
    assert explainer.law_effective == dt.date(2022, 1, 1)


def test_dates_in_chinese_quotes_are_read_as_dates(project):
    explainer = loaded_explainer(project({EXPLAINER_PATH: replace(EXPLAINER, "reviewed: 2026-03-01",
                                                                  "reviewed: “2026-03-05”")}))
    assert explainer.reviewed == dt.date(2026, 3, 5)


def test_topics_written_as_one_string_are_split(project):
    for separator in ("、", "，", ","):
        explainer = loaded_explainer(project({EXPLAINER_PATH: replace(
            EXPLAINER, "topics: [法律援助]", f"topics: 法律援助{separator}婚姻家庭")}))
        assert explainer.topics == ("legal-aid", "marriage-family")


# --- YAML errors on the line of the real mistake ---


def test_fullwidth_space_after_a_colon_is_reported_on_its_line_with_a_hint(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "summary: 经济困难", "summary:\u3000经济困难")})
    problem = only(check(root), "yaml-syntax")
    assert where(problem) == (EXPLAINER_PATH, 3, "summary", ERROR)
    assert "全角空格" in problem.message


def test_title_broken_across_two_lines_is_reported_on_the_title(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "title: 哪些人可以申请法律援助？",
                                            "title: 哪些人可以申请\n法律援助？")})
    problem = only(check(root), "yaml-syntax")
    assert where(problem) == (EXPLAINER_PATH, 2, "title", ERROR)
    assert "第 3 行" in problem.message and "同一行" in problem.message


def test_unknown_topic_gets_the_closest_topic_and_the_list(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "topics: [法律援助]", "topics: [法律援住]")})
    problem = only(check(root), "unknown-topic")
    assert where(problem) == (EXPLAINER_PATH, 8, "topics[1]", ERROR)
    assert "您是不是想写“法律援助”" in problem.message
    assert "可用的专题（content/topics.yml）：法律援助、婚姻家庭" in problem.message


def test_unknown_topic_that_is_part_of_a_long_topic_name_suggests_it(project):
    from conftest import TOPICS

    topics = replace(TOPICS, "name: 婚姻家庭", "name: 婚姻家庭纠纷调解")  # too unlike 婚姻 for spelling
    root = project({"content/topics.yml": topics,
                    EXPLAINER_PATH: replace(EXPLAINER, "topics: [法律援助]", "topics: [法律援助, 婚姻]")})
    problem = only(check(root), "unknown-topic")
    assert "您是不是想写“婚姻家庭纠纷调解”" in problem.message


# --- wrong law, with the statute library ---

LEGAL_AID_LAW = """\
---
title: 中华人民共和国法律援助法
promulgated: 2021-08-20
effective: 2022-01-01
history:
  - date: 2021-08-20
    event: 第十三届全国人民代表大会常务委员会第三十次会议通过
---

第三十一条 下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助。

第三十二条 有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制。

第七十一条 本法自2022年1月1日起施行。《中华人民共和国旧法律援助条例》同时废止。
"""
LIBRARY = {"content/statutes/法律援助法.md": LEGAL_AID_LAW}


def test_article_in_metadata_that_the_law_does_not_have_is_an_error(project):
    root = project({**LIBRARY, EXPLAINER_PATH: replace(EXPLAINER, "articles: [31, 32]", "articles: [31, 33]")})
    problem = only(check(root), "article-not-in-law")
    assert where(problem) == (EXPLAINER_PATH, 5, "articles", ERROR)
    assert "第三十三条" in problem.message


def test_case_article_missing_from_the_law_is_reported_on_its_own_line(project):
    root = project({**LIBRARY, CASE_PATH: replace(CASE, "    articles: [31]", "    articles:\n      - 31\n      - 99")})
    problem = only(check(root), "article-not-in-law")
    assert where(problem) == (CASE_PATH, 13, "laws[1].articles", ERROR)


def test_explaining_a_repealed_law_names_the_law_that_replaced_it(project):
    explainer = replace(EXPLAINER, "law: 中华人民共和国法律援助法", "law: 中华人民共和国旧法律援助条例")
    explainer = replace(explainer, "articles: [31, 32]\n", "")
    problem = only(check(project({**LIBRARY, EXPLAINER_PATH: explainer})), "repealed-law")
    assert where(problem) == (EXPLAINER_PATH, 4, "law", WARNING)
    assert "已被《中华人民共和国法律援助法》取代" in problem.message


def test_case_decided_before_the_repeal_may_apply_the_old_law(project):
    case = replace(CASE, "  - law: 中华人民共和国法律援助法\n    articles: [31]", "  - law: 中华人民共和国旧法律援助条例")
    case = replace(case, "decided: 2024-05-10", "decided: 2021-05-10")
    assert [p for p in check(project({**LIBRARY, CASE_PATH: case})) if p.code == "repealed-law"] == []
    case = replace(case, "decided: 2021-05-10", "decided: 2024-05-10")
    problem = only(check(project({**LIBRARY, CASE_PATH: case})), "repealed-law")
    assert where(problem) == (CASE_PATH, 10, "laws[1].law", WARNING)


def test_explainer_law_dates_that_differ_from_the_library_are_warned(project):
    root = project({**LIBRARY, EXPLAINER_PATH: replace(EXPLAINER, "law_effective: 2022-01-01",
                                                       "law_effective: 2022-03-01")})
    problem = only(check(root), "law-date-differs")
    assert where(problem) == (EXPLAINER_PATH, 7, "law_effective", WARNING)
    assert "2022-01-01" in problem.message


def test_a_revision_the_library_knows_only_by_file_name_may_take_effect_within_a_year(project):
    # the corpus's header gives the first promulgation; its file name (法律援助法(2023-06-30).md) a
    # later revision whose effective day the library cannot know (工伤保险条例 2010-12-20 → 2011-01-01)
    revised = replace(LEGAL_AID_LAW, "promulgated: 2021-08-20", "source: 法律/法律援助法(2023-06-30).md\npromulgated: 2021-08-20")
    library = {"content/statutes/法律援助法.md": revised}
    within = replace(EXPLAINER, "law_effective: 2022-01-01", "law_effective: 2024-01-01")
    assert [p for p in check(project({**library, EXPLAINER_PATH: within})) if p.code == "law-date-differs"] == []
    later = replace(EXPLAINER, "law_effective: 2022-01-01", "law_effective: 2025-03-01")
    problem = only(check(project({**library, EXPLAINER_PATH: later})), "law-date-differs")
    assert where(problem) == (EXPLAINER_PATH, 7, "law_effective", WARNING)


def test_case_decided_before_its_law_took_effect_is_warned(project):
    root = project({**LIBRARY, CASE_PATH: replace(CASE, "decided: 2024-05-10", "decided: 2021-10-10")})
    problem = only(check(root), "decided-before-law")
    assert where(problem) == (CASE_PATH, 6, "decided", WARNING)
    assert "2022-01-01" in problem.message


def test_responsibility_law_missing_from_the_library_gets_a_suggestion(project):
    agency = replace(AGENCY, "laws: [中华人民共和国法律援助法]", "laws: [中华人民共和国法律援肋法]")
    problem = only(check(project({**LIBRARY, "content/agencies/moj.yml": agency})), "law-not-in-library")
    assert where(problem) == ("content/agencies/moj.yml", 8, "responsibilities[1].laws[1]", WARNING)
    assert "中华人民共和国法律援助法" in problem.message


def test_without_a_library_laws_are_not_judged(project):
    agency = replace(AGENCY, "laws: [中华人民共和国法律援助法]", "laws: [中华人民共和国法律援肋法]")
    explainer = replace(EXPLAINER, "articles: [31, 32]", "articles: [31, 999]")
    assert check(project({"content/agencies/moj.yml": agency, EXPLAINER_PATH: explainer})) == []


# --- implausible dates ---


def test_law_date_after_next_year_is_a_warning(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "law_effective: 2022-01-01", "law_effective: 2028-01-01")})
    problem = only(check(root), "law-date-implausible")
    assert where(problem) == (EXPLAINER_PATH, 7, "law_effective", WARNING)


def test_published_in_the_future_is_a_warning_that_says_it_publishes_now(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 2026-07-01")})
    problem = only(check(root), "published-in-future")
    assert where(problem) == (EXPLAINER_PATH, 10, "published", WARNING)
    assert "本次生成就会发布" in problem.message and "草稿" in problem.message


# --- Markdown pitfalls (warnings) ---


def test_heading_that_skips_a_level_is_warned(project):
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "## 法律怎么规定", "#### 法律怎么规定")})
    problem = only(check(root), "heading-skip")
    assert where(problem) == (EXPLAINER_PATH, 14, "body", WARNING)
    assert "##" in problem.message


def test_table_row_wider_than_its_header_is_warned_with_the_escape(project):
    table = "| 事项 | 电话 |\n| --- | --- |\n| 法律援助 | 12348 |\n| 劳动争议 | 12333 | 或 12348 |\n"
    root = project({EXPLAINER_PATH: EXPLAINER + "\n" + table})
    problem = only(check(root), "table-extra-cells")
    assert where(problem) == (EXPLAINER_PATH, 21, "body", WARNING)
    assert "\\|" in problem.message


def test_escaped_bars_and_code_do_not_count_as_cells(project):
    table = "| 事项 | 说明 |\n| --- | --- |\n| 甲 | 写作 a\\|b 或 `a|b` |\n"
    assert [p for p in check(project({EXPLAINER_PATH: EXPLAINER + "\n" + table}))
            if p.code == "table-extra-cells"] == []


def test_paragraph_indented_by_four_spaces_is_warned(project):
    root = project({EXPLAINER_PATH: EXPLAINER + "\n    当事人可以向法律援助机构申请。\n    第二行。\n"})
    problem = only(check(root), "indented-code")
    assert where(problem) == (EXPLAINER_PATH, 18, "body", WARNING)
    assert "全角空格" in problem.message


def test_indented_lines_inside_a_list_are_not_warned(project):
    body = EXPLAINER + "\n- 第一步\n\n    补充说明第一步。\n\n1. 第二步\n    接着写。\n"
    assert [p for p in check(project({EXPLAINER_PATH: body})) if p.code == "indented-code"] == []


def test_summary_far_longer_than_a_summary_is_warned(project):
    long = "经济困难的公民可以免费获得律师帮助，" * 10
    root = project({EXPLAINER_PATH: replace(EXPLAINER, "summary: 经济困难的公民可以免费获得律师帮助。", f"summary: {long}")})
    problem = only(check(root), "summary-too-long")
    assert where(problem) == (EXPLAINER_PATH, 3, "summary", WARNING)
    assert "150" in problem.message


# --- hostile input ---


def test_numbers_hidden_in_links_and_html_are_found_and_never_echoed(project):
    body = f'<a href="tel:{MOBILE}">联系</a>，[卡号](https://example.org/?card={BANK_CARD})'
    problems = [p for p in check(project(with_line(body))) if p.code == "personal-data"]
    assert sorted(p.message.split("（")[1].split("）")[0] for p in problems) == ["138****5678", "6222***********0128"]
    assert all(MOBILE not in p.message and BANK_CARD not in p.message for p in problems)


def test_links_to_feeds_calendar_files_and_the_schema_resolve(project):
    text = ("[订阅](../../../feeds/rss.xml)、[机关订阅](/feeds/agencies/moj/atom.xml)、[日历](/calendar/moj.ics)、"
            "[字段](/schema/explainer.schema.json)、[本页](./?kiosk=0)、[触摸屏](../../../kiosk/?kiosk=1)")
    assert [p for p in check(project(with_line(text))) if p.is_error] == []


# --- all problems at once: the rules over the whole site beside the errors of single files ---


def broken_pair(project) -> Path:
    """A field error in the explainer (A); a broken link, a missing picture and an article the law
    lacks in the case (B), which alone would only be reported once A is fixed."""
    case = replace(CASE, "王某被拖欠工资。", "王某被拖欠工资，见[解读](../../laws/moj/legal-aid-guide.md)。![欠条](../../images/iou.png)")
    return project({**LIBRARY, "content/images/iou.jpg": png(),
                    EXPLAINER_PATH: replace(EXPLAINER, "published: 2026-03-01", "published: 2026-02-30"),
                    CASE_PATH: replace(case, "    articles: [31]", "    articles: [31, 99]")})


ALL_AT_ONCE = {  # code → (file, line, field, severity)
    "impossible-date": (EXPLAINER_PATH, 10, "published", ERROR),
    "broken-link": (CASE_PATH, 18, "body", ERROR),
    "broken-image": (CASE_PATH, 18, "body", ERROR),
    "article-not-in-law": (CASE_PATH, 11, "laws[1].articles", ERROR),
}


def test_links_pictures_and_wrong_law_are_reported_beside_a_field_error_of_another_file(project):
    problems = check(broken_pair(project))
    assert {code: where(only(problems, code)) for code in ALL_AT_ONCE} == ALL_AT_ONCE
    # the explainer with the error is still a page a link may lead to, and the closest address
    assert "../../laws/moj/legal-aid.md" in only(problems, "broken-link").message


def test_links_of_a_file_with_a_field_error_are_checked_in_the_same_run(project):
    explainer = replace(EXPLAINER, "published: 2026-03-01", "published: 2026-02-30")
    root = project({EXPLAINER_PATH: replace(explainer, "《法律援助法》第三十一条", "见[案例](../../cases/moj/wage.md)")})
    problems = check(root)
    assert where(only(problems, "impossible-date")) == (EXPLAINER_PATH, 10, "published", ERROR)
    assert where(only(problems, "broken-link")) == (EXPLAINER_PATH, 16, "body", ERROR)


def test_links_to_pages_of_files_with_errors_are_not_broken_but_other_links_are(project):
    agency = replace(AGENCY, "level: 中央", "level: 国家级")
    links = "见[机关](/agencies/moj/)、[案例](../../cases/moj/wage-case.md)、[不存在](../../cases/moj/none.md)"
    root = project({"content/agencies/moj.yml": agency, "content/laws/moj/legal-aid.md": None,
                    "content/laws/moj/other.md": replace(EXPLAINER, "《法律援助法》第三十一条", links)})
    problems = check(root)
    assert where(only(problems, "bad-choice"))[0] == "content/agencies/moj.yml"
    # the agency's page and the case (left out for the agency's error) will exist once it is fixed
    assert "none.md" in only(problems, "broken-link").message


def test_a_statute_file_with_an_error_holds_the_library_rules_back_with_a_note(project):
    broken = replace(LEGAL_AID_LAW, "promulgated: 2021-08-20", "promulgated: 2021-02-30")
    problems = check(project({**LIBRARY, "content/statutes/法律援助法.md": broken,
                              EXPLAINER_PATH: replace(EXPLAINER, "articles: [31, 32]", "articles: [31, 33]")}))
    assert where(only(problems, "impossible-date"))[0] == "content/statutes/法律援助法.md"
    assert [p for p in problems if p.code == "article-not-in-law"] == []  # judged only against a sound library
    assert where(only(problems, "library-checks-held")) == ("content/statutes", 1, "file", "note")


def test_pufa_check_and_the_build_report_every_problem_of_both_files_and_keep_the_site(project):
    import subprocess
    import sys

    from conftest import mkdocs_build

    root = project()
    assert mkdocs_build(root / "mkdocs.yml").error is None
    published = (root / "site" / "index.html").read_bytes()
    broken_pair(project)
    lines = {code: f"{path}:{line}: {field}: " for code, (path, line, field, _) in ALL_AT_ONCE.items()}

    result = subprocess.run([sys.executable, "-m", "pufa.cli", "--root", str(root), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    for code, start in lines.items():
        assert any(line.startswith(start) for line in result.stdout.splitlines()), (code, result.stdout)
    assert "共 4 个错误" in result.stdout

    build = mkdocs_build(root / "mkdocs.yml")
    assert build.error is not None
    for code, start in lines.items():
        assert any(line.startswith(f"ERROR: pufa: {start}") for line in build.logs), (code, build.logs)
    assert (root / "site" / "index.html").read_bytes() == published

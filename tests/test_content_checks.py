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

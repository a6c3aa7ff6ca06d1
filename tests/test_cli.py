"""The `pufa` command as editors run it: check, new, schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXPLAINER, REPO
from pufa.core.content.reading import split_front_matter

PUFA = [sys.executable, "-m", "pufa.cli"]


def pufa(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PUFA, "--root", str(root), *args], capture_output=True, text=True)


def test_check_on_clean_content_exits_0(project):
    result = pufa(project(), "check")
    assert result.returncode == 0
    assert result.stdout.strip() == "共 0 个错误，0 个警告。"


def test_check_reports_every_problem_as_path_line_field_message_and_exits_1(project):
    root = project({
        "content/laws/moj/legal-aid.md": EXPLAINER.replace("published: 2026-03-01", "published: 2023-02-30"),
        "content/laws/moj/gbk.md": EXPLAINER.encode("gbk"),
    })
    result = pufa(root, "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "content/laws/moj/gbk.md:1: file: 文件不是 UTF-8 编码，看起来是 GBK（GB18030） 编码。请在编辑器中“另存为 UTF-8”后再提交",
        "content/laws/moj/legal-aid.md:10: published: 日期不存在：2023年2月没有30日",
        "共 2 个错误，0 个警告。",
    ]


def test_new_explainer_writes_a_template_that_check_turns_into_a_todo_list(project):
    root = project()
    result = pufa(root, "new", "explainer", "--agency", "moj", "--slug", "宪法日")
    assert result.returncode == 0, result.stderr
    path = root / "content/laws/moj/宪法日.md"
    text = path.read_text(encoding="utf-8")
    front, _ = split_front_matter(text, "x")
    for field in ("title", "summary", "law", "articles", "law_promulgated", "law_effective", "topics", "audience",
                  "rights", "obligations", "remedies", "status", "published", "reviewed"):
        assert re.search(rf"^{field}:", front.yaml_text, re.M), field
    assert "# 所释法律（必填）" in text  # every field explained in a comment

    check = pufa(root, "check")
    assert check.returncode == 1
    todo = [line for line in check.stdout.splitlines() if "占位内容" in line]
    assert len(todo) >= 8 and all(line.startswith("content/laws/moj/宪法日.md:") for line in todo)


def test_filled_in_template_passes_the_check(project):
    root = project()
    pufa(root, "new", "case", "--agency", "moj")
    path = root / "content/cases/moj/new-case.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"【请填写([^】]*)】", r"\1的内容", text)
    text = text.replace("- 专题的内容", "- 法律援助").replace("law: 法律全称的内容", "law: 中华人民共和国法律援助法")
    text = text.replace("  articles:\n  - 条文的内容", "  articles: [31]")
    path.write_text(text, encoding="utf-8")
    result = pufa(root, "check")
    assert result.returncode == 0, result.stdout


def test_new_never_overwrites_and_refuses_unknown_agency(project):
    root = project()
    assert pufa(root, "new", "explainer", "--agency", "moj").returncode == 0
    assert pufa(root, "new", "explainer", "--agency", "moj").returncode == 0
    assert (root / "content/laws/moj/new-explainer.md").exists()
    assert (root / "content/laws/moj/new-explainer-2.md").exists()
    unknown = pufa(root, "new", "explainer", "--agency", "nope")
    assert unknown.returncode == 2 and "moj" in unknown.stderr


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("schema")
    assert subprocess.run([*PUFA, "schema", "--out", str(out)], capture_output=True).returncode == 0
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}


def _front_matter(path: Path) -> dict:
    front, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return yaml.load(front.yaml_text, Loader=yaml.BaseLoader)  # dates stay text, as editors write them


def test_json_schema_accepts_every_demo_file(schemas):
    for name, folder in (("explainer", "laws"), ("case", "cases")):
        validator = jsonschema.Draft202012Validator(schemas[f"{name}.schema.json"])
        files = sorted((REPO / "content" / folder).rglob("*.md"))
        assert files
        for path in files:
            data = _front_matter(path)
            # BaseLoader reads numbers as text; articles may be written either way
            errors = [e.message for e in validator.iter_errors(data) if "articles" not in e.json_path]
            assert errors == [], path
    agency = jsonschema.Draft202012Validator(schemas["agency.schema.json"])
    for path in (REPO / "content/agencies").glob("*.yml"):
        assert list(agency.iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))) == []


def test_json_schema_rejects_what_check_rejects(schemas):
    validator = jsonschema.Draft202012Validator(schemas["explainer.schema.json"])
    data = _front_matter(REPO / "content/laws/moj/legal-aid-who-qualifies.md")
    data.pop("summary")
    data["reviewd"] = "2026-01-01"
    data["status"] = "发布"
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "'summary' is a required property" in messages
    assert "reviewd" in messages and "发布" in messages


def test_report_with_an_impossible_date_says_so_in_chinese_without_a_traceback(project):
    result = pufa(project(), "report", "--as-of", "2026-13-01")
    assert result.returncode == 2
    assert "“2026-13-01”不是有效日期" in result.stderr and "Traceback" not in result.stderr


def test_json_schema_types_dates_as_dates(schemas):
    published = schemas["explainer.schema.json"]["properties"]["published"]
    assert {"type": "string", "format": "date"} in published["anyOf"]
    validator = jsonschema.Draft202012Validator(schemas["explainer.schema.json"],
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    data = _front_matter(REPO / "content/laws/moj/legal-aid-who-qualifies.md")
    for written, valid in (("2026-02-28", True), ("2026年2月28日", True), ("2026-2-8", True),
                           ("2026-02-30", False), ("2026-13-01", False), ("下周一", False)):
        errors = [e for e in validator.iter_errors({**data, "published": written}) if "published" in e.json_path]
        assert (errors == []) == valid, written


def test_json_schema_of_calendar_yml_accepts_the_demo_calendar_and_rejects_what_check_rejects(schemas):
    validator = jsonschema.Draft202012Validator(schemas["calendar.schema.json"],
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    calendar = yaml.load((REPO / "content/calendar.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert calendar["events"] and list(validator.iter_errors(calendar)) == []
    event = {**calendar["events"][0], "start": "2026-02-30", "organiser": "某局"}
    messages = " ".join(e.message for e in validator.iter_errors({"events": [event], "holidays": []}))
    assert "2026-02-30" in messages and "organiser" in messages and "holidays" in messages

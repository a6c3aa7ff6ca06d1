"""Field kinds as objects: one declaration gives the check, the JSON Schema and the guide, for
content files and calendar.yml alike (issue #11 item 5)."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
import yaml

from conftest import REPO, only
from pufa.core.calendar.fields import EVENT_FIELDS, OBSERVANCE_FIELDS
from pufa.core.calendar.loading import load_calendar
from pufa.core.content.fields import (AGENCY_FIELDS, CASE_FIELDS, EXPLAINER_FIELDS, STATUTE_FIELDS,
                                      TOPIC_FIELDS)
from pufa.core.content.loading import load_content
from pufa.core.content.reading import Parsed
from pufa.core.content.field_kinds import example_values
from pufa.core.content.schema import document_schemas, object_schema
from pufa.core.content.validation import check_fields
from pufa.render.calendar import render_calendar_guide

DECLARATIONS = {"explainer": EXPLAINER_FIELDS, "case": CASE_FIELDS, "agency": AGENCY_FIELDS,
                "topic": TOPIC_FIELDS, "statute": STATUTE_FIELDS, "observance": OBSERVANCE_FIELDS,
                "event": EVENT_FIELDS}
TODAY = dt.date(2026, 6, 1)
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


@pytest.mark.parametrize("name", DECLARATIONS)
def test_every_example_passes_its_own_check_and_schema(name):
    fields = DECLARATIONS[name]
    example = example_values(fields)
    values, problems = check_fields(fields, Parsed(example, {}, 1), "x.yml", TODAY)
    assert problems == [] and set(values) == {f.name for f in fields}
    validator = jsonschema.Draft202012Validator(object_schema(fields), format_checker=FORMATS)
    assert [e.message for e in validator.iter_errors(example)] == []


CALENDAR = (REPO / "content" / "calendar.yml").read_text(encoding="utf-8")

# (list, field, value written): what `pufa check` rejects in calendar.yml with this code
REJECTED = [
    ("observances", "date", "12/04", "bad-month-day"),
    ("observances", "date", "13-01", "bad-month-day"),
    ("observances", "month", "十三", "bad-month"),
    ("observances", "month", "13", "bad-month"),
    ("observances", "nth", "5", "bad-nth"),
    ("observances", "since", "二〇一四", "bad-since"),
    ("observances", "since", "1899", "bad-since"),
    ("events", "time", "上午九点", "bad-time"),
    ("events", "time", "09:30", "bad-time"),
]


@pytest.mark.parametrize(("key", "field", "written", "code"), REJECTED)
def test_calendar_schema_rejects_what_check_rejects(tmp_path, key, field, written, code):
    data = yaml.load(CALENDAR, Loader=yaml.BaseLoader)  # values as editors write them: text
    data[key][0][field] = written
    content = tmp_path / "content"
    content.mkdir()
    (content / "calendar.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problem = only(list(load_calendar(content, tmp_path, None, today=TODAY).problems), code)
    assert problem.field == f"{key}[1].{field}"

    validator = jsonschema.Draft202012Validator(document_schemas()["calendar.schema.json"], format_checker=FORMATS)
    errors = [e for e in validator.iter_errors(data) if list(e.absolute_path) == [key, 0, field]]
    assert errors, (field, written)


def test_calendar_schema_accepts_what_check_accepts(tmp_path):
    data = yaml.load(CALENDAR, Loader=yaml.BaseLoader)
    observance = next(o for o in data["observances"] if "nth" in o)
    observance.update(month="05", nth="3", since="2014")
    data["events"][0]["time"] = "9:30 - 11:30"
    validator = jsonschema.Draft202012Validator(document_schemas()["calendar.schema.json"], format_checker=FORMATS)
    assert [e.message for e in validator.iter_errors(data)] == []
    content = tmp_path / "content"
    content.mkdir()
    (content / "calendar.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalog = load_content(REPO / "content", REPO).catalog
    assert load_calendar(content, tmp_path, catalog).problems == ()


def test_calendar_guide_says_how_to_write_days_numbers_and_times():
    guide = render_calendar_guide().markdown
    assert "| `date` | 月-日 | 选填 | 月-日（12-04） |" in guide
    assert "| `month` | 月份 | 选填 | 数字（1 到 12） |" in guide
    assert "| `time` | 时间 | 选填 | 时间段（09:30-11:30） |" in guide

"""JSON Schema of the editors' files, generated from the field specs."""

from __future__ import annotations

from typing import Any

from .fields import (AGENCY, AGENCY_FIELDS, AGENCY_LIST, ARTICLES, CASE_FIELDS, CHOICE, DATE,
                     EXPLAINER_FIELDS, ID, ITEMS, TEXT, TEXT_LIST, TOPIC_FIELDS, TOPIC_LIST, URL, Field)

# Dates are typed as dates (`format: date`, which editors' tools check and offer); the other
# forms pufa accepts (2026年12月4日, 2026-3-1 without zeros) are the second choice.
_OTHER_DATE = r"^(\d{4}-(\d-\d{1,2}|\d{1,2}-\d)|\d{4}年\d{1,2}月\d{1,2}日)$"
_DATE = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": _OTHER_DATE}]}
_ID = "^[a-z0-9][a-z0-9-]*$"
_TEXT = {"type": "string", "minLength": 1}


def _list_of(item: dict[str, Any]) -> dict[str, Any]:
    # a single value is accepted where a list is expected
    return {"anyOf": [{"type": "array", "items": item}, item]}


def field_schema(spec: Field) -> dict[str, Any]:
    kind = spec.kind
    if kind == TEXT:
        schema: dict[str, Any] = dict(_TEXT)
    elif kind in (TEXT_LIST, TOPIC_LIST):
        schema = _list_of(_TEXT)
    elif kind == DATE:
        schema = {"anyOf": [dict(kind) for kind in _DATE["anyOf"]]}
    elif kind == CHOICE:
        schema = {"enum": list(spec.choices)}
    elif kind == URL:
        schema = {"type": "string", "pattern": r"^https?://\S+$"}
    elif kind in (ID, AGENCY):
        schema = {"type": "string", "pattern": _ID}
    elif kind == AGENCY_LIST:
        schema = _list_of({"type": "string", "pattern": _ID})
    elif kind == ARTICLES:
        schema = _list_of({"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999},
                                     {"type": "string", "pattern": "条|^\\d+$"}]})
    elif kind == ITEMS:
        schema = {"type": "array", "items": object_schema(spec.items)}
    else:
        raise ValueError(f"unknown field kind {kind}")
    schema["title"] = spec.label
    # the range moves with the day of the check, which a schema cannot say: the text does
    schema["description"] = spec.help + (f"日期范围：{spec.dates.describe()}。" if kind == DATE else "")
    return schema


def object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def document_schemas() -> dict[str, dict[str, Any]]:
    """One schema per kind of file, keyed by the file name it is published under."""
    titles = {"agency": ("机关档案", AGENCY_FIELDS), "explainer": ("法律解读元数据", EXPLAINER_FIELDS),
              "case": ("以案释法元数据", CASE_FIELDS)}
    schemas = {}
    for name, (title, fields) in titles.items():
        schemas[f"{name}.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json", "title": title, **object_schema(fields)}
    # calendar.yml: the same field specs as its loader checks
    from ..calendar.loading import EVENT_FIELDS, OBSERVANCE_FIELDS  # late: the calendar loader imports content
    schemas["calendar.schema.json"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "calendar.schema.json",
        "title": "普法日历", "type": "object", "additionalProperties": False,
        "properties": {"observances": {"type": "array", "title": "纪念日、宣传日", "items": object_schema(OBSERVANCE_FIELDS)},
                       "events": {"type": "array", "title": "普法活动", "items": object_schema(EVENT_FIELDS)}}}
    schemas["topics.schema.json"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "topics.schema.json",
        "title": "专题词表", "type": "array", "items": object_schema(TOPIC_FIELDS)}
    return schemas

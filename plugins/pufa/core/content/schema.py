"""JSON Schema of the editors' files, generated from the field specs."""

from __future__ import annotations

from typing import Any

from ..calendar.fields import EVENT_FIELDS, OBSERVANCE_FIELDS
from .field_kinds import object_schema
from .fields import AGENCY_FIELDS, CASE_FIELDS, EXPLAINER_FIELDS, TOPIC_FIELDS


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
    schemas["calendar.schema.json"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "calendar.schema.json",
        "title": "普法日历", "type": "object", "additionalProperties": False,
        "properties": {"observances": {"type": "array", "title": "纪念日、宣传日", "items": object_schema(OBSERVANCE_FIELDS)},
                       "events": {"type": "array", "title": "普法活动", "items": object_schema(EVENT_FIELDS)}}}
    schemas["topics.schema.json"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "topics.schema.json",
        "title": "专题词表", "type": "array", "items": object_schema(TOPIC_FIELDS)}
    return schemas

"""The editors' field guide in Chinese, generated from the field specs."""

from __future__ import annotations

import yaml

from ..core.routes import FIELD_GUIDE
from ..core.content.fields import AGENCY_FIELDS, CASE_FIELDS, EXPLAINER_FIELDS, TOPIC_FIELDS, Field
from .pages import GeneratedPage
from ..core.content.field_kinds import example_values


def _rows(fields: tuple[Field, ...], prefix: str = "") -> list[str]:
    rows = []
    for spec in fields:
        kind = spec.kind.describe()
        required = "必填" if spec.required else "选填"
        rows.append(f"| `{prefix}{spec.name}` | {spec.label} | {required} | {kind} | {spec.help} |")
        if spec.items:
            rows.extend(_rows(spec.items, f"{prefix}{spec.name}[].")) 
    return rows


def field_table(fields: tuple[Field, ...]) -> str:
    head = "| 字段 | 名称 | 必填 | 写法 | 说明 |\n| --- | --- | --- | --- | --- |\n"
    return head + "\n".join(_rows(fields))


def _example(fields: tuple[Field, ...]) -> str:
    return yaml.safe_dump(example_values(fields), allow_unicode=True, sort_keys=False, width=1000).strip()


def render_field_guide() -> GeneratedPage:
    sections = [
        ("法律解读", "content/laws/<机关编号>/<文件名>.md", EXPLAINER_FIELDS, True),
        ("以案释法", "content/cases/<机关编号>/<文件名>.md", CASE_FIELDS, True),
        ("机关档案", "content/agencies/<机关编号>.yml", AGENCY_FIELDS, False),
        ("专题词表", "content/topics.yml（列表，每项一个专题）", TOPIC_FIELDS, False),
    ]
    parts = ["# 字段说明",
             "本页由系统根据校验规则自动生成，与 `pufa check` 的检查完全一致。"
             "字段名用英文，值和正文用中文。日期写成 `2026-12-04` 或 `2026年12月4日`。"
             "要求写列表的字段只有一项时，也可以直接写一个值。"]
    for title, where, fields, front_matter in sections:
        example = _example(fields)
        fence = f"---\n{example}\n---\n\n正文……" if front_matter else example
        parts.append(f"## {title}\n\n文件位置：`{where}`\n\n{field_table(fields)}\n\n"
                     f"示例：\n\n```yaml\n{fence}\n```")
    parts.append("## 机器可读的格式\n\n同样的规则也以 JSON Schema 发布，可供编辑器自动补全和校验："
                 "[解读](../schema/explainer.schema.json)、[案例](../schema/case.schema.json)、"
                 "[机关](../schema/agency.schema.json)、[专题](../schema/topics.schema.json)、"
                 "[普法日历](../schema/calendar.schema.json)。")
    return GeneratedPage(FIELD_GUIDE, "\n\n".join(parts) + "\n", "字段说明")

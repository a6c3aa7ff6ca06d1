"""Ready-to-fill files for `pufa new`: every field present and explained in a comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .field_kinds import Date, Items
from .fields import CASE_FIELDS, CASE_SECTIONS, EXPLAINER_FIELDS, STATUS_DRAFT, Field
from .field_kinds import PLACEHOLDER

# optional fields most files do not need: shown as comments the editor can uncomment
_COMMENTED = {"slug", "co_agencies", "comment_opens", "comment_closes", "comment_how", "source", "plan_item"}


def _line(spec: Field, value: Any, indent: str = "") -> str:
    dumped = yaml.safe_dump({spec.name: value}, allow_unicode=True, sort_keys=False, width=1000).strip()
    need = "必填" if spec.required else "选填"
    comment = f"# {spec.label}（{need}）：{spec.help}"
    if spec.choices:
        comment += f" 可选：{' / '.join(spec.choices)}"
    lines = dumped.split("\n")
    return "\n".join([indent + comment] + [indent + line for line in lines])


def _placeholder(spec: Field, today: dt.date) -> Any:
    if isinstance(spec.kind, Date):
        return today
    if spec.choices:
        return spec.example
    text = f"{PLACEHOLDER}{spec.label}】"
    return [text] if isinstance(spec.example, list) else text


def render_template(kind: str, today: dt.date) -> str:
    """Front matter plus a body skeleton, dates set to `today` (the day in China of the one clock);
    `pufa check` lists every 【请填写…】 still left."""
    fields = EXPLAINER_FIELDS if kind == "explainer" else CASE_FIELDS
    lines = ["---"]
    for spec in fields:
        if spec.name in _COMMENTED:
            comment, *values = _line(spec, spec.example).split("\n")
            lines += [comment, *("# " + line for line in values)]
            continue
        if spec.name == "status":
            lines.append(_line(spec, STATUS_DRAFT))
        elif isinstance(spec.kind, Items):
            item = {f.name: _placeholder(f, today) for f in spec.items}
            lines.append(_line(spec, [item]))
        else:
            lines.append(_line(spec, _placeholder(spec, today)))
    lines.append("---")
    if kind == "explainer":
        sections = ["法律怎么规定", "对您意味着什么", "怎么办", "到哪里求助"]
    else:
        sections = [s if isinstance(s, str) else s[0] for s in CASE_SECTIONS]
    body = "\n\n".join(f"## {title}\n\n{PLACEHOLDER}{title}】" for title in sections)
    return "\n".join(lines) + "\n\n" + body + "\n"

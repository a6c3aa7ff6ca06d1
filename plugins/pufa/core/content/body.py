"""Checks on the Markdown body of explainers and cases."""

from __future__ import annotations

import re

from .. import messages as msg
from .fields import CASE_SECTIONS
from ..problems import WARNING, Problem
from .reserved import reserved_attribute, reserved_class, reserved_id
from .field_kinds import PLACEHOLDER

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_UNSAFE = (
    (re.compile(r"<\s*(script|style|iframe|frame|object|embed|form|input|button|meta|link|base|svg|math)\b",
                re.I), "<{0}> 标签"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.I), "事件属性 {0}="),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.I), "{0}: 链接"),
    (re.compile(r"(?:\]\(|(?:href|src)\s*=\s*[\"']?)\s*(data:)", re.I), "{0} 链接"),
)
_DATA_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*data:[^)\n]*\)|<img\b[^>]*?\ssrc\s*=\s*[\"']?\s*data:[^>]*>", re.I)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# where a body names classes, ids and attributes: HTML tags and attr_list's {: .class #id key=value }
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_HTML_NAME = re.compile(r"""\b(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_LIST_NAME = re.compile(r"(?:^|\s)([.#])([^\s.#=]+)")
_ATTRIBUTE = re.compile(r"(?:^|[\s<])(data-[\w-]+)", re.I)


def _named(attributes: str) -> list[str]:
    """Reserved names in class="…", id="…" and data-* attributes, as HTML and attr_list write them."""
    found: list[str] = []
    for kind, *values in _HTML_NAME.findall(attributes):
        value = next((v for v in values if v), "")
        if kind.lower() == "class":
            found += [f".{c}" for c in value.split() if reserved_class(c)]
        elif reserved_id(value):
            found.append(f"#{value}")
    return found + [a for a in _ATTRIBUTE.findall(attributes) if reserved_attribute(a)]


def reserved_names(line: str) -> list[str]:
    """The site's own classes (.x), ids (#x) and data-pufa-* attributes that a line of a body uses."""
    found: list[str] = []
    for tag in _TAG.findall(line):
        found += _named(tag)
    for attributes in _ATTR_LIST.findall(line):
        found += _named(attributes)
        for mark, name in _LIST_NAME.findall(attributes):
            if reserved_class(name) if mark == "." else reserved_id(name):
                found.append(mark + name)
    return found


def prose_lines(body: str, first_line: int):
    """(line number, text) of lines outside fenced code, with inline code removed."""
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield first_line + offset, _INLINE_CODE.sub("", line)


def check_body(body: str, first_line: int, path: str, is_case: bool) -> list[Problem]:
    if not body.strip():
        return [Problem(path, first_line, "body", "empty-body", msg.empty_body())]
    problems: list[Problem] = []
    headings: set[str] = set()
    for line_no, line in prose_lines(body, first_line):
        for pattern, label in _UNSAFE:
            # a pasted picture (data: URI) is reported by internal_links as a picture to save as a file
            for match in pattern.finditer(_DATA_IMAGE.sub("", line)):
                problems.append(Problem(path, line_no, "body", "unsafe-html",
                                        msg.unsafe_html(label.format(match.group(1).lower()))))
        for name in reserved_names(line):
            problems.append(Problem(path, line_no, "body", "reserved-hook", msg.reserved_hook(name)))
        if PLACEHOLDER in line:
            problems.append(Problem(path, line_no, "body", "placeholder", msg.placeholder(line.strip())))
        heading = _HEADING.match(line)
        if heading:
            if len(heading.group(1)) == 1:
                problems.append(Problem(path, line_no, "body", "body-h1", msg.body_has_h1(), WARNING))
            headings.add(heading.group(2).strip())
    if is_case:
        missing = [_name(section) for section in CASE_SECTIONS if not _present(section, headings)]
        if missing:
            problems.append(Problem(path, first_line, "body", "missing-sections",
                                    msg.missing_sections(missing), WARNING))
    return problems


def _present(section: str | tuple[str, ...], headings: set[str]) -> bool:
    names = (section,) if isinstance(section, str) else section
    return any(name in heading for heading in headings for name in names)


def _name(section: str | tuple[str, ...]) -> str:
    return section if isinstance(section, str) else "/".join(section)

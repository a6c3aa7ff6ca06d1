"""Markdown that renders differently from what the editor sees in Word or WPS.

An unclosed HTML comment hides, and then publishes, everything after it (an error); the
other pitfalls change the page quietly (warnings).
"""

from __future__ import annotations

import re

from .. import messages as msg
from ..problems import WARNING, Problem

SUMMARY_MAX = 150  # characters: a summary is one sentence in a list; the field guide asks for 80

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CODE_SPAN = re.compile(r"`[^`]*`")


def _lines(body: str, first_line: int) -> list[tuple[int, str, bool]]:
    """(file line, text, inside fenced code) for every line of the body."""
    result, fenced = [], False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            result.append((first_line + offset, line, True))
            fenced = not fenced
            continue
        result.append((first_line + offset, line, fenced))
    return result


def check_unclosed_comment(body: str, first_line: int, path: str) -> list[Problem]:
    """`<!-- 待核实…` with no `-->`: Markdown publishes the rest of the page as a hidden comment
    in the HTML, where anyone can read it with “view source”."""
    opened_at = None
    for line_no, line, fenced in _lines(body, first_line):
        if fenced:
            continue
        position = 0
        while True:
            if opened_at is None:
                start = line.find("<!--", position)
                if start < 0:
                    break
                opened_at, position = line_no, start + 4
            end = line.find("-->", position)
            if end < 0:
                break
            opened_at, position = None, end + 3
    if opened_at is None:
        return []
    return [Problem(path, opened_at, "body", "unclosed-comment", msg.unclosed_comment())]


def _cells(row: str) -> int:
    """Cells of a table row: '|' separates them unless escaped (\\|) or inside `code`."""
    text = _CODE_SPAN.sub("x", row.strip())
    text = text.replace("\\|", "x")
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.count("|") + 1


def check_pitfalls(body: str, first_line: int, path: str) -> list[Problem]:
    """Skipped heading levels, table rows wider than their header, indented paragraphs."""
    problems: list[Problem] = []
    lines = _lines(body, first_line)
    level = 1  # the page title (from `title`) is the one level-1 heading
    header_cells = None
    previous, in_list, in_code = "", False, False
    for index, (line_no, line, fenced) in enumerate(lines):
        if fenced:
            previous, header_cells = line, None
            continue
        heading = _HEADING.match(line)
        if heading:
            found = len(heading.group(1))
            if found > level + 1:
                problems.append(Problem(path, line_no, "body", "heading-skip",
                                        msg.heading_skip(level, found), WARNING))
            level = found
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if "|" in line and _TABLE_RULE.match(following) and not header_cells:
            header_cells = _cells(line)
        elif header_cells and "|" in line and not _TABLE_RULE.match(line):
            found = _cells(line)
            if found > header_cells:
                problems.append(Problem(path, line_no, "body", "table-extra-cells",
                                        msg.table_extra_cells(header_cells, found), WARNING))
        elif not line.strip():
            header_cells = None
        if _LIST_ITEM.match(line):
            in_list = True
        elif line.strip() and not line.startswith((" ", "\t")):
            in_list = False
        indented = bool(line.startswith(("    ", "\t")) and line.strip())
        if indented and not previous.strip() and not in_list and not in_code:
            problems.append(Problem(path, line_no, "body", "indented-code", msg.indented_code(), WARNING))
        if line.strip():
            in_code = indented and (in_code or not in_list)  # one message per code box
        previous = line
    return problems


def check_summary_length(summary: str, line: int, path: str) -> list[Problem]:
    if len(summary) <= SUMMARY_MAX:
        return []
    return [Problem(path, line, "summary", "summary-too-long",
                    msg.summary_too_long(len(summary), SUMMARY_MAX), WARNING)]

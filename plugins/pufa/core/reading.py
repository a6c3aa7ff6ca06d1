"""Reading an editor's file: bytes → text → front matter → YAML values with line numbers.

MkDocs silently drops front matter it cannot parse, so pufa parses it itself and keeps the
line of every key, shifted to the line in the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
import yaml

from . import messages as msg
from .problems import Problem

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Decoded:
    text: str | None
    guess: str | None = None


def decode(data: bytes) -> Decoded:
    """UTF-8 text with BOM dropped and CRLF/CR made LF (line numbers do not change)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Decoded(None, _guess_encoding(data))
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"))


def _guess_encoding(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    name = best.encoding.lower()
    if name in {"gb2312", "gbk", "gb18030", "hz"}:
        return "GBK（GB18030）"
    return {"big5": "Big5（繁体）", "utf_16": "UTF-16"}.get(name, best.encoding)


@dataclass(frozen=True)
class FrontMatter:
    yaml_text: str
    first_line: int  # line in the file of the first YAML line
    body: str
    body_line: int  # line in the file where the body starts


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [Problem(path, 1, "front_matter", "no-front-matter", msg.no_front_matter())]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            return FrontMatter(
                yaml_text="\n".join(lines[1:index]),
                first_line=2,
                body="\n".join(lines[index + 1:]),
                body_line=index + 2,
            ), []
    return None, [Problem(path, 1, "front_matter", "unclosed-front-matter",
                          msg.unclosed_front_matter())]


# libyaml's parser when present (several times faster); it reports the same marks
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text so pufa can report impossible ones itself."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Parsed:
    """YAML values plus the file line of every key and list item, by path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    start_line: int = 1

    def line(self, path: Path) -> int:
        """Line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.start_line


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Parsed | None, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, path, first_line)]
    finally:
        loader.dispose()
    parsed_lines: dict[Path, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _collect_lines(node, (), first_line, parsed_lines, problems, path)
    return Parsed(data, parsed_lines, first_line), problems


_FULLWIDTH_KEY = re.compile(r"^\s*-?\s*[A-Za-z_][A-Za-z0-9_]*\s*：")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Problem:
    """Point at the line the editor must change, which is not always where YAML gave up."""
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    hint = None
    if error.context and "flow" in error.context and error.context_mark:
        index = error.context_mark.line  # an unclosed [ or {: the line that opened it
    for candidate in (index, index - 1):
        source = lines[candidate] if 0 <= candidate < len(lines) else ""
        if "\t" in source:
            index, hint = candidate, msg.hint_tab()
            break
        if _FULLWIDTH_KEY.match(source):
            index, hint = candidate, msg.hint_fullwidth_colon()
            break
    problem = error.problem or error.context or ""
    return Problem(path, first_line + index, "front_matter", "yaml-syntax", msg.yaml_syntax(problem, hint))


def _collect_lines(node: yaml.Node, at: Path, offset: int, lines: dict[Path, int],
                   problems: list[Problem], path: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = offset + key_node.start_mark.line
            if key in seen:
                problems.append(Problem(path, line, dotted(at + (key,)), "duplicate-key",
                                        msg.duplicate_key(seen[key])))
            seen[key] = line
            lines[at + (key,)] = line
            _collect_lines(value_node, at + (key,), offset, lines, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[at + (index,)] = offset + item.start_mark.line
            _collect_lines(item, at + (index,), offset, lines, problems, path)


def dotted(at: Path) -> str:
    """('plan', 1, 'due') → 'plan[2].due': list items counted from 1, as editors count."""
    text = ""
    for part in at:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


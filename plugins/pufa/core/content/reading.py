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

from .. import messages as msg
from ..problems import Problem

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


def _int_within_limits(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """YAML's int, or a problem on its line: Python refuses to convert more than 4,300 digits."""
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, "number too long", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _int_within_limits)

# Characters nobody can see that break the site: XML (feeds) refuses C0/C1 controls and
# noncharacters, YAML reads U+0085/U+2028/U+2029 as line breaks, Word pastes U+000B/U+000C.
# Tab and line feed are text; CR was made LF by decode().
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
INVISIBLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")
_PLACEHOLDER_CHAR = "\ufffd"


def character_problems(text: str, path: str, first_line: int = 1, field: str = "body") -> list[Problem]:
    """One problem per line that holds invisible control characters, naming each one."""
    if not INVISIBLE.search(text):  # the common case, in one pass over the whole text
        return []
    problems = []
    for index, line in enumerate(text.split("\n")):
        found = list(dict.fromkeys(INVISIBLE.findall(line)))
        if found:
            problems.append(Problem(path, first_line + index, field, "control-char",
                                    msg.control_chars(found)))
    return problems


MAX_DEPTH = 20  # editors' files nest four or five levels; deeper only exhausts the recursion limit


def _structure_problems(text: str, path: str, first_line: int) -> list[Problem]:
    """Anchors, aliases and deep nesting, found in the event stream before anything is built.

    Aliases are refused rather than expanded: a few hundred bytes of nested aliases
    (“billion laughs”) would otherwise grow to gigabytes when the values are walked.
    """
    problems: list[Problem] = []
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = first_line + event.start_mark.line
            if isinstance(event, yaml.AliasEvent):
                problem = Problem(path, line, "front_matter", "yaml-alias", msg.yaml_alias(event.anchor))
            elif getattr(event, "anchor", None):
                problem = Problem(path, line, "front_matter", "yaml-anchor", msg.yaml_anchor(event.anchor))
            else:
                problem = None
            if problem is not None and problem not in problems:
                problems.append(problem)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(Problem(path, line, "front_matter", "yaml-too-deep",
                                            msg.yaml_too_deep(MAX_DEPTH)))
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # a syntax error is reported, with its line, when the text is composed
    finally:
        loader.dispose()
    return problems


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Parsed | None, list[Problem]]:
    """Values with their lines, or None and the problems that kept the text from being read.

    Invisible characters are reported and read as U+FFFD, so every other problem of the
    file is still found on the right line.
    """
    hidden = character_problems(text, path, first_line, "front_matter")
    if hidden:
        text = INVISIBLE.sub(_PLACEHOLDER_CHAR, text)
    structure = _structure_problems(text, path, first_line)
    if structure:
        return None, hidden + structure
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        return None, hidden + [_syntax_problem(error, text, path, first_line)]
    except yaml.YAMLError as error:  # only marked errors are expected once characters are checked
        problem = Problem(path, first_line, "front_matter", "yaml-syntax", msg.yaml_syntax(str(error), None))
        return None, hidden + [problem]
    finally:
        loader.dispose()
    parsed_lines: dict[Path, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _collect_lines(node, (), first_line, parsed_lines, problems, path)
    if hidden:
        hidden = [with_field(p, parsed_lines) for p in hidden]
    return Parsed(data, parsed_lines, first_line), hidden + problems


def with_field(problem: Problem, lines: dict[Path, int]) -> Problem:
    """Name the field whose value holds the line: the last key that starts on or before it."""
    before = [(line, at) for at, line in lines.items() if line <= problem.line]
    if not before:
        return problem
    _, at = max(before, key=lambda pair: (pair[0], len(pair[1])))
    return Problem(problem.path, problem.line, dotted(at), problem.code, problem.message, problem.severity)


_FULLWIDTH_KEY = re.compile(r"^\s*-?\s*[A-Za-z_][A-Za-z0-9_]*\s*：")
_FULLWIDTH_SPACE = re.compile(r"^\s*-?\s*([A-Za-z_][A-Za-z0-9_]*):\u3000")
_KEY_VALUE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):[ \t]+\S")
_NOT_A_KEY = re.compile(r"^[^\s#:：-][^:：]*$")  # text at the left margin that names no field


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Problem:
    """Point at the line the editor must change, which is not always where YAML gave up."""
    lines = text.split("\n")
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    hint, field = None, "front_matter"
    if error.context and "flow" in error.context and error.context_mark:
        index = error.context_mark.line  # an unclosed [ or {: the line that opened it
    # YAML gives up a line or two after the mistake: the context mark, then the lines above
    candidates = dict.fromkeys([index, *([error.context_mark.line] if error.context_mark else []),
                                index - 1, index - 2])
    for candidate in candidates:
        source = lines[candidate] if 0 <= candidate < len(lines) else ""
        above = lines[candidate - 1] if 0 < candidate <= len(lines) else ""
        if "\t" in source:
            index, hint = candidate, msg.hint_tab()
            break
        if _FULLWIDTH_KEY.match(source):
            index, hint = candidate, msg.hint_fullwidth_colon()
            break
        if full := _FULLWIDTH_SPACE.match(source):
            index, hint, field = candidate, msg.yaml_hint_fullwidth_space(), full.group(1)
            break
        if (key := _KEY_VALUE.match(above)) and _NOT_A_KEY.match(source):
            # `title: 哪些人可以申请` then `法律援助？` at the left margin: a value broken in two
            index, hint, field = candidate - 1, msg.yaml_hint_broken_value(first_line + candidate), key.group(1)
            break
    problem = error.problem or error.context or ""
    return Problem(path, first_line + index, field, "yaml-syntax", msg.yaml_syntax(problem, hint))


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
        # an empty key still gets a name, and invisible characters show as escapes
        name = str(part) if str(part).isprintable() and part != "" else repr(part)
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{name}" if text else name)
    return text


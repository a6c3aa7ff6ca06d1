"""The legal dictionary and synonyms the search is built with.

The dictionary is generated at build time from the content: law titles and their short
forms (中华人民共和国个人信息保护法 → 个人信息保护法), agency names, topic names, case
keywords and every page title. The maintainers' synonym file adds what readers type but
pages do not say: abbreviations (个保法 → 个人信息保护法) and everyday words (辞退).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

from .. import messages as msg
from ..content.catalog import Catalog
from ..content.links import inside, walk_files
from ..problems import Problem
from ..content.reading import decode, dotted, parse_yaml
from .text import fold

_PREFIX = "中华人民共和国"
_TITLE_WORD = re.compile(r"[《》〈〉“”\"'（）()【】\[\]、，,：:\s]+")


def law_short_forms(title: str) -> list[str]:
    """A law title and the forms readers use: without 中华人民共和国 and without its bracketed year."""
    title = title.strip().strip("《》")
    forms = [title]
    if title.startswith(_PREFIX) and len(title) > len(_PREFIX) + 1:
        forms.append(title[len(_PREFIX):])
    bare = re.sub(r"[（(][^）)]*[）)]$", "", forms[-1])
    if bare != forms[-1] and len(bare) >= 2:
        forms.append(bare)
    return forms


def catalog_words(catalog: Catalog) -> list[str]:
    words: list[str] = []
    for law in catalog.laws():
        words += law_short_forms(law.title)
    for agency in catalog.agencies:
        words += [agency.name, agency.short_name]
    words += [t.name for t in catalog.topics]
    for case in catalog.cases:
        words += list(case.keywords)
    return words


def title_words(titles: Iterable[str]) -> list[str]:
    """Law-like page titles (statute pages) and their short forms."""
    words: list[str] = []
    for title in titles:
        for part in _TITLE_WORD.split(title):
            if part.endswith(("法", "法典", "条例", "规定", "办法", "解释", "决定")) and len(part) >= 3:
                words += law_short_forms(part)
    return words


Synonyms = dict[str, tuple[str, ...]]


def load_synonyms(path: Path | None, root: Path) -> tuple[Synonyms, list[Problem]]:
    """Read the synonym file: `说法: 网页上的说法` or `说法: [甲, 乙]`, keys and values folded."""
    if path is None or not path.is_file():
        return {}, []
    rel = path.resolve().relative_to(root.resolve()).as_posix() if path.resolve().is_relative_to(root.resolve()) \
        else path.name
    if path.is_symlink() and not inside(path, root):
        return {}, walk_files(path, root).problems
    decoded = decode(path.read_bytes())
    if decoded.text is None:
        return {}, [Problem(rel, 1, "file", "not-utf8", msg.not_utf8(decoded.guess))]
    # anchors, aliases and invisible characters are refused as in every content file
    parsed, problems = parse_yaml(decoded.text, rel)
    problems = [dataclasses.replace(p, code="search-synonyms-yaml") if p.code == "yaml-syntax" else p
                for p in problems]
    if parsed is None or problems:
        return {}, problems
    data = parsed.data or {}
    if not isinstance(data, dict):
        return {}, [Problem(rel, 1, "synonyms", "search-synonyms-shape",
                            "同义词文件应为“说法: 网页上的说法”的映射，实际不是映射。")]
    synonyms: Synonyms = {}
    problems: list[Problem] = []
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not isinstance(key, str) or not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(Problem(rel, 1, dotted((key,)), "search-synonyms-value",
                                    f"“{key}”的同义词应为文字或文字列表，实际是 {value!r}。"))
            continue
        synonyms[fold(key.strip())] = tuple(fold(v.strip()) for v in values)
    return synonyms, problems


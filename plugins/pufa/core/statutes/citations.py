"""Article citations in running text: 《民法典》第1077条, 刑法第二百六十四条, 本法第三条, 该法第九十六条.

A citation is linked only when its law is known for certain; anything that looks like a
citation of a law the site cannot resolve is returned as unresolved, never linked wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import messages as msg
from ..content.catalog import Catalog, Law, law_key
from ..content.model import Article
from .numerals import CHINESE_NUMBER, chinese_to_int
from ..problems import WARNING, Problem

_ARTICLE = re.compile(rf"第({CHINESE_NUMBER}|\d{{1,4}})条(?:之({CHINESE_NUMBER}|\d))?")
_TAIL = re.compile(rf"(?:第(?:{CHINESE_NUMBER}|\d{{1,3}})款)?(?:第(?:{CHINESE_NUMBER}|\d{{1,3}})项)?")
_SELF = ("本法", "本条例", "本规定", "本解释", "本办法", "本细则", "本决定", "本编", "本典")
_ANAPHORA = ("该法", "此法", "同法", "该条例", "该解释", "该规定", "该办法")
_LAW_LIKE = re.compile(r"(法|法典|条例|规定|办法|解释|决定|细则|规则|章程)(（[^）]*）)?$")
# what may stand right before a bare law name (依照刑法第…, 、民法典第…); any other Chinese
# character may be the start of a longer name the site does not know (劳动合同法 vs 合同法)
_BEFORE_BARE = set("据照按依反与和及或的是在即了对、，。；：“”\"'（(》 \n\t")
_PROTECTED = re.compile(
    # code, links, tags, attribute lists, headings and the bold label that starts an article
    r"```.*?```|~~~.*?~~~|`[^`\n]*`|!?\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]+>|\{:[^}\n]*\}|^#{1,6} [^\n]*$"
    r"|^\*\*第[^*\n]{1,16}\*\*",
    re.S | re.M)


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    law: str | None  # law key; None when unresolved
    article: Article
    name: str  # how the text named the law


@dataclass(frozen=True)
class Target:
    src_uri: str
    anchor: str
    preview: str


def _article(match: re.Match) -> Article | None:
    number = chinese_to_int(match.group(1))
    sub = chinese_to_int(match.group(2)) if match.group(2) else 0
    return Article(number, sub or 0) if number else None


class CitationIndex:
    """Law names (titles, titles without 中华人民共和国, short names) → laws of the catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.laws: dict[str, Law] = catalog.laws_by_key
        self.names: dict[str, str] = {}
        for key, law in self.laws.items():
            for name in (law.title, law.title.removeprefix("中华人民共和国"), key, *law.short_names):
                self.names.setdefault(name, key)
        self.lengths = sorted({len(n) for n in self.names}, reverse=True)

    def key_of(self, name: str) -> str | None:
        name = name.strip()
        return self.names.get(name) or (law_key(name) if law_key(name) in self.laws else None)

    def bare_name_before(self, text: str, end: int) -> tuple[str, str] | None:
        for length in self.lengths:
            start = end - length
            if start < 0:
                continue
            name = text[start:end]
            if name in self.names and (start == 0 or text[start - 1] in _BEFORE_BARE):
                return name, self.names[name]
        return None

    def target(self, key: str, article: Article) -> Target | None:
        """Where a citation goes: the article in the text in force, or the law page if no text."""
        law = self.laws[key]
        if not law.texts:
            return Target(law.src_uri, "", f"《{law.title}》")
        found = law.find_article(article)
        if found is None:
            return None
        text, item = found
        preview = re.sub(r"\s+", " ", item.text)
        return Target(text.src_uri, article.anchor, preview if len(preview) <= 160 else preview[:159] + "…")


def _law_mentions(text: str, index: CitationIndex) -> list[tuple[int, str]]:
    """(end offset, law key) of every 《known law》, which puts that law in scope."""
    return [(m.end(), key) for m in re.finditer(r"《([^》\n]{2,60})》", text)
            if (key := index.key_of(m.group(1)))]


def find_citations(text: str, index: CitationIndex, scope: str | None = None,
                   declared: dict[Article, str] | None = None) -> list[Citation]:
    """Citations in order; `scope` is the law key that 本法 means (inside a statute).

    A bare 第N条 refers to the law last cited or named (《…》) earlier in the same
    paragraph; failing that, to the law whose article the page declares in its metadata
    (`declared`, article → law key); otherwise to nothing.
    """
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    mentions = _law_mentions(text, index)
    found: list[Citation] = []
    last: Citation | None = None
    for match in _ARTICLE.finditer(text):
        if any(s <= match.start() < e for s, e in protected):
            continue
        article = _article(match)
        if article is None:
            continue
        start, before = match.start(), text[max(0, match.start() - 60):match.start()]
        citation = None
        if before.endswith("》") and "《" in before:
            name = before[before.rindex("《") + 1:-1]
            key = index.key_of(name)
            if key or _LAW_LIKE.search(name):
                citation = Citation(start - len(name) - 2, match.end(), key, article, name)
        elif bare := index.bare_name_before(text, start):
            citation = Citation(start - len(bare[0]), match.end(), bare[1], article, bare[0])
        elif (word := next((w for w in _SELF if before.endswith(w)), None)) is not None:
            citation = Citation(start - len(word), match.end(), scope, article, word)
        elif (word := next((w for w in _ANAPHORA if before.endswith(w)), None)) is not None:
            citation = Citation(start - len(word), match.end(), last.law if last else None, article, word)
        elif (key := _in_scope(text, start, last, mentions) or (declared or {}).get(article)) is not None:
            citation = Citation(start, match.end(), key, article, "")
        if citation is None:
            continue
        tail = _TAIL.match(text, citation.end)
        citation = Citation(citation.start, tail.end(), citation.law, citation.article, citation.name)
        found.append(citation)
        if citation.law is not None:
            last = citation
    return found


def _in_scope(text: str, start: int, last: Citation | None, mentions: list[tuple[int, str]]) -> str | None:
    """The law a bare 第N条 at `start` refers to: the latest citation or mention in its paragraph."""
    paragraph = text.rfind("\n\n", 0, start)
    candidates = [(end, key) for end, key in mentions if paragraph < end <= start]
    if last is not None and paragraph < last.end <= start:
        candidates.append((last.end, last.law))
    return max(candidates)[1] if candidates else None


def declared_articles(refs) -> dict[Article, str]:
    """Article → law key for the articles a document's metadata names, when only one law names it."""
    owners: dict[Article, set[str]] = {}
    for ref in refs:
        for article in ref.articles:
            owners.setdefault(article, set()).add(law_key(ref.law))
    return {article: keys.pop() for article, keys in owners.items() if len(keys) == 1}


def link_citations(text: str, index: CitationIndex, from_src: str, href, scope: str | None = None,
                   declared: dict[Article, str] | None = None) -> tuple[str, list[tuple[int, Citation]]]:
    """Markdown with resolvable citations linked, and (offset, citation) of the unresolved ones.

    `href(from_src, to_src, anchor)` makes the relative link; links carry the article text as
    their title, which the page script shows as a preview on hover and tap.
    """
    out: list[str] = []
    unresolved: list[tuple[int, Citation]] = []
    position = 0
    for citation in find_citations(text, index, scope, declared):
        target = index.target(citation.law, citation.article) if citation.law else None
        if target is None:
            if citation.name not in _SELF:
                unresolved.append((citation.start, citation))
            continue
        label = text[citation.start:citation.end]
        title = target.preview.replace('"', "”")
        out.append(text[position:citation.start])
        url = f"#{target.anchor}" if target.src_uri == from_src else href(from_src, target.src_uri, target.anchor)
        out.append(f'[{label}]({url} "{title}"){{: .pufa-cite }}')
        position = citation.end
    out.append(text[position:])
    return "".join(out), unresolved


def check_citations(catalog: Catalog) -> list[Problem]:
    """Warnings for citations in explainers and cases that cannot be linked, with file and line."""
    index = CitationIndex(catalog)
    problems = []
    for document in (*catalog.explainers, *catalog.cases):
        for citation in find_citations(document.body, index, declared=declared_articles(document.law_refs)):
            if citation.name in _SELF:
                continue
            law = index.laws.get(citation.law) if citation.law else None
            if law is not None and index.target(law.key, citation.article) is not None:
                continue
            quoted = document.body[citation.start:citation.end]
            if citation.name in _ANAPHORA:
                message = msg.citation_no_antecedent(quoted)
            elif law is None:
                message = msg.citation_unknown_law(quoted, citation.name)
            else:
                message = msg.citation_unknown_article(quoted, law.title, citation.article.label)
            line = document.body_line + document.body.count("\n", 0, citation.start)
            problems.append(Problem(document.path, line, "body", "unresolved-citation", message, WARNING))
    return problems

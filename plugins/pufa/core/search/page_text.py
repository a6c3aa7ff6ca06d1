"""What a rendered page shows, as text for the index: headings, summary, metadata panel, body blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCKS = {"p", "li", "dt", "dd", "td", "th", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
           "div", "section", "aside", "table", "tr", "ul", "ol", "dl", "figcaption", "br"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "template", "svg", "button"}
# listings of other pages (titles, summaries, dates) would make every index page match its items
# and the metadata toggle's words (法律依据与发布信息) are on every explainer and case
_SKIP_CLASSES = {"headerlink", "pufa-list", "pufa-item-meta", "pufa-tiles", "pufa-meta__toggle"}
_SPACE = re.compile(r"\s+")
ARTICLE_ID = re.compile(r"^art-\d+(?:-\d+)?$")


@dataclass
class Block:
    """A run of text between block boundaries; `anchor` is the nearest id at or before it."""

    text: str
    heading: int = 0  # 1..6 for headings
    role: str = "body"  # body, summary or meta
    anchor: str = ""
    articles: list[str] = field(default_factory=list)  # art-* ids that start inside this block


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._heading = 0
        self._skipping: list[str] = []  # tags of the open elements whose text is not indexed
        self._roles: list[tuple[str, str]] = []  # (tag, role) of open summary/meta elements
        self._anchor = ""
        self._articles: list[str] = []

    def updatepos(self, i: int, j: int) -> int:
        # the parser counts lines and columns for getpos(), which nothing here asks for
        return j

    def _flush(self) -> None:
        if not self._text:
            return
        joined = "".join(self._text)
        self._text = []
        if joined.isspace():  # the line breaks between block tags (str.isspace is re's \s and strip's)
            return
        text = _SPACE.sub(" ", joined).strip()
        if text:
            role = self._roles[-1][1] if self._roles else "body"
            self.blocks.append(Block(text, self._heading, role, self._anchor, self._articles))
            self._articles = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.append(tag)
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in _SKIP or (classes and not _SKIP_CLASSES.isdisjoint(classes)):
            self._skipping.append(tag)
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _HEADINGS:
            self._heading = int(tag[1])
        if "pufa-summary" in classes:
            self._roles.append((tag, "summary"))
        elif "data-pufa-meta" in attributes or "pufa-meta" in classes:
            self._roles.append((tag, "meta"))
        element_id = attributes.get("id")
        if element_id:
            self._anchor = element_id
            if ARTICLE_ID.match(element_id):
                self._articles.append(element_id)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in _HEADINGS:
            self._heading = 0
        if self._roles and self._roles[-1][0] == tag:
            self._roles.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._text.append(data)


def read_blocks(html: str) -> list[Block]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._flush()
    return reader.blocks

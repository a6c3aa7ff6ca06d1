"""Defence in depth: page HTML built from editors' Markdown never carries script.

`pufa check` already rejects unsafe HTML with file and line; this removes anything that
slips past it (e.g. HTML produced by a Markdown extension) before a reader sees it.

Inside an editor's body (between the markers of `BodyMarkers`) it also removes the classes,
ids and `data-pufa-*` attributes that the site's own scripts and stylesheets act on: a body
must not be able to pose as a kiosk overlay, a metadata panel or the search box.
"""

from __future__ import annotations

import re
import secrets

import nh3

from ..core.content.reserved import reserved_class, reserved_id

_TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "datetime"}
_ATTRIBUTES["a"] = _ATTRIBUTES["a"] | {"title"}
_ATTRIBUTES["img"] = _ATTRIBUTES["img"] | {"loading", "title"}
# Markdown tables align columns with style="text-align: …" (the CSP allows those values by hash);
# any other style could lay content over the page
for _cell in ("td", "th"):
    _ATTRIBUTES[_cell] = _ATTRIBUTES.get(_cell, set()) | {"style"}
_ALIGN = re.compile(r"text-align: (?:left|right|center);")

def _only_alignment(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        return value if _ALIGN.fullmatch(value) else None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, generic_attribute_prefixes={"data-pufa"},
                     clean_content_tags={"script", "style"}, link_rel=None, attribute_filter=_only_alignment)


def _strip_reserved(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        return _only_alignment(tag, attribute, value)
    if attribute == "class":
        kept = [c for c in value.split() if not reserved_class(c)]
        return " ".join(kept) or None
    if attribute == "id" and reserved_id(value):
        return None
    return value


def sanitize_body(html: str) -> str:
    """An editor's body: as sanitize_html, and without the site's reserved classes, ids and hooks."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, clean_content_tags={"script", "style"},
                     link_rel=None, attribute_filter=_strip_reserved)


class BodyMarkers:
    """Comments that enclose an editor's body in a generated page, so the rendered page can be
    sanitised strictly there and leniently around it (where pufa's own hooks are).

    The token is random per build: a body cannot write the closing marker and leave the region.
    """

    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_hex(12)
        self.start = f"<!-- pufa-body-start {self.token} -->"
        self.end = f"<!-- pufa-body-end {self.token} -->"

    def wrap(self, markdown: str) -> str:
        return f"\n\n{self.start}\n\n{markdown}\n\n{self.end}\n\n"

    def sanitize_page(self, html: str) -> str:
        """The rendered page: bodies sanitised strictly, the rest as sanitize_html, markers gone."""
        out: list[str] = []
        rest = html
        while True:
            start = rest.find(self.start)
            if start < 0:
                out.append(sanitize_html(rest))
                return "".join(out)
            end = rest.find(self.end, start)
            end = len(rest) if end < 0 else end
            out.append(sanitize_html(rest[:start]))
            out.append(sanitize_body(rest[start + len(self.start):end]))
            rest = rest[end + len(self.end):]

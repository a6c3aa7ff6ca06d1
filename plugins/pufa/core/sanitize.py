"""Defence in depth: page HTML built from editors' Markdown never carries script.

`pufa check` already rejects unsafe HTML with file and line; this removes anything that
slips past it (e.g. HTML produced by a Markdown extension) before a reader sees it.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "datetime"}
_ATTRIBUTES["a"] = _ATTRIBUTES["a"] | {"title"}
_ATTRIBUTES["img"] = _ATTRIBUTES["img"] | {"loading", "title"}


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, generic_attribute_prefixes={"data-pufa"},
                     clean_content_tags={"script", "style"}, link_rel=None)

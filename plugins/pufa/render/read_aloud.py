"""The marker that turns on read-aloud.js on a page (its <head>, which content cannot reach)."""

from __future__ import annotations

MARK = '<meta name="pufa-read-aloud" content="">'


def mark_readable(page_html: str) -> str:
    at = page_html.find("</head>")
    return page_html if at < 0 else page_html[:at] + MARK + page_html[at:]

"""QR codes made at build time with segno, so a reader can take a page home on a phone."""

from __future__ import annotations

import functools
import hashlib
import html
import json

import segno

QR_FOLDER = "assets/pufa/qr"
QR_INDEX = "index.json"  # address → file, read by kiosk.js for the address it computed itself


def _make(url: str) -> segno.QRCode:
    # A fixed mask: scoring all eight costs about four times the encoding, seconds on a large statute
    # library, and any mask reads fine on a screen (the browser tests decode what is shown).
    return segno.make(url, error="m", micro=False, mask=1, boost_error=False)


@functools.lru_cache(maxsize=None)  # `mkdocs serve` rebuilds every page's code on each save otherwise
def qr_svg(url: str, label: str) -> str:
    """An inline SVG of the URL's QR code that scales to its box; `label` is its accessible name."""
    code = _make(url)
    svg = code.svg_inline(scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True,
                          svgclass="pufa-qr__code", lineclass=None)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def qr_file_svg(url: str) -> str:
    """A standalone SVG document of the URL's QR code (for links that leave the site)."""
    return _make(url).svg_inline(
        scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True, lineclass=None
    ).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)


def qr_file_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16] + ".svg"


def qr_index(urls: set[str]) -> str:
    return json.dumps({url: qr_file_name(url) for url in sorted(urls)}, ensure_ascii=False, indent=0)

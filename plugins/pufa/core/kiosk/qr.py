"""QR codes made at build time with segno, so a reader can take a page home on a phone."""

from __future__ import annotations

import functools
import hashlib
import html
import ipaddress
import json
import re
from urllib.parse import urlsplit

import segno
from segno import consts

QR_FOLDER = "assets/pufa/qr"
QR_INDEX = "index.json"  # address → file, read by kiosk.js for the address it computed itself


BORDER = 2  # quiet zone in modules; the page around the code is white too
PX_PER_MODULE = 3  # a phone reads a code on a screen reliably from about 3 CSS px per module
MIN_PX = 104

# Percent-encoded Chinese (%E5%9B%BD…) is all QR "alphanumeric" characters, 5.5 bits each instead of
# 8: a statute's address shrinks by about a quarter, often several versions.
_ALPHANUMERIC_RUN = re.compile(r"[0-9A-Z $%*+\-./:]{12,}")


def _segments(url: str) -> list[tuple[str, int]]:
    parts: list[tuple[str, int]] = []
    at = 0
    for run in _ALPHANUMERIC_RUN.finditer(url):
        if run.start() > at:
            parts.append((url[at:run.start()], consts.MODE_BYTE))
        parts.append((run.group(), consts.MODE_ALPHANUMERIC))
        at = run.end()
    if at < len(url):
        parts.append((url[at:], consts.MODE_BYTE))
    return parts


def _make(url: str) -> segno.QRCode:
    # A fixed mask: scoring all eight costs about four times the encoding, seconds on a large statute
    # library, and any mask reads fine on a screen (the census test decodes every page's code).
    # Level L, raised where the version allows: a screen is not scratched or stained as paper is,
    # and fewer modules read better from afar than more redundancy does.
    return segno.make(_segments(url), error="l", micro=False, mask=1, boost_error=True)


def qr_px(url: str) -> int:
    """CSS px of the code's side, quiet zone included: at least PX_PER_MODULE for each module."""
    return _side(_make(url))


def _side(code: segno.QRCode) -> int:
    return max(MIN_PX, code.symbol_size(border=BORDER)[0] * PX_PER_MODULE)


@functools.lru_cache(maxsize=None)  # `mkdocs serve` rebuilds every page's code on each save otherwise
def qr_svg(url: str, label: str) -> str:
    """An inline SVG of the URL's QR code, sized by its module count; `label` is its accessible name."""
    code = _make(url)
    svg = code.svg_inline(scale=1, border=BORDER, dark="#000000", light="#ffffff", omitsize=True,
                          svgclass="pufa-qr__code", lineclass=None)
    side = _side(code)  # not qr_px(url): encoding is most of the cost, once is enough
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" '
                                f'width="{side}" height="{side}" ', 1)


def qr_file_svg(url: str) -> str:
    """A standalone SVG document of the URL's QR code (for links that leave the site)."""
    return _make(url).svg_inline(
        scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True, lineclass=None
    ).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)


def qr_file_name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16] + ".svg"


def qr_index(urls: set[str]) -> str:
    return json.dumps({url: qr_file_name(url) for url in sorted(urls)}, ensure_ascii=False, indent=0)


def points_nowhere(site_url: str | None) -> bool:
    """True when a phone that scans the codes could not reach the address: none, or this machine."""
    if not site_url:
        return True
    host = (urlsplit(site_url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_link_local

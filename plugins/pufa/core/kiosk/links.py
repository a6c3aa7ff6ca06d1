"""Links a kiosk must not open, and the address each one is offered as (with a QR code).

A kiosk opens the site's pages and nothing else. kiosk.js decides at the tap, from the link's
real target as the browser resolved it: another site, a file of this site that is not a page
(feeds, .ics, JSON …) or another program (mailto:, tel: …) is shown as an address and a QR
code. The QR codes are made here at build time, keyed by the same address the script
computes, so neither the address nor the code can come from the content's own text.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

# another program on the reader's phone can handle these; a QR code of them is useful
PHONE_SCHEMES = frozenset({"mailto", "tel", "sms", "webcal"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL = "http://pufa.invalid/"  # stands for the site root while resolving relative links
_PATH_SAFE = "/%:@!$&'()*+,;=-._~[]|^"
# a regex, not an HTML parser: it reads every page of a large site (Markdown, nh3 and the
# theme all write attributes in double quotes)
_HREF = re.compile(r'<(?:a|area)\s[^>]*?\bhref="([^"]*)"', re.IGNORECASE)
_OPAQUE_SAFE = "!#$%&'()*+,-./:;=?@[]^_`{|}~"


_EXTENSION = re.compile(r"\.[^./]+$")
_PAGE_FILE = re.compile(r"\.html?$", re.IGNORECASE)


def is_file_path(path: str) -> bool:
    """A path of this site that is a file rather than a page: feeds, .ics, JSON, images …"""
    last = path.rsplit("/", 1)[-1]
    return bool(_EXTENSION.search(last)) and not _PAGE_FILE.search(last)


def normalize(url: str) -> str:
    """The URL as a browser's `link.href` gives it, without the fragment (kiosk.js's key)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return quote(url.strip(), safe=_OPAQUE_SAFE)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host + (f":{port}" if port and port != _DEFAULT_PORTS[scheme] else "")
    if parts.username is not None:
        netloc = quote(parts.username, safe="") + (
            ":" + quote(parts.password, safe="") if parts.password else "") + "@" + netloc
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "?")
    return urlunsplit((scheme, netloc, path, query, ""))


def offered_address(href: str, page_url: str, site_url: str | None) -> str | None:
    """The address a kiosk shows (and encodes as a QR code) for a link instead of opening it.

    None for links the kiosk opens (the site's pages) and for links it only refuses
    (javascript:, data:, file: … and the site's files when there is no site_url).
    """
    href = href.strip()
    scheme = urlsplit(href).scheme.lower()
    if scheme in PHONE_SCHEMES or scheme in _DEFAULT_PORTS:
        return normalize(href)
    if scheme or not site_url:
        return None
    if not is_file_path(href.split("#", 1)[0].split("?", 1)[0]):
        return None  # most links: the site's pages (this check first keeps decorating a large page cheap)
    resolved = urljoin(_LOCAL + page_url, href)
    if not resolved.startswith(_LOCAL) or not is_file_path(urlsplit(resolved).path):
        return None
    relative = urlsplit(resolved)._replace(fragment="").geturl()[len(_LOCAL):]
    return normalize(urljoin(site_url if site_url.endswith("/") else site_url + "/", relative))


def offered_addresses(page_html: str, page_url: str, site_url: str | None) -> set[str]:
    """Every address on a page a kiosk offers as a QR code rather than opening."""
    found = (offered_address(html.unescape(href), page_url, site_url) for href in _HREF.findall(page_html))
    return {address for address in found if address}

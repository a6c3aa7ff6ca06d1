"""`pufa nginx-config`: the nginx server block for one built site, its address path and CSP hashes."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.I)
# nginx reads these between directive words; a path holding them would end the directive early
_NGINX_UNSAFE = re.compile(r"""[\s;{}"'\\$#]""")


@dataclass(frozen=True)
class InlineCode:
    """What a CSP without 'unsafe-inline' must allow by hash: inline scripts and style attributes."""

    scripts: frozenset[str]
    styles: frozenset[str]


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_code(pages: Iterable[str]) -> InlineCode:
    """The CSP hashes of every inline script (not JSON data) and style attribute in `pages` (HTML).

    Attribute values are hashed as the browser sees them: the built pages write `style` values
    without entities, which is what the regular expression takes.
    """
    scripts, styles = set(), set()
    for html in pages:
        for attributes, body in _SCRIPT.findall(html):
            if "src=" not in attributes and "application/json" not in attributes:
                scripts.add(csp_hash(body))
        styles |= {csp_hash(double or single) for double, single in _STYLE_ATTRIBUTE.findall(html)}
    return InlineCode(frozenset(scripts), frozenset(styles))


def read_site(site: Path) -> InlineCode:
    return inline_code(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*.html")))


def safe_nginx_word(text: str) -> bool:
    return bool(text) and not _NGINX_UNSAFE.search(text)


def nginx_config(path: str, root: str, code: InlineCode, listen: str = "80", server_name: str = "_") -> str:
    """The server block: the site's files at `root` served at the address path `path` (`/`, `/pufa/`)."""
    template = (files("pufa") / "templates" / "nginx" / "pufa.conf").read_text(encoding="utf-8")
    styles = ["'unsafe-hashes'", *sorted(code.styles)] if code.styles else []
    outside = "" if path == "/" else (
        "    # the site lives under its path; anything else on this server is the site's 404\n"
        "    location / {\n        return 404;\n    }\n")
    values = {
        "@LISTEN@": listen,
        "@SERVER_NAME@": server_name,
        "@SCRIPT_HASHES@": " ".join(sorted(code.scripts)),
        "@STYLE_HASHES@": " ".join(styles),
        "@ROOT@": root.rstrip("/"),
        "@OUTSIDE@": outside,
        "@PATH@": path,
    }
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return re.sub(r" +;", ";", template)  # no hashes: `script-src 'self';`

"""HTML that pufa renders itself, carried in a page's Markdown as it is and kept out of Markdown's way.

The calendar's month views and lists are large finished HTML; parsing them as Markdown's raw
HTML was half of a rebuild's Markdown time. `html_block` wraps such a fragment in two marker
lines; the `pufa.render.raw_html` Markdown extension (enabled by pufa/content) puts it in
Markdown's own store for raw HTML, from which Markdown puts it back unparsed. So the page's
HTML is complete when Markdown returns, before any plugin's on_page_content, with no
hand-over between plugins. Without the extension Markdown would still render the fragment,
only slower. Links in the fragment are resolved here, as MkDocs resolves Markdown links.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import quote, unquote

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..core.routes import Routes

START = "<!-- pufa:html -->"
END = "<!-- /pufa:html -->"
# relative links: no scheme, not from the root, not only an anchor
_RELATIVE_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]+)(#[^"]*)?"')


def page_href(routes: Routes, from_src: str, target: str, anchor: str = "") -> str:
    """The relative address of a site file or page (`target`, a src_uri) from the page of `from_src`."""
    path = routes.path(target)
    folder = posixpath.dirname(routes.path(from_src)) or "."
    relative = posixpath.relpath(path or ".", folder)
    if path == "" or path.endswith("/"):  # MkDocs keeps the slash of directory addresses
        relative = "./" if relative == "." else relative + "/"
    return quote(relative) + (f"#{anchor}" if anchor else "")


def resolve_links(fragment: str, from_src: str, routes: Routes) -> str:
    """`fragment` with its relative links to `.md` sources and other files as the pages' addresses."""

    def link(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), unquote(match[1])))
        anchor = (match[2] or "#")[1:]
        return f'href="{html.escape(page_href(routes, from_src, target, anchor))}"'

    return _RELATIVE_HREF.sub(link, fragment)


_HREF = re.compile(r'href="([^"]*)"')


def html_fragments(markdown: str) -> list[str]:
    """The finished HTML blocks (see html_block) in a page's Markdown."""
    return re.findall(re.escape(START) + r"\n(.*?)\n" + re.escape(END), markdown, re.S)


def missing_targets(page_html: str, page_url: str, site_urls: set[str]) -> list[str]:
    """The relative links in `page_html` (the page at `page_url`) to no page or file of the site.

    Markdown links are checked by MkDocs; the links of a finished HTML block are not, so the
    calendar asks this of its blocks. `site_urls` holds every file's address (a page's `url`, as
    MkDocs writes it, and every file's `dest_uri`).
    """
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    missing = []
    for raw in _HREF.findall(page_html):
        link = html.unescape(raw)
        if not link or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?", link):
            continue
        path = unquote(link.split("#", 1)[0].split("?", 1)[0])
        target = posixpath.normpath(posixpath.join(folder, path))
        target = "" if target == "." else target
        if not {target, target + "/", target + "/index.html"} & site_urls:
            missing.append(link)
    return missing


def html_block(fragment: str, from_src: str, routes: Routes) -> str:
    """Markdown for a finished HTML fragment on the page of `from_src`, passed through unparsed."""
    return f"\n\n{START}\n{resolve_links(fragment, from_src, routes)}\n{END}\n\n"


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if START not in lines:
            return lines
        out: list[str] = []
        at = 0
        while at < len(lines):
            if lines[at] != START:
                out.append(lines[at])
                at += 1
                continue
            try:
                end = lines.index(END, at + 1)
            except ValueError:  # no end marker: left to Markdown as written
                out.extend(lines[at:])
                break
            out += ["", self.md.htmlStash.store("\n".join(lines[at + 1:end])), ""]
            at = end + 1
        return out


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after whitespace normalisation (30), before raw HTML blocks are parsed (20)
        md.preprocessors.register(_Stash(md), "pufa_raw_html", 25)


def makeExtension(**kwargs) -> RawHtmlExtension:  # noqa: N802 (Markdown's name)
    return RawHtmlExtension(**kwargs)

"""Links and pictures in explainers and cases that lead nowhere, reported on the content file's line.

MkDocs names only the generated page (and never checks an absolute `/laws/…` link), so the
editor could not find the line to fix. A link resolves the way MkDocs and the browser
resolve it: relative to the page's source (`../../cases/moj/x.md`, `../../images/a.png`),
relative to the page's address (`../x/`), or from the site root (`/laws/moj/x/`).
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import unquote

from .. import messages as msg
from .. import routes
from ..problems import Problem
from ..routes import Routes
from .body import prose_lines
from .schema import document_schemas
from .catalog import Catalog
from .images import FOLDER, Image
from .model import Document

_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(([^)\n]*)\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*(\S+)")
_HTML = re.compile(r"<(img|a)\b([^>]*)>", re.I)
_HTML_TARGET = re.compile(r"""\b(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_LOCAL = re.compile(r"^(?:file:|[a-zA-Z]:[\\/]|\\\\|/(?:Users|home)/)", re.I)
_INDEXES = (routes.HOME, routes.AGENCIES, routes.TOPICS, routes.EXPLAINERS, routes.CASES, routes.STATUTES,
            routes.CONSULTATIONS, routes.REPORT, routes.CALENDAR, routes.CALENDAR_FEED, routes.CALENDAR_GUIDE,
            routes.FEEDS, routes.SEARCH, routes.KIOSK, routes.GUIDE, routes.FIELD_GUIDE)


@dataclass(frozen=True)
class PageSource:
    """The body of an explainer or case that did not make it into the catalog (an error in its
    metadata): its links are still checked, so one run reports them with the metadata's errors."""

    path: str
    src_uri: str
    body: str
    body_line: int


@dataclass(frozen=True)
class Link:
    line: int
    target: str
    image: bool
    alt: str | None  # images only: None when an <img> has no alt attribute


def find_links(body: str, first_line: int) -> list[Link]:
    """Every link and picture of a body outside code, in Markdown or HTML."""
    found = []
    for line_no, line in prose_lines(body, first_line):
        for match in _MD_LINK.finditer(line):
            found.append(Link(line_no, _target(match.group(3)), bool(match.group(1)), match.group(2)))
        reference = _REFERENCE.match(line)
        if reference:
            found.append(Link(line_no, reference.group(1).strip("<>"), False, None))
        for tag, attributes in _HTML.findall(line):
            target = _HTML_TARGET.search(attributes)
            if target is None:
                continue
            alt = _HTML_ALT.search(attributes)
            alt_text = next((v for v in alt.groups() if v is not None), "") if alt else None
            found.append(Link(line_no, next(v for v in target.groups()[1:] if v is not None),
                              tag.lower() == "img", alt_text))
    return found


def _target(inside: str) -> str:
    """The address of `[text](address "title")`: a Windows path may hold spaces, a title follows one."""
    text = inside.strip()
    if text.startswith("<") and ">" in text:
        return text[1:text.index(">")]
    for quote in (' "', " '"):
        if quote in text:
            text = text[:text.index(quote)]
    return text.strip()


class SiteMap:
    """What a link may lead to: every page the site generates, the hand-written pages and files
    of docs/, and the pictures of content/images/."""

    def __init__(self, catalog: Catalog, site_files: Iterable[str], images: Iterable[Image],
                 pending: Iterable[str] = ()) -> None:
        # pending: pages of files that have errors this run; links to them are not broken
        pages = {d.src_uri for d in (*catalog.explainers, *catalog.cases)} | set(pending)
        for agency in catalog.agencies:
            pages |= agency_pages(agency.id)
        for topic in catalog.topics:
            pages |= topic_pages(topic.id)
        pages |= {f"{routes.FEEDS_DIR}/{name}" for name in routes.FEED_FILES}
        pages |= {f"schema/{name}" for name in document_schemas()}
        for law in catalog.laws():
            pages |= {law.src_uri, *(t.src_uri for t in law.texts)}
        self.sources = pages | set(_INDEXES) | set(site_files) | {i.src_uri for i in images}
        self.addresses: dict[str, str] = {}  # address without slashes or index.html → source
        for src in self.sources:
            for form in (Routes(True).path(src), Routes(False).path(src)):
                self.addresses.setdefault(_address_key(form), src)

    def resolves(self, page_src: str, path: str) -> bool:
        if path.startswith("/"):
            return _address_key(path) in self.addresses
        from_source = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
        if from_source in self.sources:
            return True
        if path.endswith(".md"):
            return False  # MkDocs resolves .md links from the source only
        from_address = posixpath.normpath(posixpath.join(Routes(True).path(page_src), path))
        return not from_address.startswith("..") and _address_key(from_address) in self.addresses

    def closest(self, page_src: str, path: str, image: bool) -> str | None:
        """The existing address most like `path`, written the way the editor wrote it."""
        wanted_images = image or path.startswith(f"{FOLDER}/") or f"/{FOLDER}/" in path
        pool = [s for s in self.sources if s.startswith(f"{FOLDER}/") == wanted_images]
        if path.startswith("/"):
            candidates = {"/" + Routes(True).path(s): s for s in pool}
            match = difflib.get_close_matches(path, list(candidates), n=1, cutoff=0.5)
            return match[0] if match else None
        folder = posixpath.dirname(page_src)
        wanted = posixpath.normpath(posixpath.join(folder, path))
        match = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.5)
        return posixpath.relpath(match[0], folder) if match else None


def agency_pages(agency_id: str) -> set[str]:
    """The pages and files an agency's file gives the site."""
    feeds = {f"{routes.agency_feeds(agency_id)}/{name}" for name in routes.FEED_FILES}
    return {routes.agency_src(agency_id), routes.report_src(agency_id), routes.calendar_src(agency_id),
            routes.calendar_feed_src(agency_id), *feeds}


def topic_pages(topic_id: str) -> set[str]:
    return {routes.topic_src(topic_id), *(f"{routes.topic_feeds(topic_id)}/{name}" for name in routes.FEED_FILES)}


def _address_key(address: str) -> str:
    address = address.lstrip("/")
    if address.endswith("index.html"):
        address = address[: -len("index.html")]
    return address.rstrip("/")


def check_document_links(document: Document | PageSource, site: SiteMap) -> list[Problem]:
    problems = []
    for link in find_links(document.body, document.body_line):
        problem = _link_problem(link, document.src_uri, site)
        if problem is not None:
            code, message = problem
            problems.append(Problem(document.path, link.line, "body", code, message))
        if link.image and not (link.alt or "").strip():
            problems.append(Problem(document.path, link.line, "body", "image-no-alt", msg.image_no_alt()))
    return problems


def _link_problem(link: Link, page_src: str, site: SiteMap) -> tuple[str, str] | None:
    target = html.unescape(link.target)  # what the browser follows: jav&#x61;script: is javascript:
    if _LOCAL.match(target):
        return "local-path", msg.local_path(target, link.image)
    if target.lower().startswith("data:"):
        return ("image-data-uri", msg.image_data_uri()) if link.image else None  # a data: link: unsafe-html
    if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path or site.resolves(page_src, path):
        return None
    if ".assets/" in path:
        return "typora-assets", msg.typora_assets(target)
    suggestion = site.closest(page_src, path, link.image)
    if link.image:
        return "broken-image", msg.broken_image(target, suggestion)
    return "broken-link", msg.broken_link(target, suggestion)


def check_links(catalog: Catalog, site_files: Iterable[str], images: Iterable[Image],
                pending: Iterable[str] = (), unbuilt: Iterable[PageSource] = ()) -> list[Problem]:
    """Every link and picture of every explainer and case that leads nowhere (errors).

    With errors elsewhere the catalog is partial: `pending` are the pages the files with errors
    will have, `unbuilt` the bodies of explainers and cases left out for an error of their own."""
    site = SiteMap(catalog, site_files, images, pending)
    return [p for d in (*catalog.explainers, *catalog.cases, *unbuilt) for p in check_document_links(d, site)]

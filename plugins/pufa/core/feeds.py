"""Feeds for new media: the newest explainers and cases as RSS 2.0, Atom 1.0 and JSON Feed 1.1.

One feed for the whole site, one per agency (documents it publishes or co-publishes) and one
per topic. RSS and Atom are written with feedgen, JSON Feed with json; entry ids are tag:
URIs (RFC 4151) built from the host and the document's path, so moving the site from http
to https or to another base path does not make readers show every entry again.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, replace
from urllib.parse import quote, urlsplit

import lxml.html
from feedgen.feed import FeedGenerator

from .clock import CHINA
from .rebuild import fingerprint
from . import routes
from .content.catalog import Catalog
from .content.fields import STATUS_COMMENT, STATUS_DRAFT
from .content.model import Document

LANGUAGE = "zh-CN"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Material's JavaScript takes every <link rel="alternate"> for a language version of the site
# and fetches sitemap.xml next to it; an empty one answers that without a 404 per feed link.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


@dataclass(frozen=True)
class Format:
    key: str
    file_name: str
    mime: str
    label: str


RSS = Format("rss", routes.RSS_FILE, "application/rss+xml", "RSS")
ATOM = Format("atom", routes.ATOM_FILE, "application/atom+xml", "Atom")
JSON = Format("json", routes.JSON_FILE, "application/feed+json", "JSON Feed")
FORMATS = (RSS, ATOM, JSON)


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    summary: str
    content_html: str | None  # the rendered page body, links made absolute; None: summary only
    published: dt.datetime
    updated: dt.datetime
    author: str
    author_url: str
    categories: tuple[str, ...]
    agencies: tuple[str, ...]  # ids, lead agency first
    topics: tuple[str, ...]  # ids


@dataclass(frozen=True)
class Feed:
    folder: str  # below the site root: feeds, feeds/agencies/<id>, feeds/topics/<id>
    title: str
    description: str
    page_url: str  # the HTML page the feed follows
    page_src: str  # its source, to put <link rel="alternate"> into its head
    author: str
    entries: tuple[Entry, ...]
    updated: dt.datetime

    def path(self, fmt: Format) -> str:
        return f"{self.folder}/{fmt.file_name}"


@dataclass(frozen=True)
class Site:
    """What feeds need to know about the site: absolute addresses and names."""

    url: str  # site_url, ending in "/"
    name: str
    description: str
    routes: routes.Routes = routes.Routes()

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"

    def page_url(self, src_uri: str) -> str:
        return self.routes.url(self.url, src_uri)

    def relative(self, from_src: str, path: str) -> str:
        """The href of a site file `path` from the page of `from_src`."""
        return self.routes.relative(from_src, path)

    def file_url(self, path: str) -> str:
        return self.url + quote(path)


def site_of(site_url: str, name: str, description: str | None, site_routes: routes.Routes = routes.Routes()) -> Site:
    return Site(site_url.rstrip("/") + "/", name, description or f"{name}：法律解读与以案释法", site_routes)


def china_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA)


def entry_id(site: Site, document: Document) -> str:
    return f"tag:{site.host},{document.published.isoformat()}:{document.src_uri.removesuffix('.md')}"


def feed_content(body: str, page_url: str) -> str:
    """A page body for feed readers: absolute links, no ¶ permalinks, no <h1> (it is the entry's title)."""
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    for heading in root.findall("h1"):
        heading.drop_tree()
    for permalink in root.find_class("headerlink"):
        permalink.drop_tree()
    root.make_links_absolute(page_url, resolve_base_href=False)
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner.strip()


def to_entry(document: Document, catalog: Catalog, site: Site, contents: dict[str, str],
             last_changed: dt.date | None = None, html: tuple[dict, dict] | None = None) -> Entry:
    url = site.page_url(document.src_uri)
    agency = catalog.agency(document.agency)
    kind = document.document_kind.label
    labels = [kind] + (["征求意见"] if document.status == STATUS_COMMENT else [])
    # a legal review counts as a change even when the file did not change (no git history)
    days = [document.published, getattr(document, "reviewed", None), last_changed]
    changed = max(day for day in days if day)
    body = contents.get(document.src_uri)
    return Entry(
        id=entry_id(site, document),
        url=url,
        title=document.title,
        summary=document.summary,
        content_html=_content(body, url, html) if body else None,
        published=china_midnight(document.published),
        updated=china_midnight(changed),
        author=agency.name,
        author_url=site.page_url(routes.agency_src(agency.id)),
        categories=tuple(labels + [catalog.topic(t).name for t in document.topics]),
        agencies=document.agencies,
        topics=document.topics,
    )


def _content(body: str, url: str, html: tuple[dict, dict] | None) -> str:
    """feed_content, from the earlier results of a serving process when known (see build_feeds);
    `html` is (earlier, this call's)."""
    if html is None:
        return feed_content(body, url)
    earlier, used = html
    key = (body, url)
    value = used.get(key) or earlier.get(key) or feed_content(body, url)
    used[key] = value
    return value


def document_sources(catalog: Catalog) -> set[str]:
    """Sources of the pages whose rendered body an entry can carry."""
    return {d.src_uri for d in (*catalog.explainers, *catalog.cases) if d.status != STATUS_DRAFT}


def carried_sources(catalog: Catalog, site: Site, feeds: list[Feed]) -> set[str]:
    """Sources of the bodies `feeds` (built without bodies) carry: which documents a feed takes depends
    on dates, agencies and topics, not on bodies, and keeping every body of a large site cost memory."""
    carried = {entry.id for feed in feeds for entry in feed.entries}
    return {d.src_uri for d in (*catalog.explainers, *catalog.cases) if entry_id(site, d) in carried}


def build_feeds(catalog: Catalog, site: Site, contents: dict[str, str], stamp: dt.datetime,
                limit: int = 50, changed: dict[str, dt.date] | None = None, html: dict | None = None) -> list[Feed]:
    """The site feed, then one feed per agency and per topic; entries newest first, at most `limit`.

    `contents` maps a document's src_uri to its rendered HTML body; documents without one
    carry their summary only. `changed` maps a document's path to the day its file last
    changed (from git). `stamp` dates a feed that has no entries yet. Entries are published
    on their `published` day: a file may be committed long before it is published. `html`, if
    given, keeps each body's feed HTML for the next call (only those this call used stay).
    """
    changed = changed or {}
    documents = [d for d in (*catalog.explainers, *catalog.cases) if d.status != STATUS_DRAFT]
    used: dict = {}
    memo = None if html is None else (dict(html), used)
    # bodies are made into feed HTML only for the entries some feed carries: on a large site most
    # documents are in no feed's newest `limit`, and converting every body was a minute
    entries = sorted((to_entry(d, catalog, site, {}, changed.get(d.path)) for d in documents),
                     key=lambda e: (-e.published.timestamp(), -e.updated.timestamp(), e.url))
    sources = {entry_id(site, d): d.src_uri for d in documents}
    filled: dict[str, Entry] = {}

    def with_body(entry: Entry) -> Entry:
        if entry.id not in filled:
            body = contents.get(sources[entry.id])
            filled[entry.id] = replace(entry, content_html=_content(body, entry.url, memo) if body else None)
        return filled[entry.id]

    def feed(folder: str, title: str, description: str, page_src: str, author: str,
             chosen: list[Entry]) -> Feed:
        chosen = [with_body(e) for e in chosen[:limit]]
        updated = max((e.updated for e in chosen), default=stamp)
        return Feed(folder, title, description, site.page_url(page_src), page_src, author,
                    tuple(chosen), updated)

    feeds = [feed(routes.FEEDS_DIR, site.name, site.description, routes.HOME, site.name, entries)]
    for agency in catalog.agencies:
        feeds.append(feed(
            routes.agency_feeds(agency.id), f"{agency.name} - {site.name}",
            f"{agency.name}发布的法律解读与以案释法", routes.agency_src(agency.id), agency.name,
            [e for e in entries if agency.id in e.agencies]))
    for topic in catalog.topics:
        feeds.append(feed(
            routes.topic_feeds(topic.id), f"{topic.name} - {site.name}",
            topic.description or f"“{topic.name}”专题的法律解读与以案释法", routes.topic_src(topic.id),
            site.name, [e for e in entries if topic.id in e.topics]))
    if html is not None:
        html.clear()
        html.update(used)
    return feeds


def _generator(feed: Feed, site: Site, fmt: Format) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)  # RSS <author> must be an e-mail address
    # RSS readers show titles and descriptions as HTML (WordPress and others write them so), so
    # there the text is escaped as HTML once more; Atom says which it is (type="text")
    as_html = html.escape if fmt is RSS else str
    generator.id(feed.page_url)
    generator.title(as_html(feed.title))
    generator.description(as_html(feed.description))
    generator.author({"name": feed.author})
    # feedgen takes the last link given as RSS <link>, which must be the HTML page
    generator.link(href=site.file_url(feed.path(fmt)), rel="self", type=fmt.mime)
    generator.link(href=feed.page_url, rel="alternate", type="text/html")
    generator.language(LANGUAGE)
    generator.generator("pufa")
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=False)
        entry.title(as_html(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.summary(as_html(item.summary), type=None if fmt is RSS else "text")
        if item.content_html:
            entry.content(item.content_html, type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        entry.author({"name": item.author, "uri": item.author_url})
        entry.dc.dc_creator(item.author)
        for category in item.categories:
            entry.category(term=category)
    return generator


def to_rss(feed: Feed, site: Site) -> bytes:
    return _generator(feed, site, RSS).rss_str(pretty=True)


def to_atom(feed: Feed, site: Site) -> bytes:
    return _generator(feed, site, ATOM).atom_str(pretty=True)


def to_json_feed(feed: Feed, site: Site) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for entry in feed.entries:
        item = {"id": entry.id, "url": entry.url, "title": entry.title}
        item["content_html" if entry.content_html else "content_text"] = entry.content_html or entry.summary
        item |= {
            "summary": entry.summary,
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "authors": [{"name": entry.author, "url": entry.author_url}],
            "tags": list(entry.categories),
            "language": LANGUAGE,
        }
        items.append(item)
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": site.file_url(feed.path(JSON)),
        "description": feed.description,
        "authors": [{"name": feed.author}],
        "language": LANGUAGE,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


WRITERS = {RSS.key: to_rss, ATOM.key: to_atom, JSON.key: to_json_feed}


def feed_files(feed: Feed, site: Site) -> dict[str, bytes]:
    """One feed's files, keyed by their paths below the site root."""
    files = {feed.path(fmt): WRITERS[fmt.key](feed, site) for fmt in FORMATS}
    files[f"{feed.folder}/sitemap.xml"] = EMPTY_SITEMAP
    return files


def render_feeds(feeds: list[Feed], site: Site, memo: dict | None = None) -> dict[str, bytes]:
    """Every feed file, keyed by its path below the site root.

    `memo` (the preview's, kept across saves) holds each feed's files by what the feed holds: a save
    makes again only the feeds it changed, and an unchanged file is the same bytes object as before.
    It keeps only this call's feeds, so old ones do not pile up.
    """
    if memo is None:
        made = [feed_files(feed, site) for feed in feeds]
    else:
        site_key = fingerprint(site)
        used = {}
        for feed in feeds:
            key = (site_key, fingerprint(feed))
            used[key] = memo.get(key) or feed_files(feed, site)
        memo.clear()
        memo.update(used)
        made = list(used.values())
    return {path: data for files in made for path, data in files.items()}


def head_links(feeds: list[Feed], site: Site, src_uri: str) -> list[dict[str, str]]:
    """<link rel="alternate"> attributes for a page: the site's feeds, and the page's own if it has any.

    hrefs are relative so that a preview served from another address never asks site_url's host.
    """
    chosen = [feeds[0]] + [f for f in feeds[1:] if f.page_src == src_uri]
    return [{"rel": "alternate", "type": fmt.mime, "title": f"{feed.title}（{fmt.label}）",
             "href": site.relative(src_uri, feed.path(fmt))} for feed in chosen for fmt in FORMATS]



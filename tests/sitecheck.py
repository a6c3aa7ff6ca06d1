"""Reading a built site the way a browser would: pages, links and the resources they load."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"),
                  ("video", "src"), ("audio", "src"), ("object", "data"), ("embed", "src")}
# <link> rels a browser fetches; canonical and alternate are only addresses
FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


@dataclass
class PageLinks:
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.found.links.append(values["href"])
        for name, value in attrs:
            if (tag, name) in RESOURCE_ATTRS and value:
                self.found.resources.append(value)
        rels = set((values.get("rel") or "").lower().split())
        if tag == "link" and values.get("href") and rels & FETCHED_RELS:
            self.found.resources.append(values["href"])


def page_links(html: str) -> PageLinks:
    collector = _Collector()
    collector.feed(html)
    return collector.found


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "http://site.test/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, url: str) -> Path | None:
    """The file a same-site URL serves, or None for another host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "site.test":
        return None
    path = unquote(parts.path).lstrip("/")
    candidate = site / path
    return candidate / "index.html" if path == "" or path.endswith("/") or candidate.is_dir() else candidate


def broken_links(site: Path) -> list[str]:
    """Every internal link or resource whose target file does not exist, as 'page -> url'."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = url_of(site, page)
        found = page_links(page.read_text(encoding="utf-8"))
        for raw in found.links + found.resources:
            if raw.startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
                continue
            absolute = urljoin(base, raw)
            target = target_file(site, absolute)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(site)} -> {raw}")
    return broken


def external_resources(site: Path) -> list[str]:
    """Resources any page would fetch from another host (fonts, scripts, images)."""
    outside = []
    for page in sorted(site.rglob("*.html")):
        base = url_of(site, page)
        for raw in page_links(page.read_text(encoding="utf-8")).resources:
            absolute = urljoin(base, raw)
            if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc != "site.test":
                outside.append(f"{page.relative_to(site)} -> {raw}")
    return outside

"""One map from every page the site has to its source path (src_uri) and to its address.

Pages link to each other by src_uri (MkDocs resolves those links); whatever needs an
address without MkDocs (feeds, iCalendar, QR codes) asks `Routes`, which follows MkDocs'
own rule for `use_directory_urls`. Nobody formats `laws/<agency>/<slug>/` by hand.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

from .kinds import STATUTE, Kind

HOME = "index.md"
AGENCIES = "agencies/index.md"
TOPICS = "topics/index.md"
EXPLAINERS = "laws/index.md"
CASES = "cases/index.md"
STATUTES = "statutes/index.md"
CONSULTATIONS = "consultations/index.md"
REPORT = "report/index.md"
CALENDAR = "calendar/index.md"
CALENDAR_FEED = "calendar/pufa.ics"
CALENDAR_GUIDE = "guide/calendar.md"
FEEDS = "feeds/index.md"
# each feed folder (feeds/, feeds/agencies/<id>/, feeds/topics/<id>/) holds these three
RSS_FILE, ATOM_FILE, JSON_FILE = "rss.xml", "atom.xml", "feed.json"
FEED_FILES = (RSS_FILE, ATOM_FILE, JSON_FILE)
FEEDS_DIR = "feeds"


def agency_feeds(agency_id: str) -> str:
    return f"{FEEDS_DIR}/agencies/{agency_id}"


def topic_feeds(topic_id: str) -> str:
    return f"{FEEDS_DIR}/topics/{topic_id}"


SEARCH = "search.md"
KIOSK = "kiosk/index.md"
GUIDE = "guide/index.md"
FIELD_GUIDE = "guide/fields.md"


def document_src(kind: Kind, agency_id: str, slug: str) -> str:
    return f"{kind.section}/{agency_id}/{slug}.md"


# a long list continues on numbered pages in a folder `page` beside it (laws/page/2.md) or below
# it (topics/labour/page/2.md); an agency may not take the name (core/content/loading.py
# RESERVED_AGENCY_IDS), since laws/<agency>/ sits beside laws/page/
PAGED = "page"
# a law's or an agency's page shows the newest few of its explainers and cases; all of them are
# listed on this page below it (statutes/<law>/documents.md); no statute text may take the name
DOCUMENTS = "documents"
_PAGE_NUMBER = re.compile(rf"(?:^|/){PAGED}/\d+\.md$")


def _folder_of(page_src: str) -> str:
    """Where pages that continue `page_src` go: laws/index.md → laws, topics/labour.md → topics/labour."""
    folder, name = posixpath.split(page_src[: -len(".md")])
    return folder if name == "index" else posixpath.join(folder, name)


def index_page_src(first_src: str, number: int) -> str:
    """Page `number` of a paged list: laws/index.md, laws/page/2.md … topics/labour.md, topics/labour/page/2.md …"""
    return first_src if number == 1 else f"{_folder_of(first_src)}/{PAGED}/{number}.md"


def documents_src(page_src: str) -> str:
    """The full list of a law's or an agency's documents: statutes/民法典.md → statutes/民法典/documents.md."""
    return f"{_folder_of(page_src)}/{DOCUMENTS}.md"


def is_listing(src_uri: str) -> bool:
    """A page that only lists other pages: a continued page of a list, or a law's or agency's document list."""
    if _PAGE_NUMBER.search(src_uri):
        return True
    section, *rest = src_uri.split("/")
    return section in (STATUTE.section, "agencies") and len(rest) == 2 and rest[1] == f"{DOCUMENTS}.md"


def agency_src(agency_id: str) -> str:
    return f"agencies/{agency_id}.md"


def topic_src(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def law_src(key: str) -> str:
    return f"{STATUTE.section}/{key}.md"


def statute_text_src(key: str, name: str) -> str:
    """A text of a law with a page of its own (a part of a code, an older version)."""
    return f"{STATUTE.section}/{key}/{name}.md"


def category_src(category_slug: str) -> str:
    return f"{STATUTE.section}/category/{category_slug}.md"


def report_src(agency_id: str) -> str:
    return f"report/{agency_id}.md"


def calendar_src(agency_id: str) -> str:
    return f"calendar/{agency_id}.md"


def calendar_feed_src(agency_id: str) -> str:
    return f"calendar/{agency_id}.ics"


@dataclass(frozen=True)
class Routes:
    """Addresses of pages, as MkDocs gives them (`File.url`), for a site's `use_directory_urls`."""

    directory_urls: bool = True

    def path(self, src_uri: str) -> str:
        """The address below the site root: laws/moj/x.md → laws/moj/x/ (or laws/moj/x.html)."""
        if not src_uri.endswith(".md"):
            return src_uri  # a file (feed, .ics) keeps its name
        stem = src_uri[: -len(".md")]
        folder, name = posixpath.split(stem)
        if not self.directory_urls:
            return f"{stem}.html"
        if name == "index":
            return f"{folder}/" if folder else ""
        return f"{stem}/"

    def url(self, base: str, src_uri: str, anchor: str = "") -> str:
        """The absolute address under `base` (site_url, any path), percent-encoded."""
        return base.rstrip("/") + "/" + quote(self.path(src_uri)) + (f"#{anchor}" if anchor else "")

    def from_root(self, root: str, src_uri: str) -> str:
        """The href of a page or file from a page whose way to the site root is `root` (see root_from)."""
        return root + quote(self.path(src_uri))

    def relative(self, from_src: str, path: str) -> str:
        """The href of a site file `path` (below the root) from the page of `from_src`."""
        folder = posixpath.dirname(self.path(from_src)) or "."
        return quote(posixpath.relpath(path, folder))


def root_from(page_path: str) -> str:
    """From a page's address to the site root: "" → "./", "agencies/moj/" → "../../", "a/b.html" → "../"."""
    folder = page_path if page_path.endswith("/") else posixpath.dirname(page_path)
    depth = len([part for part in folder.split("/") if part])
    return "../" * depth or "./"

"""The site's navigation as data: which sections there are, in which order, with which pages.

One place decides the whole tree; a section whose page no plugin made this build (no
calendar, no feeds) is left out, so nothing is placed by looking for another entry's title.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from . import routes
from .content.catalog import Catalog
from .kinds import CASE, EXPLAINER, STATUTE

GUIDE_FOLDER = "guide/"


@dataclass(frozen=True)
class NavItem:
    """A page (`src_uri`) or a section; a section's own page, if any, is its `src_uri`.

    A page without `title` shows its own title (its first heading or `title:` metadata).
    """

    title: str | None
    src_uri: str | None = None
    children: tuple[NavItem, ...] = ()


def generated_sections(catalog: Catalog, pages: Collection[str]) -> list[NavItem]:
    """The sections built from the content, in reading order, among `pages` (every page's src_uri)."""
    sections = [
        NavItem("普法机关", routes.AGENCIES, (
            *(NavItem(a.short_name, routes.agency_src(a.id)) for a in catalog.agencies),
            NavItem("责任落实情况", routes.REPORT))),
        NavItem("专题", routes.TOPICS, tuple(NavItem(t.name, routes.topic_src(t.id)) for t in catalog.topics)),
        NavItem("普法日历", routes.CALENDAR),
        NavItem(EXPLAINER.label, routes.EXPLAINERS, (NavItem("征求意见", routes.CONSULTATIONS),)),
        NavItem(CASE.label, routes.CASES),
        NavItem(STATUTE.label, routes.STATUTES),
    ]
    return [_present(item, pages) for item in sections if item.src_uri in pages]


def _present(item: NavItem, pages: Collection[str]) -> NavItem:
    children = tuple(_present(c, pages) for c in item.children if c.src_uri is None or c.src_uri in pages)
    return NavItem(item.title, item.src_uri, children)


def site_nav(catalog: Catalog, pages: Collection[str], hand_written: Collection[str],
             config_nav: list | None) -> list:
    """The whole navigation: MkDocs' `nav` entries (hand-written or from mkdocs.yml) and NavItems.

    Without a `nav:` in mkdocs.yml: home, the generated sections, then the other hand-written
    pages. With one, the generated sections follow it. The navigation is the citizens': the
    editors' guide and 订阅 are reached from every page's footer (`footer_links`).
    """
    sections: list = list(generated_sections(catalog, pages))
    if config_nav is not None:
        return list(config_nav) + sections
    others = sorted(p for p in hand_written if not p.startswith(GUIDE_FOLDER) and p != routes.HOME)
    home = [NavItem("首页", routes.HOME)] if routes.HOME in pages else []
    return home + sections + [NavItem(None, p) for p in others]


FOOTER_LINKS = (NavItem("订阅", routes.FEEDS), NavItem("编辑指南", routes.GUIDE))


def footer_links(pages: Collection[str]) -> list[NavItem]:
    """The links every page's footer carries: pages for new-media editors and agency editors."""
    return [item for item in FOOTER_LINKS if item.src_uri in pages]

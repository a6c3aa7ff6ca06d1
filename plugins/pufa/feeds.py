"""pufa/feeds: RSS, Atom and JSON feeds of the newest explainers and cases, and the /feeds/ page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import seam
from .core import messages as msg
from .core.feeds import (
    Feed,
    Site,
    build_feeds,
    carried_sources,
    document_sources,
    head_links,
    render_feeds,
    site_of,
)
from .render.feeds import render_feeds_page


class FeedsConfig(Config):
    content_dir = c.Deprecated(message=msg.content_dir_deprecated())
    """No longer used: the feeds list what pufa/content reads."""
    limit = c.Type(int, default=50)
    """Number of entries in each feed, newest first."""
    full_content = c.Type(bool, default=True)
    """Put each page's full HTML into its entry; summaries only if false."""


class FeedsPlugin(BasePlugin[FeedsConfig]):
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        # survives `mkdocs serve`'s rebuilds: a page not rendered again keeps the HTML it had
        self.kept: dict[str, str] = {}
        self.html: dict = {}  # each body's feed HTML: an unchanged page's is not parsed again
        self.made: dict = {}  # each feed's files by what it holds: an unchanged feed is not made again
        self.written: dict[str, bytes] = {}  # the files in the preview's folder, by path

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        self.root = Path(config.config_file_path).parent
        self.site: Site | None = None
        self.contents: dict[str, str] = {}
        self.files: Files | None = None
        if not hasattr(self, "kept"):  # build() called without on_startup (Python callers, tests)
            self.kept = {}
            self.html = {}
            self.made, self.written = {}, {}
        self.sources: set[str] = set()
        self.feeds: list[Feed] = []
        if not config.site_url:
            seam.log.warning("pufa/feeds：mkdocs.yml 没有设置 site_url，订阅源需要完整网址，本次不生成订阅源。")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not config.site_url:
            return
        context = seam.build_context(config)
        self.site = site_of(config.site_url, config.site_name, config.site_description, context.routes)
        self.catalog = context.catalog
        self.stamp = context.clock.stamp
        self.changed = {path: dates.last for path, dates in context.dates.items()}
        # entries without page bodies yet: enough for the /feeds/ page and the <head> links
        self.feeds = build_feeds(self.catalog, self.site, {}, self.stamp, self.config.limit, self.changed)
        # a build keeps the bodies its feeds carry; the preview every body, since a page it does
        # not render again may enter a feed when another document leaves it
        self.sources = (document_sources(self.catalog) if self.serving
                        else carried_sources(self.catalog, self.site, self.feeds))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is None:
            return files
        names = ([a.name for a in self.catalog.agencies], [t.name for t in self.catalog.topics])
        page = render_feeds_page(self.feeds, self.site, *names, self.config.limit)
        seam.add_pages(files, [page], config, self.root)
        self.files = files
        return files


    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # the files of this build as MkDocs uses them: pufa/content replaces pages by tracked copies
        # after every plugin's on_files, and seam.per_page asks those whether a page was reused
        self.files = files
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.config.full_content and page.file.src_uri in self.sources:
            self.contents[page.file.src_uri] = html
        return html

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        # <link rel="alternate"> in the page's <head>: templates/common/partials/pufa-head.html
        if self.site is not None:
            context["pufa_feed_links"] = head_links(self.feeds, self.site, page.file.src_uri)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        self.kept = seam.per_page(self.files, self.contents, self.kept)
        feeds = build_feeds(self.catalog, self.site, self.kept, self.stamp, self.config.limit,
                            self.changed, self.html)
        for path, data in render_feeds(feeds, self.site, self.made if self.serving else None).items():
            target = Path(config.site_dir) / path
            if self.written.get(path) is data and target.is_file():
                continue  # the preview's folder holds this very file already
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if self.serving:
                self.written[path] = data

"""pufa/calendar: content/calendar.yml and dates derived from content → calendar pages and iCalendar feeds."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import seam
from .core import messages as msg
from .core import routes
from .core.calendar.events import Calendar, build_calendar
from .core.calendar.ical import FeedWriter, feed_name
from .core.rebuild import signature
from .render.templates import PageTemplates
from .render.raw_html import html_fragments, missing_targets
from .render.calendar import (
    SITE_FEED,
    agency_block,
    agency_feed,
    calendar_pages,
    home_block,
    render_calendar_guide,
)

CSS = "assets/pufa/calendar.css"
JS = "assets/pufa/calendar.js"
MARKER = "<!-- pufa:calendar -->"


class CalendarConfig(Config):
    content_dir = c.Deprecated(message=msg.content_dir_deprecated())
    """No longer used: calendar.yml is read from pufa/content's content_dir."""
    first_year = c.Optional(c.Type(int))
    """First year of the calendar window; the year of the build (China time) if not set."""
    years = c.Type(int, default=2)
    """Number of years in the window, from first_year."""
    countdown = c.Type(str, default="constitution-day")
    """Id of the fixed-date observance the countdown counts to."""
    anniversaries = c.Choice(("all", "round", "none"), default="all")
    """Law anniversaries shown: every year, only round ones (5, 10, 15 … years; for sites explaining
    hundreds of laws) or none."""
    library_anniversaries = c.Choice(("all", "round", "none"), default="round")
    """The same for laws that are only in the statute library (no explainer, case or responsibility
    list names them): round ones by default, so a library of 1,400 laws adds hundreds, not thousands."""
    upcoming = c.Type(int, default=5)
    """Number of entries in the upcoming lists on the home page and agency pages."""


class CalendarPlugin(BasePlugin[CalendarConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # with on_startup MkDocs keeps this instance across `mkdocs serve`'s rebuilds: the iCalendar
        # feeds (most of a save's calendar work with the statute library's anniversaries) are made
        # again only when what they show changed
        self.serving = seam.is_serving(command)
        self.feeds: tuple[str, dict[str, str]] = ("", {})

    def on_shutdown(self) -> None:
        self.serving = False  # MkDocs keeps the instance for later configurations in the process

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        self.root = Path(config.config_file_path).parent
        self.calendar: Calendar | None = None
        config.extra_css.append(CSS)
        config.extra_javascript.append(JS)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        context = seam.build_context(config)
        self.catalog, self.routes = context.catalog, context.routes
        self.stamp, self.today = context.clock.stamp, context.today
        first_year = self.config.first_year or self.today.year
        self.calendar = build_calendar(
            context.calendar, self.catalog, first_year, self.config.years, self.config.anniversaries,
            self.config.library_anniversaries,
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        pages = calendar_pages(self.calendar, self.catalog, self.today, self.config.countdown, self.routes,
                               PageTemplates(config.theme.dirs))
        seam.add_pages(files, [*pages, render_calendar_guide()], config, self.root)
        # pages whose finished HTML blocks hold links MkDocs does not check (see on_page_content)
        self.with_blocks = {page.src_uri for page in pages}
        self.site_urls: set[str] | None = None
        for path, feed in self.ical_feeds(config.site_url).items():
            seam.add_asset(files, config, path, content=feed)
        for asset in (CSS, JS):
            seam.add_asset(files, config, asset, path=seam.ASSETS / Path(asset).name)
        self.agency_blocks = {}
        for agency in self.catalog.agencies:
            src = routes.agency_src(agency.id)
            block = agency_block(agency, self.calendar, self.catalog, src, self.today, self.config.upcoming,
                                 self.routes)
            if block:
                self.agency_blocks[src] = block
                seam.add_page_input(config, src, block)  # `mkdocs serve` renders the page again when it changes
        return files

    def ical_feeds(self, site_url: str | None) -> dict[str, str]:
        """The site's and each agency's iCalendar feed by path. In `mkdocs serve`, those of the last
        rebuild while the calendar, the agencies' names and the address are unchanged (DTSTAMP, the
        feed's making time, then stays that rebuild's: nothing in it changed since)."""
        serving = getattr(self, "serving", False)
        names = [(a.id, a.short_name) for a in self.catalog.agencies]
        key = signature(self.calendar.first, self.calendar.last, self.calendar.data, self.calendar.occurrences,
                        self.calendar.titles, self.calendar.law_titles, names, site_url, self.routes) if serving else ""
        if serving and self.feeds[0] == key:
            return self.feeds[1]
        writer = FeedWriter(self.calendar, site_url, self.stamp, self.routes)
        feeds = {SITE_FEED: writer.feed(feed_name()).decode("utf-8")}
        for agency_id, short_name in names:
            if self.calendar.for_agency(agency_id):
                feeds[agency_feed(agency_id)] = writer.feed(feed_name(short_name), agency_id).decode("utf-8")
        if serving:
            self.feeds = (key, feeds)
        return feeds

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if MARKER in markdown:
            block = home_block(
                self.calendar, self.catalog, src, self.today, self.config.countdown, self.config.upcoming,
                self.routes,
            )
            markdown = markdown.replace(MARKER, block)
            self.with_blocks.add(src)
        if src in self.agency_blocks:
            markdown = markdown + "\n\n" + self.agency_blocks[src] + "\n"
            self.with_blocks.add(src)
        if src in self.with_blocks:
            self.check_links(markdown, page, files)
        return markdown

    def check_links(self, markdown: str, page: Page, files: Files) -> None:
        """Links in the calendar's finished HTML blocks against the files this build writes (MkDocs checks
        Markdown links only): a missing target is reported."""
        if self.site_urls is None:
            built = [f for f in files if not f.inclusion.is_excluded()]
            self.site_urls = {f.url for f in built} | {f.dest_uri for f in built}
        for fragment in html_fragments(markdown):
            for href in missing_targets(fragment, page.url, self.site_urls):
                seam.log.warning(msg.calendar_link_missing(page.file.src_uri, href))

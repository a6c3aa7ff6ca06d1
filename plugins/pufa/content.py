"""pufa/content: editors' content → checked catalog → agency, law, case and topic pages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import seam
from .publish import PublishingEvents
from .core.context import BuildContext, clock_from, load_build
from .core import messages as msg
from .core.content.fields import STATUS_DRAFT
from .core.problems import Problem, has_errors
from .core.rebuild import BuiltPages
from .preview import show_failures
from .render.guide import render_field_guide
from .core.content.links import walk_files
from .render.pages import REQUIRED_EXTENSIONS, Linker, expand_blocks, last_changed, library_key, render_site
from .core import routes
from .core.routes import Routes
from .render.sanitize import BodyMarkers
from .render.templates import PageTemplates
from .core.content.schema import document_schemas

CSS = "assets/pufa/pufa.css"
CITE_JS = "assets/pufa/pufa-cite.js"
COMMENT_JS = "assets/pufa/pufa-comment.js"
A11Y_JS = "assets/pufa/pufa-a11y.js"
TEMPLATES = Path(__file__).parent / "templates" / "common"


class ContentConfig(Config):
    content_dir = c.Dir(exists=True, default="content")
    """Folder with agencies/, laws/, cases/ and topics.yml, relative to mkdocs.yml."""
    drafts = c.Optional(c.Type(bool))
    """Drafts (status 草稿) in the preview (`mkdocs serve`, scripts/serve, `pufa preview`) with the 草稿预览
    banner: shown unless `false`. `mkdocs build` never publishes them."""
    review_days = c.Type(int, default=365)
    """Explainers not legally reviewed for longer than this are listed in the responsibility report."""
    keep_releases = c.Type(int, default=5)
    """Releases `mkdocs build` keeps in `<site_dir>.releases/` for rollback, the published one counted."""


class ContentPlugin(PublishingEvents, BasePlugin[ContentConfig]):
    # what `mkdocs serve` keeps between rebuilds (this instance survives them: it has on_startup)
    serving = False
    failed_checks: tuple[Problem, ...] = ()
    reuse_pages = False  # `mkdocs serve --dirty`: pages whose signature did not change are not rendered again
    serving_markers: BodyMarkers | None = None  # the body token of a serving process (see _on_startup)

    def _on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = seam.is_serving(command)
        self.reuse_pages = self.serving and dirty
        self.built = BuiltPages()
        self.titles: dict[str, str] = {}  # output path → title, for pages a rebuild reuses
        self.checked: dict = {}  # checked content files, for load_build's next load
        self.links: tuple[int, dict] = (0, {})  # library_key → citations linked, for the next render
        self.rendered: dict = {}  # pages' Markdown by template and view, for the next render
        # one body token while serving, so an unchanged page renders to the same Markdown as before; it
        # never leaves the process (sanitize_page removes the markers), so a body still cannot guess it
        self.serving_markers = BodyMarkers() if self.serving else None

    on_startup = CombinedEvent(PublishingEvents.on_startup, _on_startup)

    def _on_shutdown(self) -> None:
        # MkDocs keeps this instance for every later configuration in the process (Python callers)
        self.serving = self.reuse_pages = False
        self.serving_markers = None

    on_shutdown = CombinedEvent(PublishingEvents.on_shutdown, _on_shutdown)

    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # resolved: `mkdocs build -f site.yml` gives a relative config path
        self.root = Path(config.config_file_path).resolve().parent
        self.context: BuildContext | None = None  # what every pufa plugin of this build reads
        self.from_content: set[str] = set()
        self.markers = self.serving_markers or BodyMarkers()
        self.changed: dict[str, dt.date] = {}  # src_uri → last change, for the sitemap
        self.site_inputs: list[object] = []  # what every page shows, from other plugins (seam.add_site_input)
        self.page_inputs: dict[str, list] = {}  # what other plugins add to one page (seam.add_page_input)
        config.watch.append(self.config.content_dir)
        config.markdown_extensions.extend(e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions)
        # readers see these: Material's English footer credit and toc's "Permanent link" tooltip
        config.extra.setdefault("generator", False)
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", "本节链接")
        config.extra_css.append(CSS)
        config.extra_javascript.extend([CITE_JS, COMMENT_JS, A11Y_JS])
        # site-wide template parts (elder mode, the header); after the site's custom_dir, so its
        # overrides/ win, and before Material's. Plugins later in mkdocs.yml insert before these.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        return config

    on_config = CombinedEvent(PublishingEvents.stage_site, _on_config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.context = None
        sources = seam.sources_of(config, drafts=self.serving and self.config.drafts is not False)
        context = load_build(sources, clock_from(os.environ), Routes(config.use_directory_urls),
                             memo=self.checked if self.serving else None)
        if self.serving:  # `mkdocs serve -v` says how much of the content a save read again
            seam.log.debug(msg.content_files_read(context.files_read))
        # MkDocs copies whatever docs/ links to: refuse links out of the repository before it does
        problems = context.problems + tuple(walk_files(Path(config.docs_dir), self.root).problems)
        self.failed_checks = problems if has_errors(problems) else ()  # the preview shows them
        seam.report_problems(problems)
        self.context = context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        return show_failures(server, self.take_failed_checks)

    def take_failed_checks(self) -> tuple[Problem, ...]:
        """The problems of the build that just failed its checks (none if it failed otherwise)."""
        problems, self.failed_checks = self.failed_checks, ()
        return problems

    def add_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        context = self.context
        catalog = context.catalog
        library = library_key(catalog) if self.serving else 0
        linker = Linker(catalog, self.links[1] if self.serving and self.links[0] == library else {})
        # a site's overrides/pufa/ first
        self.templates = PageTemplates(config.theme.dirs, memo=self.rendered if self.serving else None)
        pages = render_site(catalog, context.today, context.dates, self.config.review_days,
                            context.calendar.events, markers=self.markers, linker=linker, templates=self.templates)
        if self.serving:  # what the next save's rebuild can reuse
            self.links = (library, linker.used)
            self.rendered = self.templates.used
        self.changed = last_changed(catalog, context.dates)
        # every page made from content is sanitised, not only those of one content file
        self.from_content = {p.src_uri for p in pages}
        pages.append(render_field_guide())
        # MkDocs builds a draft page for `mkdocs serve` only, whatever a catalog holds
        drafts = {d.src_uri for d in (*catalog.explainers, *catalog.cases) if d.status == STATUS_DRAFT}
        seam.add_pages(files, pages, config, self.root, drafts=drafts)
        seam.add_guide(files, config)
        seam.add_asset(files, config, CSS, path=seam.ASSETS / "pufa.css")
        seam.add_asset(files, config, CITE_JS, path=seam.ASSETS / "pufa-cite.js")
        seam.add_asset(files, config, COMMENT_JS, path=seam.ASSETS / "pufa-comment.js")
        seam.add_asset(files, config, A11Y_JS, path=seam.ASSETS / "pufa-a11y.js")
        seam.add_json(files, config, document_schemas(), "schema")
        for image in context.images:  # content/images/ → images/ (core/content/images.py)
            seam.add_content_file(files, config, image.src_uri, image.path)
        return files

    @event_priority(-100)  # last: the navigation lists the pages every pufa plugin added
    def set_nav(self, files: Files, *, config: MkDocsConfig) -> Files:
        config.nav = seam.to_nav(self.context.catalog, files, config.nav)
        self.footer_links = seam.footer_links(files)
        return seam.track_pages(files) if self.reuse_pages else files

    on_files = CombinedEvent(add_pages, set_nav)

    @event_priority(-100)  # last: other plugins' site-wide inputs are in
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.reuse_pages:
            seam.sign_pages(files, nav, config, self.built, self.context.today, *self.site_inputs,
                            page_inputs=self.page_inputs, token=self.markers.token)
            self.dests = {f.dest_uri for f in files if f.is_documentation_page()}
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            # the sitemap's <lastmod>: the day the content changed, else the build day in China (the one
            # clock), not MkDocs' build day in UTC
            page.update_date = self.changed.get(file.src_uri, self.context.today).isoformat()
            if self.reuse_pages and seam.was_reused(file):
                page.title = self.titles.get(file.dest_uri)  # other pages' navigation shows it
        env.bytecode_cache = seam.TEMPLATE_CACHE
        seam.use_safe_filters(env)
        seam.reach_material_templates(env)
        # the search page's address for the header's search box and the 404 page (core.routes)
        env.globals["pufa_search_url"] = self.context.routes.path(routes.SEARCH)
        env.globals["pufa_footer_links"] = self.footer_links
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        seam.safe_meta(page.meta)
        return expand_blocks(markdown, self.context.catalog, page.file.src_uri, self.templates)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.markers.sanitize_page(html) if page.file.src_uri in self.from_content else html

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
        seam.mark_titles_safe([p for p in (page, page.previous_page, page.next_page) if p is not None])
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.reuse_pages:  # MkDocs writes the page right after this event
            self.built.record(page.file.dest_uri, seam.page_signature(page))
            self.titles[page.file.dest_uri] = page.title
        return output

    def remove_stale_pages(self, *, config: MkDocsConfig) -> None:
        if self.reuse_pages:  # a dirty build leaves the pages of deleted files behind
            for dest in self.built.forget_others(self.dests):
                (Path(config.site_dir) / dest).unlink(missing_ok=True)

    on_post_build = CombinedEvent(remove_stale_pages, PublishingEvents.on_post_build)

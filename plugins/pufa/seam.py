"""The one place where pufa's pages and problems meet MkDocs objects."""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
import jinja2
import jinja2.bccache
from markupsafe import Markup
from markupsafe import escape as escape_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_theme_dir
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from mkdocs.utils import get_markdown_title

from .core import messages as msg
from .core.content.catalog import Catalog
from .core.context import BuildContext, Sources
from .core.navigation import NavItem, site_nav
from .core.navigation import footer_links as footer_links_of
from .render.pages import GeneratedPage
from .core.problems import ERROR, WARNING, Problem, render_report
from .core.rebuild import BuiltPages, code_version, signature

log = get_plugin_logger("pufa")
ASSETS = Path(__file__).parent / "assets"
GUIDE = Path(__file__).parent / "guide"  # the editors' guide ships in the package: on every pufa site


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory: `mkdocs serve` makes a new Jinja environment for
    every rebuild and would compile Material's templates again each time (keys include the source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = _TemplateCache()


def report_problems(problems: tuple[Problem, ...]) -> None:
    """Log every problem, then abort the build if any is an error (before site/ is touched)."""
    for problem in problems:
        # notes (a draft left out) are info, so `mkdocs build --strict` fails on what `pufa check --strict` does
        {ERROR: log.error, WARNING: log.warning}.get(problem.severity, log.info)(str(problem))
    errors = sum(p.is_error for p in problems)
    if errors:
        raise PluginError(f"内容检查未通过，{render_report(problems).splitlines()[-1]}"
                          "网站没有生成，原有网站保持不变。")


CONTENT = "pufa/content"
SEARCH = "pufa/search"


def sources_of(config: MkDocsConfig, *, drafts: bool = False) -> Sources:
    """What the build reads, from mkdocs.yml: pufa/content's folder, pufa/search's synonyms; drafts
    only for the preview (pufa/content decides)."""
    content = config.plugins.get(CONTENT)
    root = Path(config.config_file_path).resolve().parent
    content_dir = Path(content.config.content_dir) if content is not None else root / "content"
    search = config.plugins.get(SEARCH)
    synonyms = search.config.synonyms_file if search is not None else None
    return Sources(root, content_dir, drafts, Path(synonyms) if synonyms else None,
                   content.config.review_days if content is not None else 365, Path(config.docs_dir))


def is_serving(command: str) -> bool:
    """True in `mkdocs serve` (also `serve --clean`, which tells plugins it is a "build")."""
    context = click.get_current_context(silent=True)
    return command == "serve" or (context is not None and context.info_name == "serve")


def add_site_input(config: MkDocsConfig, value: object) -> None:
    """Something every page of this build shows, from a plugin other than pufa/content: a change to it
    renders every page again in `mkdocs serve --dirty` (its text form is compared)."""
    getattr(config.plugins.get(CONTENT), "site_inputs", []).append(value)


def add_page_input(config: MkDocsConfig, src_uri: str, value: object) -> None:
    """Something a plugin adds to one page (beyond its source): a change renders that page again."""
    getattr(config.plugins.get(CONTENT), "page_inputs", {}).setdefault(src_uri, []).append(value)


def require_content(config: MkDocsConfig, plugin: object) -> None:
    """Stop at configuration time unless pufa/content comes before `plugin` in mkdocs.yml."""
    names = list(config.plugins)
    own = next((name for name, p in config.plugins.items() if p is plugin), "pufa")
    if CONTENT not in names:
        raise PluginError(msg.content_plugin_missing(own))
    if own in names and names.index(CONTENT) > names.index(own):
        raise PluginError(msg.content_plugin_after(own))


def refuse_material_search(config: MkDocsConfig) -> None:
    """Material's search beside pufa/search: two search boxes, and its index would be built for nothing."""
    other = [name for name in config.plugins if name in ("search", "material/search")]
    if other:
        raise PluginError(msg.material_search_beside_pufa())


def config_errors(config: MkDocsConfig) -> list[str]:
    """What the plugins' on_config would stop the build for, so `pufa check` says it without building."""
    errors = []
    for name, plugin in config.plugins.items():
        if name.startswith("pufa/") and name != CONTENT:
            try:
                require_content(config, plugin)
            except PluginError as error:
                errors.append(str(error))
    if SEARCH in config.plugins:
        try:
            refuse_material_search(config)
        except PluginError as error:
            errors.append(str(error))
    return errors


def build_context(config: MkDocsConfig) -> BuildContext:
    """The context pufa/content made for this build: the one way other plugins reach the content."""
    context = getattr(config.plugins.get(CONTENT), "context", None)
    if context is None:  # require_content in on_config makes this a bug, not a configuration error
        raise PluginError(msg.content_plugin_missing("pufa"))
    return context




class _TrackedFile(File):
    """A page that `mkdocs serve --dirty` renders again only when its signature changed (core.rebuild).

    MkDocs asks `is_modified` before it reads and writes a page in a dirty build; a generated
    file always answers yes, a hand-written one compares times, which misses what a page shows
    of other files (navigation titles, pufa blocks).
    """

    signature: str | None = None
    built: BuiltPages | None = None
    written = False  # seen in the site folder: asked a few times a page, nothing removes it mid-build

    def is_modified(self) -> bool:
        if self.built is None or not self.built.holds(self.dest_uri, self.signature):
            return True
        if not self.written:
            self.written = os.path.isfile(self.abs_dest_path)
        return not self.written


def track_pages(files: Files) -> Files:
    """The files with hand-written pages as tracked files too, in the same order (the sitemap's and the
    search index's), so every page can be reused (see sign_pages)."""
    return Files([_tracked(file) for file in files])


def _tracked(file: File) -> File:
    if isinstance(file, _TrackedFile) or not file.is_documentation_page() or file.abs_src_path is None:
        return file
    tracked = _TrackedFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                           dest_uri=file.dest_uri, inclusion=file.inclusion)
    tracked.generated_by = file.generated_by
    tracked.edit_uri = file.edit_uri
    tracked.abs_src_path = file.abs_src_path  # a generated file backed by a file (the packaged guide) has no src_dir
    return tracked


def _source(file: File) -> str:
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError):
        return ""


def _nav_titles(nav: Navigation) -> list[tuple[str, str]]:
    """Each navigation page with the title it will show: every page prints the whole navigation."""
    titles = []
    for page in nav.pages:
        markdown, meta = get_data(_source(page.file))
        title = page.title if page.title is not None else meta.get("title") or get_markdown_title(markdown)
        titles.append((page.file.src_uri, str(title)))
    return titles


# a page that embeds a pufa block (<!-- pufa:latest --> …) shows other pages' data: never reused;
# <!-- pufa:html --> only wraps HTML that is already in the page's own Markdown (render/raw_html.py)
_BLOCK = re.compile(r"<!-- pufa:(?!html -->)")


def sign_pages(files: Files, nav: Navigation, config: MkDocsConfig, built: BuiltPages, *inputs: object,
               page_inputs: dict[str, list] | None = None, token: str = "") -> None:
    """Give every tracked page its signature: its own source (without the per-build body `token`) and
    what every page shows (code, configuration, navigation, the site-wide `inputs` of the plugins)."""
    config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    site = signature(code_version(), config_text, config.site_url, config.nav, _nav_titles(nav),
                     _theme_overrides(config), *inputs)
    for file in files.documentation_pages():
        if not isinstance(file, _TrackedFile):
            continue
        source = _source(file)
        file.built = built
        own = source.replace(token, "") if token else source
        extra = (page_inputs or {}).get(file.src_uri, ())
        file.signature = None if _BLOCK.search(source) else signature(site, file.src_uri, file.dest_uri, own, *extra)


def _theme_overrides(config: MkDocsConfig) -> list[tuple[str, int]]:
    custom = config.theme.custom_dir
    if not custom:
        return []
    return sorted((p.as_posix(), p.stat().st_mtime_ns) for p in Path(custom).rglob("*") if p.is_file())


def page_signature(page: Page) -> str | None:
    """The signature sign_pages gave the page's file (None: not tracked, or always rendered)."""
    return getattr(page.file, "signature", None)


def was_reused(file: File) -> bool:
    """True for a page this (dirty) build did not render: its output is the one of an earlier build."""
    return isinstance(file, _TrackedFile) and not file.is_modified()


def per_page(files: Files, read: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """What a plugin took from each page of this build, by src_uri in the pages' order: from `read` (this
    build) or, for a page this build reused, from `kept` (the builds before it in this process)."""
    result = {}
    for file in files:
        if not file.is_documentation_page():
            continue
        if file.src_uri in read:
            result[file.src_uri] = read[file.src_uri]
        elif file.src_uri in kept and was_reused(file):
            result[file.src_uri] = kept[file.src_uri]
    return result


def to_file(page: GeneratedPage, config: MkDocsConfig, root: Path, *, draft: bool = False,
            docs: str | None = None) -> File:
    """`docs`: the docs folder relative to `root` (given by add_pages: resolved once, not per page)."""
    inclusion = (InclusionLevel.DRAFT if draft else InclusionLevel.INCLUDED if page.in_nav
                 else InclusionLevel.NOT_IN_NAV)
    file = _TrackedFile.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
    if page.edit_path:
        # "edit this page" must open the content file, not a generated page in docs/
        docs = docs if docs is not None else _docs_folder(config, root)
        # URL-quoted: a file name is content too, and Material prints edit_url into href="…" as is
        file.edit_uri = quote(posixpath.relpath(page.edit_path, docs))
    return file


def _docs_folder(config: MkDocsConfig, root: Path) -> str:
    return Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()


def add_pages(files: Files, pages: list[GeneratedPage], config: MkDocsConfig, root: Path, *,
              drafts: set[str] = frozenset()) -> None:
    """Pages as virtual files; those in `drafts` are built by `mkdocs serve` only (MkDocs' draft level)."""
    docs = _docs_folder(config, root) if any(page.edit_path for page in pages) else None
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(f"docs/{page.src_uri} 与生成的页面同名，请删除或改名该文件。")
        files.append(to_file(page, config, root, draft=page.src_uri in drafts, docs=docs))


def add_guide(files: Files, config: MkDocsConfig) -> None:
    """The editors' guide at /guide/, out of the navigation; a site's own docs/guide/<page> replaces one."""
    for path in sorted(GUIDE.glob("*.md")):
        src_uri = f"guide/{path.name}"
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV))


def footer_links(files: Files) -> list[dict[str, str]]:
    """The footer's links (core.navigation.footer_links) with each page's address, for the template."""
    pages = {f.src_uri: f for f in files.documentation_pages()}
    return [{"title": item.title, "url": pages[item.src_uri].url} for item in footer_links_of(pages)]


def add_content_file(files: Files, config: MkDocsConfig, src_uri: str, path: Path) -> None:
    """A file from content/ (a picture) published as is; a file of docs/ may not take its place."""
    if files.get_file_from_path(src_uri) is not None:
        raise PluginError(f"docs/{src_uri} 与 content/{src_uri} 同名，请删除或改名其中一个文件。")
    add_asset(files, config, src_uri, path=path)


def add_asset(files: Files, config: MkDocsConfig, src_uri: str, *, path: Path | None = None,
              content: str | None = None) -> None:
    if path is not None:
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    else:
        files.append(File.generated(config, src_uri, content=content or ""))


def add_json(files: Files, config: MkDocsConfig, documents: dict[str, Any], folder: str) -> None:
    for name, data in documents.items():
        add_asset(files, config, f"{folder}/{name}", content=json.dumps(data, ensure_ascii=False, indent=2))


# Titles and MkDocs' templates. MkDocs' Jinja environment does not autoescape and Material prints
# nav titles, page.title and page.meta.title as given, so every title pufa hands over is HTML
# text: nav titles escaped here, meta titles in safe_meta, and titles read from a page's <h1>
# are HTML already (generated pages escape content with pages.esc). Two template spots would
# still go wrong: `page.title | striptags` in <title> (striptags unescapes, so `&lt;/title&gt;`
# became a live `</title>`) and `title | e` in aria-labels (escaped a second time). Overriding
# Material's base.html would shadow sites' own overrides and follow Material's changes by hand;
# instead the environment's striptags escapes what it returns, and titles are Markup, which
# `| e` leaves alone. Both keep working whatever template prints the title.


def striptags_escaped(value: Any) -> Markup:
    """Jinja's striptags, escaped again: the text of an HTML title, still safe to print as HTML."""
    return escape_html(Markup(str(value)).striptags())


def use_safe_filters(env: jinja2.Environment) -> None:
    env.filters["striptags"] = striptags_escaped


def reach_material_templates(env: jinja2.Environment) -> None:
    """Material's own templates also as "material/…": pufa's base.html (templates/common) extends
    "material/base.html", so a site's overrides/main.html, which extends "base.html", keeps pufa's parts."""
    material = jinja2.FileSystemLoader(get_theme_dir("material"))
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": material})])


def safe_meta(meta: dict[str, Any]) -> None:
    """A page's front matter title and description (plain text in YAML) as escaped HTML text."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = escape_html(meta[key])


def mark_titles_safe(pages: list) -> None:
    """Every page title as Markup (they are HTML text, see above), so `| e` does not escape twice."""
    for page in pages:
        title = page.title
        if isinstance(title, str) and not isinstance(title, Markup):
            page.title = Markup(title)


def title_text(title: str | None) -> str:
    """The plain text of an HTML page title, for the search index (shown there with textContent)."""
    return Markup(title or "").striptags()


def to_nav(catalog: Catalog, files: Files, config_nav: list | None) -> list:
    """The site's navigation (core.navigation) as MkDocs' `nav` entries, from the pages every plugin added.

    Large areas (documents, laws) appear as their index pages only; their pages are reached
    from there, so no page repeats thousands of links. Titles are escaped (see above).
    """
    pages = [f.src_uri for f in files.documentation_pages()]
    hand_written = [f.src_uri for f in files.documentation_pages() if not f.generated_by]
    return [_nav_entry(item) for item in site_nav(catalog, pages, hand_written, config_nav)]


def _nav_entry(item: Any) -> Any:
    if not isinstance(item, NavItem):
        return item  # an entry of the nav written in mkdocs.yml
    title = escape_html(item.title) if item.title else None  # titles of agencies and topics are content
    if item.children:
        return {title: [*([item.src_uri] if item.src_uri else []), *map(_nav_entry, item.children)]}
    return {title: item.src_uri} if title else item.src_uri

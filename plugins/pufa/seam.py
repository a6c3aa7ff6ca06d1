"""The one place where pufa's pages and problems meet MkDocs objects."""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import jinja2
import jinja2.bccache
from markupsafe import Markup
from markupsafe import escape as escape_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .core.catalog import Catalog
from .core.loading import load_content
from .core.pages import GeneratedPage
from .core.problems import Problem, render_report

log = get_plugin_logger("pufa")
ASSETS = Path(__file__).parent / "assets"


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
        (log.error if problem.is_error else log.warning)(str(problem))
    errors = sum(p.is_error for p in problems)
    if errors:
        raise PluginError(f"内容检查未通过，{render_report(problems).splitlines()[-1]}"
                          "网站没有生成，原有网站保持不变。")


def shared_catalog(config: MkDocsConfig, content_dir: str, root: Path) -> Catalog:
    """The catalog pufa/content checked in this build, so no plugin reads the content again.

    pufa/content is listed first, so its on_pre_build has run before any other plugin's
    event; without it (a site using one pufa plugin alone) the content is loaded here.
    """
    result = getattr(config.plugins.get("pufa/content"), "result", None)
    if result is None or result.catalog is None:
        result = load_content(Path(content_dir), root)
        report_problems(result.problems)
    return result.catalog


def add_source_meta(html: str, source: str | None) -> str:
    """<meta name="pufa-source"> for pages of imported texts: which source file they came from."""
    if not source:
        return html
    tag = f'<meta name="pufa-source" content="{escape(str(source))}">'
    return html.replace("</head>", tag + "\n</head>", 1)


_HELD = re.compile(r'<div data-pufa-html="([0-9a-f]{16})"></div>')
_RELATIVE_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]+)(#[^"]*)?"')


def fill_held_html(html: str, page_file: File, files: Files, held: dict[str, str]) -> str:
    """Put the HTML held back from Markdown (core.pages.hold_html) in place, its relative links (to
    `.md` sources and other files) resolved as MkDocs resolves Markdown links; a link to a missing
    file is logged and left as it is."""

    def link(match: re.Match) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_file.src_uri), unquote(match[1])))
        target = files.get_file_from_path(path)
        if target is None:
            log.warning(f"{page_file.src_uri}：链接的页面不存在：{match[1]}")
            return match[0]
        return f'href="{escape(target.url_relative_to(page_file))}{match[2] or ""}"'

    def fill(match: re.Match) -> str:
        fragment = held.get(match[1])
        return match[0] if fragment is None else _RELATIVE_HREF.sub(link, fragment)

    return _HELD.sub(fill, html) if "data-pufa-html" in html else html  # most pages hold nothing


def to_file(page: GeneratedPage, config: MkDocsConfig, root: Path) -> File:
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
    if page.edit_path:
        # "edit this page" must open the content file, not a generated page in docs/
        docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
        # URL-quoted: a file name is content too, and Material prints edit_url into href="…" as is
        file.edit_uri = quote(posixpath.relpath(page.edit_path, docs))
    return file


def add_pages(files: Files, pages: list[GeneratedPage], config: MkDocsConfig, root: Path) -> None:
    for page in pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise PluginError(f"docs/{page.src_uri} 与生成的页面同名，请删除或改名该文件。")
        files.append(to_file(page, config, root))


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
    """The site's navigation: hand-written pages plus one section per generated area.

    Large areas (documents, laws) appear as their index pages only; their pages are reached
    from there, so no page repeats thousands of links. Titles are escaped (see above).
    """
    sections: list[Any] = [
        {"普法机关": ["agencies/index.md",
                  *({escape_html(a.short_name): f"agencies/{a.id}.md"} for a in catalog.agencies),
                  {"责任落实情况": "report/index.md"}]},
        {"专题": ["topics/index.md", *({escape_html(t.name): f"topics/{t.id}.md"} for t in catalog.topics)]},
        {"法律解读": ["laws/index.md", {"征求意见": "consultations/index.md"}]},
        {"以案释法": "cases/index.md"},
        {"法律法规": "statutes/index.md"},
    ]
    guide = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri.startswith("guide/"))
    guide.sort(key=lambda uri: uri != "guide/index.md")
    if config_nav is not None:
        return list(config_nav) + sections
    hand_written = sorted(
        f.src_uri for f in files.documentation_pages()
        if not f.generated_by and not f.src_uri.startswith("guide/") and f.src_uri != "index.md")
    home = [{"首页": "index.md"}] if files.get_file_from_path("index.md") else []
    return home + sections + ([{"编辑指南": guide}] if guide else []) + hand_written


def insert_nav(nav: list, entry: dict[str, Any], *, after: str) -> list:
    """`nav` with `entry` placed after the top-level section titled `after` (at the end if none is)."""
    titles = [next(iter(item)) if isinstance(item, dict) else None for item in nav]
    index = titles.index(after) + 1 if after in titles else len(nav)
    return [*nav[:index], entry, *nav[index:]]


def append_to_section(nav: list, title: str, src_uri: str) -> list:
    """`nav` with `src_uri` added at the end of the top-level section `title`, if there is one."""
    result = []
    for item in nav:
        section = item.get(title) if isinstance(item, dict) and len(item) == 1 else None
        result.append({title: [*section, src_uri]} if isinstance(section, list) else item)
    return result

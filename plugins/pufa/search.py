"""pufa/search: Chinese search over every page, sharded for the browser; replaces Material's search."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
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
from .render.pages import GeneratedPage
from .core.search.cache import PageCache
from .core.search.dictionary import catalog_words, title_words
from .core.search.index import PageInput, build_index, write_index
from .core.search.entries import INDEX_FOLDER, SEARCH_PAGE, describe_page, search_page_markdown
from .core.search.help import search_help
from .core.search.text import Tokenizer, load_word_cache, save_word_cache

SCRIPTS = ("assets/pufa/search/query.js", "assets/pufa/search/page.js")
CSS = "assets/pufa/search.css"
TEMPLATES = Path(__file__).parent / "templates" / "search"


class SearchConfig(Config):
    content_dir = c.Deprecated(message=msg.content_dir_deprecated())
    """No longer used: the search indexes what pufa/content reads."""
    synonyms_file = c.Optional(c.File(exists=True))
    """YAML file mapping what readers type to what pages say (个保法: 个人信息保护法); pufa/content checks it
    with the content, so its problems are reported with all others."""
    cache_file = c.Type(str, default=".cache/pufa/search-words.json")
    """Segmentation cache (relative to mkdocs.yml): a rebuild runs jieba only on text that changed."""
    page_cache_dir = c.Type(str, default=".cache/pufa/search-pages")
    """Each page's sections and body terms (relative to mkdocs.yml): a rebuild reads changed pages only."""


class SearchPlugin(BasePlugin[SearchConfig]):
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # this instance survives `mkdocs serve`'s rebuilds: a page a rebuild does not render again
        # is indexed as it was read the last time
        self.kept: dict[str, PageInput | None] = {}
        self.serving = seam.is_serving(command)
        self.dirty = dirty
        self.indexer = LatestOnly()

    def on_shutdown(self) -> None:
        self.finish()
        self.serving = False  # MkDocs keeps this instance for later configurations in the process

    def finish(self) -> None:
        """Wait for the index a preview build is still writing."""
        if hasattr(self, "indexer"):
            self.indexer.wait()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        seam.refuse_material_search(config)
        self.root = Path(config.config_file_path).parent
        self.files: Files | None = None
        self.read: dict[str, PageInput | None] = {}
        if not hasattr(self, "kept"):  # build() called without on_startup (Python callers, tests)
            self.kept = {}
        # after the user's custom_dir, before Material's own templates
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        config.extra_css.append(CSS)  # the header box is on every page; the scripts only on the search page
        if self.config.synonyms_file:
            config.watch.append(self.config.synonyms_file)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not getattr(self, "dirty", False):
            self.finish()  # MkDocs empties the site folder next
        context = seam.build_context(config)
        self.synonyms, self.catalog, self.routes = context.synonyms, context.catalog, context.routes

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        script = self.routes.relative(SEARCH_PAGE, SCRIPTS[1])
        seam.add_pages(files, [GeneratedPage(SEARCH_PAGE, search_page_markdown(script), "站内搜索")], config, self.root)
        for src_uri in SCRIPTS:
            seam.add_asset(files, config, src_uri, path=seam.ASSETS / "search" / Path(src_uri).name)
        seam.add_asset(files, config, CSS, path=seam.ASSETS / "search.css")
        self.files = files
        return files


    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # the files of this build as MkDocs uses them: pufa/content replaces pages by tracked copies
        # after every plugin's on_files, and seam.per_page asks those whether a page was reused
        self.files = files
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.read[page.file.src_uri] = describe_page(self.catalog, page.file.src_uri, page.url,
                                                     seam.title_text(page.title), html)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.kept = seam.per_page(self.files, self.read, self.kept)
        inputs = [page for page in self.kept.values() if page is not None]
        words = catalog_words(self.catalog) + [w for key, values in self.synonyms.items() for w in (key, *values)]
        # no forked workers in `mkdocs serve`: its threads and file watchers would be copied mid-state
        job = functools.partial(write_site_index, inputs, words, self.synonyms, Path(config.site_dir) / INDEX_FOLDER,
                                self.root / self.config.cache_file, self.root / self.config.page_cache_dir,
                                search_help(self.catalog, self.routes), fork=not self.serving)
        if not self.serving:
            job()
            return
        # the preview shows the saved page at once; its search follows when the thread gets to it
        self.indexer.post(job)


class LatestOnly:
    """One thread running the newest job posted: jobs posted while one runs replace each other, so a
    burst of saves costs the index being written plus one, and one index is written at a time."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.next: Callable[[], None] | None = None
        self.thread: threading.Thread | None = None
        self.busy = False

    def post(self, job: Callable[[], None]) -> None:
        with self.lock:
            self.next = job
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="pufa-search-index", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                job, self.next = self.next, None
                self.busy = job is not None
                if job is None:
                    self.thread = None
                    self.lock.notify_all()
                    return
            try:
                job()
            except Exception as error:  # noqa: BLE001  (the preview goes on; the terminal says why)
                seam.log.error(f"pufa/search：预览的搜索索引没有更新：{error!r}")

    def wait(self) -> None:
        with self.lock:
            self.lock.wait_for(lambda: self.thread is None)


def write_site_index(inputs: list[PageInput], words: list[str], synonyms: dict, folder: Path, word_cache: Path,
                     page_cache: Path, help: dict, *, fork: bool) -> None:
    """Index the pages into `folder`, with the caches of the builds before (read and written)."""
    words = words + title_words(p.title for p in inputs)
    tokenizer = Tokenizer(words, fork=fork)
    tokenizer.cache = load_word_cache(word_cache, tokenizer.dictionary_key)
    pages = PageCache(page_cache)
    write_index(folder, build_index(inputs, tokenizer, synonyms, pages, vocabulary=words, help=help))
    save_word_cache(word_cache, tokenizer)
    pages.save()

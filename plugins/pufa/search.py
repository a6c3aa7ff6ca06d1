"""pufa/search: Chinese search over every page, sharded for the browser; replaces Material's search."""

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
from .render.pages import GeneratedPage
from .core.search.cache import PageCache
from .core.search.dictionary import catalog_words, title_words
from .core.search.index import PageInput, build_index, write_index
from .core.search.entries import INDEX_FOLDER, SEARCH_PAGE, SEARCH_PAGE_MARKDOWN, describe_page
from .core.search.text import Tokenizer, load_word_cache, save_word_cache

JS = "assets/pufa/search.js"
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
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        seam.refuse_material_search(config)
        self.root = Path(config.config_file_path).parent
        self.pages: list[PageInput] = []
        # after the user's custom_dir, before Material's own templates
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        config.extra_css.append(CSS)
        config.extra_javascript.append(JS)
        if self.config.synonyms_file:
            config.watch.append(self.config.synonyms_file)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        context = seam.build_context(config)
        self.synonyms, self.catalog = context.synonyms, context.catalog

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        seam.add_pages(files, [GeneratedPage(SEARCH_PAGE, SEARCH_PAGE_MARKDOWN, "站内搜索")], config, self.root)
        seam.add_asset(files, config, JS, path=seam.ASSETS / "search.js")
        seam.add_asset(files, config, CSS, path=seam.ASSETS / "search.css")
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        described = describe_page(self.catalog, page.file.src_uri, page.url, seam.title_text(page.title), html)
        if described is not None:
            self.pages.append(described)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        words = catalog_words(self.catalog) + title_words(p.title for p in self.pages)
        words += [w for key, values in self.synonyms.items() for w in (key, *values)]
        tokenizer = Tokenizer(words)
        cache = self.root / self.config.cache_file
        tokenizer.cache = load_word_cache(cache, tokenizer.dictionary_key)
        pages = PageCache(self.root / self.config.page_cache_dir)
        files = build_index(self.pages, tokenizer, self.synonyms, pages)
        write_index(Path(config.site_dir) / INDEX_FOLDER, files)
        save_word_cache(cache, tokenizer)
        pages.save()

"""How the site's pages enter the search: kind, agency, topics and metadata of each page, and the search page."""

from __future__ import annotations

import re

from .. import routes
from ..content.catalog import Catalog
from ..kinds import KINDS, OTHER_PAGE
from ..content.model import Case, Document, Explainer
from .index import PageInput

SEARCH_PAGE = routes.SEARCH
INDEX_FOLDER = "search/data"
_CATEGORIES = routes.category_src("x").rsplit("/", 1)[0] + "/"  # listings of statutes by category
GUIDE_KIND = "指南"  # the editors' guide: searched only under its own filter, never among citizens' results


def kind_of(src_uri: str) -> str:
    section, _, rest = src_uri.partition("/")
    kind = next((k for k in KINDS if k.section == section), None)
    return kind.short if kind is not None and rest != "index.md" else OTHER_PAGE


def _document_meta(document: Document, catalog: Catalog) -> str:
    if isinstance(document, Explainer):
        parts = [document.law, *(a.label for a in document.articles), *document.audience]
    elif isinstance(document, Case):
        parts = [document.court, document.case_number, document.kind, *document.keywords,
                 *(ref.law for ref in document.laws)]
    else:
        return ""
    # art148: the term an article query (食品安全法第148条) looks up, as on the statute's own sections
    numbers = dict.fromkeys(f"art{a.number}" for ref in document.law_refs for a in ref.articles)
    return " ".join([*parts, *numbers])


_CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S)
# a superseded version of a law (民事诉讼法/2021-12-24) ranks below the text in force, which says the same
SUPERSEDED_PRIOR = 0.5
_superseded: tuple[Catalog | None, frozenset[str]] = (None, frozenset())


def superseded_texts(catalog: Catalog) -> frozenset[str]:
    """The src_uri of every statute text that is not current (older versions, repealed texts)."""
    global _superseded
    if _superseded[0] is not catalog:  # asked once per page: worked out once per catalog
        _superseded = (catalog, frozenset(t.src_uri for law in catalog.laws() for t in law.texts if not t.current))
    return _superseded[1]


def describe_page(catalog: Catalog, src_uri: str, url: str, title: str, html: str) -> PageInput | None:
    """The page as the index sees it; None for pages that are not results.

    Only content is a result: explainers, cases and statute texts, and the editors' guide
    under a kind of its own. Home, listings, agency and topic pages, calendar, report,
    feeds, kiosk start and the search page lead to content; they would only crowd it out.
    """
    kind = kind_of(src_uri)
    if src_uri.startswith("guide/"):
        # editors' YAML examples would come up as snippets for citizens' queries (离婚冷静期 → `law: …`)
        return PageInput(url, title, GUIDE_KIND, _CODE_BLOCK.sub("", html))
    if kind == OTHER_PAGE or src_uri.startswith(_CATEGORIES) or routes.is_listing(src_uri):
        return None
    document = catalog.documents_by_src.get(src_uri)
    if document is not None:
        return PageInput(url, title, kind, html,
                         tuple((a, catalog.agency(a).short_name) for a in document.agencies),
                         tuple((t, catalog.topic(t).name) for t in document.topics),
                         _document_meta(document, catalog))
    prior = SUPERSEDED_PRIOR if src_uri in superseded_texts(catalog) else 1.0
    return PageInput(url, title, kind, html, prior=prior)


def search_page_markdown(script: str) -> str:
    """The search page; `script` is the address of the page code relative to it (an ES module)."""
    return SEARCH_PAGE_MARKDOWN.replace("{script}", script)


SEARCH_PAGE_MARKDOWN = """\
---
hide:
  - toc
---

# 站内搜索

<form class="pufa-search-form" role="search" action="./" method="get" data-pufa-search-form>
  <label for="pufa-q" class="pufa-search-label">输入您想了解的问题</label>
  <div class="pufa-search-row">
    <input id="pufa-q" name="q" type="search" autocomplete="off" enterkeyhint="search"
           placeholder="例如：离婚冷静期多久、被辞退有补偿吗" data-pufa-search
           aria-controls="pufa-results" aria-describedby="pufa-status">
    <button type="submit" class="pufa-search-button">搜索</button>
  </div>
  <fieldset class="pufa-filters" data-pufa-filters>
    <legend>筛选</legend>
    <label>类别 <select name="kind" data-pufa-filter="kind"><option value="">全部</option></select></label>
    <label>机关 <select name="agency" data-pufa-filter="agency"><option value="">全部</option></select></label>
    <label>专题 <select name="topic" data-pufa-filter="topic"><option value="">全部</option></select></label>
  </fieldset>
</form>

<p id="pufa-status" class="pufa-search-status" role="status" aria-live="polite" data-pufa-status></p>

<ol id="pufa-results" class="pufa-results" data-pufa-results aria-busy="false" aria-label="搜索结果"></ol>

<div class="pufa-no-results" data-pufa-no-results hidden></div>

<script type="module" src="{script}"></script>

<noscript><p>搜索需要浏览器启用 JavaScript。您也可以通过上方的“普法机关”“专题”栏目浏览全部内容。</p></noscript>
"""

"""Markdown of every generated page, rendered from the catalog.

Links are relative `.md` links so that MkDocs resolves them and reports any that break.
The Markdown uses the extensions in REQUIRED_EXTENSIONS (the content plugin enables them).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup

from ..core import routes
from ..core.content.catalog import Catalog, Law, StatuteText, slugify
from ..core.content.fields import LEVELS, STATUS_COMMENT, STATUS_DRAFT
from ..core.content.history import FileDates
from ..core.report.responsibility import DONE, OVERDUE, AgencyReport, build_report, event_deliverables
from ..core.report.reviews import law_changed_after_review
from ..core.content.model import Agency, Case, Document, Explainer
from ..core.statutes.citations import CitationIndex, declared_articles, link_citations
from ..core.statutes.texts import anchor_articles
from .sanitize import BodyMarkers
from .templates import PageTemplates

# pufa.render.raw_html: finished HTML blocks (the calendar's) pass Markdown unparsed
REQUIRED_EXTENSIONS = ("attr_list", "def_list", "md_in_html", "tables", "toc", "pufa.render.raw_html")
STANDALONE = "{: .pufa-standalone }"  # after a link not inside a sentence: pufa.css makes it button-sized


class Linker:
    """Links the citations in a page's text to the articles they cite.

    `memo` holds the texts linked by an earlier build with the same library (see library_key):
    linking the library's own texts is most of rendering it, and a save rarely changes them.
    """

    def __init__(self, catalog: Catalog, memo: dict | None = None) -> None:
        self.index = CitationIndex(catalog)
        self.memo = memo if memo is not None else {}
        self.used: dict = {}  # this build's entries: the memo of the next one

    def __call__(self, text: str, from_src: str, scope: str | None = None, refs: tuple = ()) -> str:
        key = (text, from_src, scope, refs)
        linked = self.memo.get(key)
        if linked is None:
            linked = link_citations(text, self.index, from_src, href, scope, declared_articles(refs))[0]
        self.used[key] = linked
        return linked

    def statute(self, body: str, from_src: str, scope: str) -> str:
        """A statute text with its articles anchored and its citations linked. Keyed by the text as
        read (the same string object while the file is unchanged, its hash cached), not by the much
        longer anchored text, so a save that keeps the library finds each of its 1,500 texts at once."""
        key = ("statute", body, from_src, scope)
        linked = self.memo.get(key)
        if linked is None:
            linked = link_citations(anchor_articles(body.strip()), self.index, from_src, href, scope,
                                    declared_articles(()))[0]
        self.used[key] = linked
        return linked


def library_key(catalog: Catalog) -> int:
    """What a citation link and its preview depend on: every law's names and address, and its texts."""
    # a text's articles follow from its body; a str caches its hash, so an unchanged library costs little
    return hash(tuple((key, law.title, law.short_names, law.src_uri,
                       tuple((text.src_uri, s.path, s.title, s.part, s.short_names, s.promulgated, s.effective,
                              s.status, hash(s.body)) for text in law.texts for s in (text.statute,)))
                      for key, law in sorted(catalog.laws_by_key.items())))


@dataclass(frozen=True)
class Site:
    """What page rendering needs beyond the catalog: citation links, git dates, the build day."""

    catalog: Catalog
    link: Linker
    dates: dict[str, FileDates]
    as_of: dt.date
    markers: BodyMarkers  # the content plugin sanitises bodies between these; no default that could differ
    review_days: int = 365
    templates: PageTemplates = field(default_factory=PageTemplates)  # the theme's folders, a site's overrides first

    def dates_of(self, document: Document) -> tuple[dt.date, dt.date]:
        return document_dates(document, self.dates)


def document_dates(document: Document, dates: dict[str, FileDates]) -> tuple[dt.date, dt.date]:
    """First published and last changed: from git when the file has history, else metadata.

    First published is the earlier of the commit that made the file public and its `published`
    date: content moved from an older site keeps the date it first appeared there (and matches
    the lists, which show `published`).
    """
    found = dates.get(document.path)
    if not found:
        return document.published, document.published
    first = min(found.first, document.published)
    return first, max(found.last, first)


def last_changed(catalog: Catalog, dates: dict[str, FileDates]) -> dict[str, dt.date]:
    """src_uri → the day its content last changed, for the sitemap's <lastmod> (not the build day)."""
    changed = {d.src_uri: document_dates(d, dates)[1] for d in (*catalog.explainers, *catalog.cases)}
    for law in catalog.laws():
        for text in law.texts:
            found = dates.get(text.statute.path)
            if found:
                changed[text.src_uri] = found.last
    return changed


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    markdown: str
    title: str
    edit_path: str | None = None  # the content file an editor changes, relative to the project root
    in_nav: bool = False


def href(from_src: str, to_src: str, anchor: str = "") -> str:
    rel = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return quote(rel) + (f"#{anchor}" if anchor else "")


# Markdown's active characters (emphasis, links, code, attr_list's {: }, headings' closing #,
# table cells) as character references: the text shows as written, in any position.
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}#|!~^=+:"} | {ord("\n"): " ", ord("\r"): " "}


def esc(text: str) -> str:
    """Editor text placed into Markdown: shown as text, never as HTML, Markdown or attributes.

    One line: a line break in a title must not start a heading or end an HTML block.
    """
    return text.translate(_ESCAPES)


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def time_tag(day: dt.date | None) -> str:
    return f'<time datetime="{day.isoformat()}">{cn_date(day)}</time>' if day else "—"


def kind_label(document: Document) -> str:
    return document.document_kind.label


# shared pieces


def meta_panel(rows: list[tuple[str, str]]) -> str:
    """The metadata panel: a definition list inside an <aside> that tests find by data-pufa-meta."""
    items = "\n\n".join(f"{label}\n:   {value}" for label, value in rows if value)
    return f'<aside class="pufa-meta" data-pufa-meta aria-label="基本信息" markdown>\n\n{items}\n\n</aside>'


def document_item(document: Document, catalog: Catalog, from_src: str) -> str:
    agency = catalog.agency(document.agency).short_name
    # a case is dated by its decision, an explainer by its publication: say which
    if isinstance(document, Case) and document.decided:
        when = ("裁判于" if "法院" in document.court else "决定于") + cn_date(document.decided)
    else:
        when = "发布于" + cn_date(document.published)
    detail = f"{kind_label(document)} · {esc(agency)} · {when}"
    return (f"- [{esc(document.title)}]({href(from_src, document.src_uri)})\n"
            f"    <span class=\"pufa-item-meta\">{detail}</span><br>\n"
            f"    {esc(document.summary)}")


def document_list(documents: tuple[Document, ...] | list[Document], catalog: Catalog, from_src: str,
                  empty: str) -> str:
    if not documents:
        return f"<p class=\"pufa-empty\">{empty}</p>"
    items = "\n".join(document_item(d, catalog, from_src) for d in documents)
    return f'<div class="pufa-list" markdown>\n\n{items}\n\n</div>'


def agency_link(catalog: Catalog, agency_id: str, from_src: str) -> str:
    agency = catalog.agency(agency_id)
    return f"[{esc(agency.short_name)}]({href(from_src, agency_src(agency))})"


def agency_src(agency: Agency) -> str:
    return routes.agency_src(agency.id)


def topic_src(topic_id: str) -> str:
    return routes.topic_src(topic_id)


def topic_links(catalog: Catalog, topic_ids: tuple[str, ...], from_src: str) -> str:
    return "、".join(f"[{esc(catalog.topic(t).name)}]({href(from_src, topic_src(t))})" for t in topic_ids)


def law_link(catalog: Catalog, title: str, from_src: str) -> str:
    return f"[《{esc(title)}》]({href(from_src, catalog.law_of(title))})"


# documents


def source_front_matter(source: str | None) -> str:
    """pufa_source in page meta becomes <meta name="pufa-source"> (see the content plugin)."""
    return f"---\npufa_source: {json.dumps(source, ensure_ascii=False)}\n---\n\n" if source else ""


def comment_banner(explainer: Explainer) -> str:
    """The comment period, stated in the page; pufa-comment.js counts down in China time."""
    how = f"\n\n提交意见方式：{esc(explainer.comment_how)}" if explainer.comment_how else ""
    return (f'<div class="pufa-comment" data-pufa-comment data-pufa-opens="{explainer.comment_opens.isoformat()}" '
            f'data-pufa-closes="{explainer.comment_closes.isoformat()}" markdown>\n\n'
            f'<strong data-pufa-comment-state>公开征求意见</strong>：'
            f"{time_tag(explainer.comment_opens)}至{time_tag(explainer.comment_closes)}。"
            f'<span data-pufa-comment-countdown></span>{how}\n\n</div>')


# documents as view data for their templates (templates/common/pufa/explainer.md, case.md)


@dataclass(frozen=True)
class Outdated:
    law: str
    changed: str
    reviewed: str


@dataclass(frozen=True)
class ExplainerView:
    """What an explainer page shows. Plain strings are content (the template escapes them);
    Markup is Markdown pufa wrote, with content escaped inside."""

    title: str
    draft: bool
    summary: str
    meta: Markup
    outdated: Outdated | None
    comment: Markup | None
    points: tuple[tuple[str, tuple[str, ...]], ...]
    body: Markup
    cases: Markup


@dataclass(frozen=True)
class CaseView:
    source: Markup | None  # pufa_source for the page's <meta name="pufa-source">, as YAML
    title: str
    draft: bool
    summary: str
    meta: Markup
    body: Markup
    explainers: Markup


def explainer_view(explainer: Explainer, site: Site) -> ExplainerView:
    catalog, src = site.catalog, explainer.src_uri
    first, last = site.dates_of(explainer)
    rows = [
        ("发布机关", "、".join(agency_link(catalog, a, src) for a in explainer.agencies)),
        ("所释法律", law_link(catalog, explainer.law, src)),
        ("涉及条文", "、".join(a.label for a in explainer.articles)),
        ("法律公布日期", time_tag(explainer.law_promulgated)),
        ("法律施行日期", time_tag(explainer.law_effective)),
        ("专题", topic_links(catalog, explainer.topics, src)),
        ("适用对象", "、".join(esc(a) for a in explainer.audience)),
        ("状态", explainer.status),
        ("首次发布", time_tag(first)),
        ("最近修改", time_tag(last) if last != first else ""),
        ("最近法律审核", time_tag(explainer.reviewed)),
    ]
    changed = law_changed_after_review(catalog, explainer)
    points = tuple((title, tuple(items)) for title, items in (
        ("您的权利", explainer.rights), ("您的义务", explainer.obligations), ("救济途径", explainer.remedies)) if items)
    return ExplainerView(
        title=explainer.title, draft=explainer.status == STATUS_DRAFT, summary=explainer.summary,
        meta=Markup(meta_panel(rows)),
        outdated=Outdated(explainer.law, cn_date(changed), cn_date(explainer.reviewed)) if changed else None,
        comment=Markup(comment_banner(explainer)) if explainer.status == STATUS_COMMENT else None,
        points=points,
        body=Markup(site.markers.wrap(site.link(explainer.body.strip(), src, refs=explainer.law_refs))),
        cases=Markup(document_list(catalog.cases_for(explainer), catalog, src, "暂无适用同一法律条文的案例。")),
    )


def case_view(case: Case, site: Site) -> CaseView:
    catalog, src = site.catalog, case.src_uri
    first, last = site.dates_of(case)
    applied = "<br>".join(
        law_link(catalog, ref.law, src) + ("" if not ref.articles else " " + "、".join(a.label for a in ref.articles))
        for ref in case.laws)
    rows = [
        ("案件类型", case.kind),
        ("审理法院或处理机关", esc(case.court)),
        ("案号", esc(case.case_number)),
        ("裁判日期", time_tag(case.decided)),
        ("适用法律", applied),
        ("关键词", "、".join(esc(k) for k in case.keywords)),
        ("专题", topic_links(catalog, case.topics, src)),
        ("发布机关", "、".join(agency_link(catalog, a, src) for a in case.agencies)),
        ("案例来源", esc(case.origin) if case.origin else ""),
        ("首次发布", time_tag(first)),
        ("最近修改", time_tag(last) if last != first else ""),
    ]
    return CaseView(
        # JSON is a YAML scalar that any text fits in, quotes and line breaks too
        source=Markup(json.dumps(case.source, ensure_ascii=False)) if case.source else None,
        title=case.title, draft=case.status == STATUS_DRAFT, summary=case.summary or "",
        meta=Markup(meta_panel(rows)),
        body=Markup(site.markers.wrap(site.link(case.body.strip(), src, refs=case.law_refs))),
        explainers=Markup(document_list(catalog.explainers_for(case), catalog, src, "暂无解读同一法律条文的文章。")),
    )


def render_explainer(explainer: Explainer, site: Site) -> GeneratedPage:
    markdown = site.templates.render("explainer", view=explainer_view(explainer, site))
    return GeneratedPage(explainer.src_uri, markdown, explainer.title, explainer.path)


def render_case(case: Case, site: Site) -> GeneratedPage:
    markdown = site.templates.render("case", view=case_view(case, site))
    return GeneratedPage(case.src_uri, markdown, case.title, case.path)


# agencies


def website_link(url: str) -> str:
    """A link to the address as written: a Markdown autolink would end at a quote or `>` in it."""
    return f'<a href="{html.escape(url)}">{esc(url)}</a>'


def outside_parent(agency: Agency) -> str:
    """A parent agency without a section on this site: its name, linked to its own site if given."""
    if not agency.parent_name:
        return ""
    if agency.parent_website:
        return f'<a href="{html.escape(agency.parent_website)}">{esc(agency.parent_name)}</a>'
    return esc(agency.parent_name)


@dataclass(frozen=True)
class ResponsibilityRow:
    title: str
    laws: Markup
    measures: str


@dataclass(frozen=True)
class PlanRow:
    id: str
    title: str
    kind: str
    due: Markup


@dataclass(frozen=True)
class AgencyView:
    """What an agency page shows (templates/common/pufa/agency.md)."""

    title_yaml: Markup  # the full name as a YAML scalar, for the browser title
    name: str
    description: str
    meta: Markup
    explainers: Markup
    cases: Markup
    responsibilities: tuple[ResponsibilityRow, ...]
    report_href: str
    plan: tuple[PlanRow, ...]


def agency_view(agency: Agency, catalog: Catalog) -> AgencyView:
    src = agency_src(agency)
    rows = [("层级", agency.level), ("类别", agency.kind or ""),
            ("上级机关", agency_link(catalog, agency.parent, src) if agency.parent else outside_parent(agency)),
            ("下级机关", "、".join(agency_link(catalog, c.id, src) for c in catalog.children(agency.id))),
            ("官方网站", website_link(agency.website) if agency.website else "")]
    return AgencyView(
        title_yaml=Markup(json.dumps(agency.name, ensure_ascii=False)), name=agency.name,
        description=agency.description, meta=Markup(meta_panel(rows)),
        explainers=Markup(document_list(catalog.explainers_of(agency.id), catalog, src, "暂无法律解读。")),
        cases=Markup(document_list(catalog.cases_of(agency.id), catalog, src, "暂无案例。")),
        responsibilities=tuple(
            ResponsibilityRow(r.title, Markup("、".join(law_link(catalog, law, src) + STANDALONE for law in r.laws)
                                              or "—"), r.measures)
            for r in agency.responsibilities),
        report_href=href(src, report_src(agency)),
        plan=tuple(PlanRow(p.id, p.title, p.kind, Markup(time_tag(p.due))) for p in agency.plan),
    )


def render_agency(agency: Agency, catalog: Catalog, templates: PageTemplates | None = None) -> GeneratedPage:
    markdown = (templates or PageTemplates()).render("agency", view=agency_view(agency, catalog))
    return GeneratedPage(agency_src(agency), markdown, agency.short_name, agency.path, in_nav=True)


def render_agency_index(catalog: Catalog) -> GeneratedPage:
    src = routes.AGENCIES
    parts = ["# 普法机关", "按照“谁执法谁普法”的要求，各机关解读自己执行的法律。选择一个机关，查看它的解读、案例和普法责任清单。"]
    for level in LEVELS:
        agencies = [a for a in catalog.agencies if a.level == level]
        if agencies:
            items = "\n".join(
                f"- [{esc(a.name)}]({href(src, agency_src(a))})<br>\n    <span class=\"pufa-item-meta\">"
                f"{len(catalog.explainers_of(a.id))} 篇解读 · {len(catalog.cases_of(a.id))} 个案例</span>"
                for a in agencies)
            parts.append(f"## {level}\n\n<div class=\"pufa-list\" markdown>\n\n{items}\n\n</div>")
    return GeneratedPage(src, "\n\n".join(parts) + "\n", "普法机关", in_nav=True)


# topics, laws and listings


@dataclass(frozen=True)
class TopicView:
    """What a topic page shows (templates/common/pufa/topic.md)."""

    name: str
    description: str
    explainers: Markup
    cases: Markup


def topic_view(topic_id: str, catalog: Catalog) -> TopicView:
    topic = catalog.topic(topic_id)
    src = topic_src(topic_id)
    documents = catalog.in_topic(topic_id)
    explainers = [d for d in documents if isinstance(d, Explainer)]
    cases = [d for d in documents if isinstance(d, Case)]
    return TopicView(topic.name, topic.description or "",
                     Markup(document_list(explainers, catalog, src, "本专题暂无法律解读。")),
                     Markup(document_list(cases, catalog, src, "本专题暂无案例。")))


def render_topic(topic_id: str, catalog: Catalog, templates: PageTemplates | None = None) -> GeneratedPage:
    markdown = (templates or PageTemplates()).render("topic", view=topic_view(topic_id, catalog))
    return GeneratedPage(topic_src(topic_id), markdown, catalog.topic(topic_id).name, in_nav=True)


def topic_tiles(catalog: Catalog, from_src: str) -> str:
    tiles = "\n".join(
        f"- [{esc(t.name)}<span class=\"pufa-tile-count\">{len(catalog.in_topic(t.id))} 篇</span>]"
        f"({href(from_src, topic_src(t.id))})"
        for t in catalog.topics)
    return f'<div class="pufa-tiles" data-pufa-tiles markdown>\n\n{tiles}\n\n</div>'


def render_topic_index(catalog: Catalog) -> GeneratedPage:
    src = routes.TOPICS
    return GeneratedPage(src, f"# 专题\n\n按生活中遇到的问题浏览。\n\n{topic_tiles(catalog, src)}\n", "专题", in_nav=True)


def text_rows(text: StatuteText) -> list[tuple[str, str]]:
    statute = text.statute
    return [("效力状态", text.status), ("制定机关", esc(statute.issuer or "")),
            ("公布日期", time_tag(statute.promulgated) if statute.promulgated else ""),
            ("施行日期", time_tag(statute.effective) if statute.effective else ""),
            ("法律部门", esc(statute.category or ""))]


def history_block(text: StatuteText) -> str:
    if not text.statute.history:
        return ""
    items = "\n".join(f"- {time_tag(day)} {esc(event)}" for day, event in text.statute.history)
    return f'<details class="pufa-history" markdown>\n<summary>沿革</summary>\n\n{items}\n\n</details>'


def statute_body(text: StatuteText, law: Law, site: Site) -> str:
    body = site.link.statute(text.statute.body, text.src_uri, law.key)
    return "## 条文\n\n" + site.markers.wrap(body)


def texts_list(law: Law, from_src: str) -> str:
    items = []
    for text in law.texts:
        if text.src_uri == from_src:
            continue
        name = esc(text.statute.part or text.statute.title)
        when = f"（{cn_date(text.statute.promulgated)}）" if text.statute.promulgated else ""
        items.append(f"- [{name}{when}]({href(from_src, text.src_uri)}) · {text.status}")
    return "\n".join(items)


def render_law(law: Law, site: Site) -> GeneratedPage:
    catalog = site.catalog
    src = law.src_uri
    embedded = law.embedded
    rows = text_rows(embedded) if embedded else [("效力状态", law.status or ""),
                                                    ("公布日期", time_tag(law.promulgated)),
                                                    ("施行日期", time_tag(law.effective))]
    if law.short_names:
        rows.insert(1, ("简称", "、".join(esc(n) for n in law.short_names)))
    rows.append(("本站内容", f"{len(law.explainers)} 篇解读，{len(law.cases)} 个案例"))
    parts = [f"# {esc(law.title)}", meta_panel(rows)]
    if embedded:
        parts.append(history_block(embedded))
    others = texts_list(law, src)
    if others:
        parts.append(("## 分编\n\n" if any(t.statute.part for t in law.texts) else "## 其他版本\n\n") + others)
    parts += ["## 法律解读\n\n" + document_list(law.explainers, catalog, src, "暂无解读本法的文章。"),
              "## 以案释法\n\n" + document_list(law.cases, catalog, src, "暂无适用本法的案例。")]
    if embedded:
        parts.append(statute_body(embedded, law, site))
    meta = source_front_matter(embedded.statute.source if embedded else None)
    return GeneratedPage(src, meta + "\n\n".join(p for p in parts if p) + "\n", law.title,
                         embedded.statute.path if embedded else None)


def render_statute_text(text: StatuteText, law: Law, site: Site) -> GeneratedPage:
    src = text.src_uri
    rows = text_rows(text)
    rows.insert(0, ("所属法律", f"[《{esc(law.title)}》]({href(src, law.src_uri)})"))
    notice = "" if text.current else (
        f'<p class="pufa-notice" data-pufa-superseded>这是已被修改的旧版本，'
        f"现行文本见[《{esc(law.title)}》]({href(src, law.src_uri)})。</p>")
    parts = [f"# {esc(text.statute.display_title)}", notice, meta_panel(rows), history_block(text),
             statute_body(text, law, site)]
    meta = source_front_matter(text.statute.source)
    return GeneratedPage(src, meta + "\n\n".join(p for p in parts if p) + "\n", text.statute.display_title,
                         text.statute.path)


def law_category(law: Law) -> str:
    categories = [t.statute.category for t in law.texts if t.statute.category]
    return categories[0] if categories else "其他"


def law_item(law: Law, from_src: str) -> str:
    return (f"- [《{esc(law.title)}》]({href(from_src, law.src_uri)})<br>\n    <span class=\"pufa-item-meta\">"
            f"{law.status or '本站未收录全文'} · {len(law.explainers)} 篇解读 · {len(law.cases)} 个案例</span>")


def render_law_index(catalog: Catalog) -> list[GeneratedPage]:
    """The law index and one page per legal department, so no page lists the whole library."""
    src = routes.STATUTES
    groups: dict[str, list[Law]] = {}
    for law in catalog.laws():
        groups.setdefault(law_category(law), []).append(law)
    explained = [law for law in catalog.laws() if law.explainers or law.cases]
    parts = ["# 法律法规", "本站解读和案例涉及的法律，以及收录全文的法律法规。",
             "## 有解读或案例的法律\n\n<div class=\"pufa-list\" markdown>\n\n"
             + "\n".join(law_item(law, src) for law in explained) + "\n\n</div>"]
    pages = []
    if len(groups) > 1 or catalog.statutes:
        links = "\n".join(f"- [{esc(name)}]({href(src, routes.category_src(slugify(name)))})（{len(laws)} 部）"
                           for name, laws in sorted(groups.items()))
        parts.append("## 按法律部门浏览\n\n" + links)
        for name, laws in sorted(groups.items()):
            page_src = routes.category_src(slugify(name))
            items = "\n".join(law_item(law, page_src) for law in laws)
            # "法律法规：宪法", not "宪法": a category may share its name with a topic (title 2.4.2)
            pages.append(GeneratedPage(page_src, f"# 法律法规：{esc(name)}\n\n<div class=\"pufa-list\" markdown>\n\n"
                                       f"{items}\n\n</div>\n", f"法律法规：{name}"))
    return [GeneratedPage(src, "\n\n".join(parts) + "\n", "法律法规", in_nav=True), *pages]


def render_explainer_index(catalog: Catalog) -> GeneratedPage:
    src = routes.EXPLAINERS
    markdown = "# 法律解读\n\n各机关对所执行法律的通俗解读，最新发布的在前。\n\n" + document_list(
        catalog.explainers, catalog, src, "暂无法律解读。") + "\n"
    return GeneratedPage(src, markdown, "法律解读", in_nav=True)


def render_case_index(catalog: Catalog) -> GeneratedPage:
    src = routes.CASES
    parts = ["# 以案释法", "用真实案例讲解法律，按案件类型分组，最新发布的在前。"]
    for kind in sorted({c.kind for c in catalog.cases}, key=("民事", "刑事", "行政", "行政执法").index):
        parts.append(f"## {kind}案例\n\n" + document_list([c for c in catalog.cases if c.kind == kind],
                                                       catalog, src, ""))
    return GeneratedPage(src, "\n\n".join(parts) + "\n", "以案释法", in_nav=True)


def render_consultations(catalog: Catalog) -> GeneratedPage:
    """Every draft open for comment; the page script moves closed ones under 已结束."""
    src = routes.CONSULTATIONS
    drafts = sorted((e for e in catalog.explainers if e.status == STATUS_COMMENT),
                    key=lambda e: e.comment_closes, reverse=True)
    items = "\n".join(
        f'- <span data-pufa-consultation data-pufa-opens="{e.comment_opens.isoformat()}" '
        f'data-pufa-closes="{e.comment_closes.isoformat()}"></span>[{esc(e.title)}]({href(src, e.src_uri)})<br>\n'
        f'    <span class="pufa-item-meta">{esc(catalog.agency(e.agency).short_name)} · 征求意见期 '
        f"{cn_date(e.comment_opens)}至{cn_date(e.comment_closes)}</span>" for e in drafts)
    body = (f'<div class="pufa-list" data-pufa-consultations markdown>\n\n{items}\n\n</div>' if drafts
            else '<p class="pufa-empty">目前没有征求意见的草案。</p>')
    markdown = ("# 征求意见\n\n各机关公开征求意见的法规草案和解读。征求意见期内，您可以按页面上的方式提交意见。"
                f"\n\n{body}\n")
    return GeneratedPage(src, markdown, "征求意见", in_nav=True)


def report_src(agency: Agency) -> str:
    return routes.report_src(agency.id)


def render_agency_report(report: AgencyReport, site: Site) -> GeneratedPage:
    agency, src = report.agency, report_src(report.agency)
    rows = "\n".join(
        f"| {s.item.id} | {esc(s.item.title)} | {s.item.kind} | {time_tag(s.item.due)} | "
        f'<span data-pufa-plan-state="{s.state}">{s.state}</span> | '
        + ("<br>".join(f"[{esc(d.title)}]({href(src, d.src_uri)})" if d.src_uri else esc(d.title)
                       for d in s.deliverables) or "—") + " |"
        for s in report.items)
    plan = ("| 编号 | 计划事项 | 类型 | 期限 | 完成情况 | 对应内容 |\n| --- | --- | --- | --- | --- | --- |\n" + rows
            if report.items else "本机关未填报年度普法计划。")
    stale = "\n".join(f"- [{esc(e.title)}]({href(src, e.src_uri)})（最近审核 {cn_date(e.reviewed)}）"
                       for e in report.stale) or f"没有超过 {site.review_days} 天未审核的解读。"
    summary = (f"计划 {len(report.items)} 项：已完成 {report.count(DONE)} 项，逾期未完成 {report.count(OVERDUE)} 项。"
               f"已发布解读 {report.explainers} 篇、案例 {report.cases} 个，其中 {report.unplanned} 项不在计划内。")
    markdown = (f"# {esc(agency.short_name)}普法责任落实情况\n\n统计截至{cn_date(site.as_of)}（网站生成之日）。"
                f"\n\n<p data-pufa-report-summary>{summary}</p>\n\n## 年度普法计划\n\n{plan}\n\n"
                f"## 超过 {site.review_days} 天未进行法律审核的解读\n\n{stale}\n\n"
                f"[返回{esc(agency.short_name)}]({href(src, agency_src(agency))})\n")
    return GeneratedPage(src, markdown, f"{agency.short_name}普法责任落实情况")


def render_report_overview(reports: list[AgencyReport], site: Site) -> GeneratedPage:
    src = routes.REPORT
    rows = "\n".join(
        f"| [{esc(r.agency.short_name)}]({href(src, report_src(r.agency))}) | {len(r.items)} | {r.count(DONE)} | "
        f"{r.count(OVERDUE)} | {r.explainers} | {r.cases} | {len(r.stale)} |" for r in reports)
    markdown = ("# 普法责任制落实情况\n\n按照“谁执法谁普法”普法责任制，各机关年度普法计划的完成情况。"
                f"统计截至{cn_date(site.as_of)}（网站生成之日）。\n\n"
                "| 机关 | 计划事项 | 已完成 | 逾期未完成 | 解读 | 案例 | 超期未审核 |\n"
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" + rows + "\n")
    return GeneratedPage(src, markdown, "普法责任制落实情况", in_nav=True)


def render_site(catalog: Catalog, as_of: dt.date, dates: dict[str, FileDates] | None = None,
                review_days: int = 365, events: list | None = None, *,
                markers: BodyMarkers, linker: Linker | None = None,
                templates: PageTemplates | None = None) -> list[GeneratedPage]:
    """Every page generated from the catalog, index pages before the pages they list.

    `as_of` is the build day (China time) of the build's one clock; `events` are the calendar's
    campaign events, which count in the responsibility report. `markers` enclose editors'
    bodies; the content plugin sanitises with the same markers. `templates` are the page
    templates of the site's theme folders (the package's own when not given).
    """
    site = Site(catalog, linker or Linker(catalog), dates or {}, as_of, markers, review_days,
                templates or PageTemplates())
    reports = build_report(catalog, site.as_of, review_days, event_deliverables(events or ()))
    return [
        render_agency_index(catalog), *(render_agency(a, catalog, site.templates) for a in catalog.agencies),
        render_topic_index(catalog), *(render_topic(t.id, catalog, site.templates) for t in catalog.topics),
        *render_law_index(catalog), *(render_law(law, site) for law in catalog.laws()),
        *(render_statute_text(text, law, site) for law in catalog.laws() for text in law.texts
          if text.src_uri != law.src_uri),
        render_explainer_index(catalog), *(render_explainer(e, site) for e in catalog.explainers),
        render_case_index(catalog), *(render_case(c, site) for c in catalog.cases),
        render_consultations(catalog),
        render_report_overview(reports, site), *(render_agency_report(r, site) for r in reports),
    ]


# blocks for hand-written pages


def latest_block(catalog: Catalog, from_src: str, count: int = 6) -> str:
    documents = sorted((*catalog.explainers, *catalog.cases), key=lambda d: d.published, reverse=True)
    return document_list(documents[:count], catalog, from_src, "暂无内容。")


def consultations_block(catalog: Catalog, from_src: str) -> str:
    open_ = [e for e in catalog.explainers if e.status == STATUS_COMMENT]
    return document_list(open_, catalog, from_src, "目前没有正在征求意见的草案。")


def agencies_block(catalog: Catalog, from_src: str) -> str:
    tiles = "\n".join(f"- [{esc(a.short_name)}]({href(from_src, agency_src(a))})" for a in catalog.agencies)
    return f'<div class="pufa-tiles pufa-tiles--small" markdown>\n\n{tiles}\n\n</div>'


BLOCKS = {
    "<!-- pufa:latest -->": latest_block,
    "<!-- pufa:topics -->": topic_tiles,
    "<!-- pufa:agencies -->": agencies_block,
    "<!-- pufa:consultations -->": consultations_block,
}


def expand_blocks(markdown: str, catalog: Catalog, src_uri: str) -> str:
    """Replace block markers such as <!-- pufa:latest --> in a hand-written page."""
    for marker, render in BLOCKS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(catalog, src_uri))
    return markdown

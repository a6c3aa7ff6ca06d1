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
from ..core.content.catalog import Catalog, Law, StatuteText, law_key, slugify
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


def kind_label(document: Document) -> str:
    return document.document_kind.label


# shared pieces, as data for the partials in templates/common/pufa/partials/


@dataclass(frozen=True)
class Link:
    text: str
    href: Markup  # an address pufa formatted (href()), safe in a Markdown link as it is


@dataclass(frozen=True)
class Day:
    day: dt.date | None  # shown as 2024年1月1日 in a <time>; none as —


@dataclass(frozen=True)
class Row:
    """A row of the metadata panel; a row without values is left out."""

    label: str
    values: tuple
    lines: bool = False  # one value a line, else joined by 、


def row(label: str, *values, lines: bool = False) -> Row:
    return Row(label, tuple(v for v in values if v), lines)


@dataclass(frozen=True)
class Item:
    """An entry of a page list: a title linking to the page, a line of details, a summary if any."""

    title: str
    href: Markup
    detail: str
    summary: str = ""


@dataclass(frozen=True)
class Comment:
    opens: dt.date
    closes: dt.date
    how: str


def link(text: str, from_src: str, to_src: str, anchor: str = "") -> Link:
    return Link(text, Markup(href(from_src, to_src, anchor)))


def document_item(document: Document, catalog: Catalog, from_src: str) -> Item:
    agency = catalog.agency(document.agency).short_name
    # a case is dated by its decision, an explainer by its publication: say which
    if isinstance(document, Case) and document.decided:
        when = ("裁判于" if "法院" in document.court else "决定于") + cn_date(document.decided)
    else:
        when = "发布于" + cn_date(document.published)
    return Item(document.title, Markup(href(from_src, document.src_uri)),
                f"{kind_label(document)} · {agency} · {when}", document.summary)


def document_items(documents, catalog: Catalog, from_src: str) -> tuple[Item, ...]:
    return tuple(document_item(d, catalog, from_src) for d in documents)


def agency_link(catalog: Catalog, agency_id: str, from_src: str) -> Link:
    return link(catalog.agency(agency_id).short_name, from_src, agency_src(catalog.agency(agency_id)))


def agency_src(agency: Agency) -> str:
    return routes.agency_src(agency.id)


def topic_src(topic_id: str) -> str:
    return routes.topic_src(topic_id)


def topic_links(catalog: Catalog, topic_ids: tuple[str, ...], from_src: str) -> tuple[Link, ...]:
    return tuple(link(catalog.topic(t).name, from_src, topic_src(t)) for t in topic_ids)


def law_link(catalog: Catalog, title: str, from_src: str) -> Link:
    return link(f"《{title}》", from_src, catalog.law_of(title))


def law_list_link(catalog: Catalog, title: str, from_src: str) -> Link:
    """The law's name, linked to where all its explainers and cases are listed."""
    law = catalog.laws_by_key[law_key(title)]
    return link(f"《{law.title}》", from_src, routes.documents_src(law.src_uri) if lists_apart(law) else law.src_uri)


# documents


def source_yaml(source: str | None) -> Markup | None:
    """pufa_source for the page's meta (the template puts it into <meta name="pufa-source">)."""
    # JSON is a YAML scalar that any text fits in, quotes and line breaks too
    return Markup(json.dumps(source, ensure_ascii=False)) if source else None


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
    meta: tuple[Row, ...]
    outdated: Outdated | None
    comment: Comment | None
    points: tuple[tuple[str, tuple[str, ...]], ...]
    body: Markup
    cases: tuple[Item, ...]
    more_cases: More | None = None


@dataclass(frozen=True)
class CaseView:
    source: Markup | None  # pufa_source for the page's <meta name="pufa-source">, as YAML
    title: str
    draft: bool
    summary: str
    meta: tuple[Row, ...]
    body: Markup
    explainers: tuple[Item, ...]
    more_explainers: More | None = None


# a page's related list shows the newest few: on a large site one article is applied by hundreds of
# cases, and every page listing them all made pages (and builds) grow with the square of the site
RELATED_SHOWN = 10


@dataclass(frozen=True)
class More:
    """A related list cut to RELATED_SHOWN: how many there are, and the law pages that list them all."""

    total: int
    laws: tuple[Link, ...]


def related(documents: tuple[Document, ...], laws: tuple[Link, ...], catalog: Catalog,
            src: str) -> tuple[tuple[Item, ...], More | None]:
    shown = document_items(documents[:RELATED_SHOWN], catalog, src)
    return shown, (More(len(documents), laws) if len(documents) > RELATED_SHOWN else None)


# a law's or an agency's page shows this many of its newest explainers and of its cases: on a large
# site a law is applied by thousands of cases; all of them are on its list (routes.documents_src)
SHOWN_ON_PAGE = 10


@dataclass(frozen=True)
class Shown:
    """The newest of a page's explainers (or cases) and, when there are more, the page listing all."""

    items: tuple[Item, ...]
    total: int
    all: Link | None = None


def too_many(*lists: tuple[Document, ...]) -> bool:
    return any(len(documents) > SHOWN_ON_PAGE for documents in lists)


def lists_apart(law: Law) -> bool:
    """Whether the law's explainers and cases are listed on a page of their own, beside the law's."""
    return too_many(law.explainers, law.cases)


def shown(documents: tuple[Document, ...], catalog: Catalog, src: str) -> Shown:
    more = len(documents) > SHOWN_ON_PAGE
    return Shown(document_items(documents[:SHOWN_ON_PAGE], catalog, src), len(documents),
                 link("查看全部法律解读和以案释法", src, routes.documents_src(src)) if more else None)


def explainer_view(explainer: Explainer, site: Site) -> ExplainerView:
    catalog, src = site.catalog, explainer.src_uri
    first, last = site.dates_of(explainer)
    rows = (
        row("发布机关", *(agency_link(catalog, a, src) for a in explainer.agencies)),
        row("所释法律", law_link(catalog, explainer.law, src)),
        row("涉及条文", *(a.label for a in explainer.articles)),
        row("法律公布日期", Day(explainer.law_promulgated)),
        row("法律施行日期", Day(explainer.law_effective)),
        row("专题", *topic_links(catalog, explainer.topics, src)),
        row("适用对象", *explainer.audience),
        row("状态", explainer.status),
        row("首次发布", Day(first)),
        row("最近修改", Day(last) if last != first else ""),
        row("最近法律审核", Day(explainer.reviewed)),
    )
    changed = law_changed_after_review(catalog, explainer)
    cases, more = related(catalog.cases_for(explainer), (law_list_link(catalog, explainer.law, src),), catalog, src)
    points = tuple((title, tuple(items)) for title, items in (
        ("您的权利", explainer.rights), ("您的义务", explainer.obligations), ("救济途径", explainer.remedies)) if items)
    return ExplainerView(
        title=explainer.title, draft=explainer.status == STATUS_DRAFT, summary=explainer.summary,
        meta=rows,
        outdated=Outdated(explainer.law, cn_date(changed), cn_date(explainer.reviewed)) if changed else None,
        comment=(Comment(explainer.comment_opens, explainer.comment_closes, explainer.comment_how or "")
                 if explainer.status == STATUS_COMMENT else None),
        points=points,
        body=Markup(site.markers.wrap(site.link(explainer.body.strip(), src, refs=explainer.law_refs))),
        cases=cases,
        more_cases=more,
    )


def case_view(case: Case, site: Site) -> CaseView:
    catalog, src = site.catalog, case.src_uri
    first, last = site.dates_of(case)
    applied = (law_link(catalog, ref.law, src) if not ref.articles
               else (law_link(catalog, ref.law, src), "、".join(a.label for a in ref.articles)) for ref in case.laws)
    rows = (
        row("案件类型", case.kind),
        row("审理法院或处理机关", case.court),
        row("案号", case.case_number),
        row("裁判日期", Day(case.decided)),
        row("适用法律", *applied, lines=True),
        row("关键词", *case.keywords),
        row("专题", *topic_links(catalog, case.topics, src)),
        row("发布机关", *(agency_link(catalog, a, src) for a in case.agencies)),
        row("案例来源", case.origin or ""),
        row("首次发布", Day(first)),
        row("最近修改", Day(last) if last != first else ""),
    )
    laws = tuple(dict.fromkeys(law_list_link(catalog, ref.law, src) for ref in case.laws))
    explainers, more = related(catalog.explainers_for(case), laws, catalog, src)
    return CaseView(
        source=source_yaml(case.source),
        title=case.title, draft=case.status == STATUS_DRAFT, summary=case.summary or "",
        meta=rows,
        body=Markup(site.markers.wrap(site.link(case.body.strip(), src, refs=case.law_refs))),
        explainers=explainers,
        more_explainers=more,
    )


def render_explainer(explainer: Explainer, site: Site) -> GeneratedPage:
    markdown = site.templates.render("explainer", view=explainer_view(explainer, site))
    return GeneratedPage(explainer.src_uri, markdown, explainer.title, explainer.path)


def render_case(case: Case, site: Site) -> GeneratedPage:
    markdown = site.templates.render("case", view=case_view(case, site))
    return GeneratedPage(case.src_uri, markdown, case.title, case.path)


# agencies


def website_link(url: str) -> Markup:
    """A link to the address as written: a Markdown autolink would end at a quote or `>` in it."""
    return Markup(f'<a href="{html.escape(url)}">{esc(url)}</a>')


def outside_parent(agency: Agency) -> Markup | str:
    """A parent agency without a section on this site: its name, linked to its own site if given."""
    if not agency.parent_name:
        return ""
    if agency.parent_website:
        return Markup(f'<a href="{html.escape(agency.parent_website)}">{esc(agency.parent_name)}</a>')
    return agency.parent_name


@dataclass(frozen=True)
class ResponsibilityRow:
    title: str
    laws: tuple[Link, ...]
    measures: str


@dataclass(frozen=True)
class PlanRow:
    id: str
    title: str
    kind: str
    due: Day


@dataclass(frozen=True)
class AgencyView:
    """What an agency page shows (templates/common/pufa/agency.md)."""

    title_yaml: Markup  # the full name as a YAML scalar, for the browser title
    name: str
    description: str
    meta: tuple[Row, ...]
    explainers: Shown
    cases: Shown
    responsibilities: tuple[ResponsibilityRow, ...]
    report_href: Markup
    plan: tuple[PlanRow, ...]


def agency_view(agency: Agency, catalog: Catalog) -> AgencyView:
    src = agency_src(agency)
    rows = (row("层级", agency.level), row("类别", agency.kind or ""),
            row("上级机关", agency_link(catalog, agency.parent, src) if agency.parent else outside_parent(agency)),
            row("下级机关", *(agency_link(catalog, c.id, src) for c in catalog.children(agency.id))),
            row("官方网站", website_link(agency.website) if agency.website else ""))
    return AgencyView(
        title_yaml=Markup(json.dumps(agency.name, ensure_ascii=False)), name=agency.name,
        description=agency.description, meta=rows,
        explainers=shown(catalog.explainers_of(agency.id), catalog, src),
        cases=shown(catalog.cases_of(agency.id), catalog, src),
        responsibilities=tuple(
            ResponsibilityRow(r.title, tuple(law_link(catalog, law, src) for law in r.laws), r.measures)
            for r in agency.responsibilities),
        report_href=Markup(href(src, report_src(agency))),
        plan=tuple(PlanRow(p.id, p.title, p.kind, Day(p.due)) for p in agency.plan),
    )


def render_agency(agency: Agency, catalog: Catalog, templates: PageTemplates | None = None) -> list[GeneratedPage]:
    """The agency's page and, when it has more explainers or cases than the page shows, their full list."""
    templates = templates or PageTemplates()
    src = agency_src(agency)
    page = GeneratedPage(src, templates.render("agency", view=agency_view(agency, catalog)), agency.short_name,
                         agency.path, in_nav=True)
    return [page, *list_of_all(src, agency.name, agency.name, catalog.explainers_of(agency.id),
                               catalog.cases_of(agency.id), catalog, templates, ("暂无法律解读。", "暂无案例。"))]


def list_of_all(owner_src: str, title: str, back: str, explainers: tuple[Document, ...], cases: tuple[Document, ...],
                catalog: Catalog, templates: PageTemplates, empty: tuple[str, str]) -> list[GeneratedPage]:
    """The paged list of all of a law's or an agency's documents, when its page cannot show them all."""
    if not too_many(explainers, cases):
        return []
    return render_listing(routes.documents_src(owner_src), f"{title}：法律解读和以案释法", "", (back, owner_src),
                          (*explainers, *cases), catalog, templates, empty)


@dataclass(frozen=True)
class Section:
    """A heading and the list under it (index pages)."""

    title: str
    items: tuple[Item, ...]


def render_agency_index(catalog: Catalog, templates: PageTemplates) -> GeneratedPage:
    src = routes.AGENCIES
    sections = []
    for level in LEVELS:
        agencies = [a for a in catalog.agencies if a.level == level]
        if agencies:
            sections.append(Section(level, tuple(
                Item(a.name, Markup(href(src, agency_src(a))),
                     f"{len(catalog.explainers_of(a.id))} 篇解读 · {len(catalog.cases_of(a.id))} 个案例")
                for a in agencies)))
    return GeneratedPage(src, templates.render("agencies", sections=tuple(sections)), "普法机关", in_nav=True)


# topics, laws and listings


@dataclass(frozen=True)
class ListSection:
    """A heading and its list on a listing page; `empty` is said when a one-page listing has none."""

    title: str
    items: tuple[Item, ...]
    empty: str


@dataclass(frozen=True)
class ListingView:
    """A page that lists explainers and cases (templates/common/pufa/listing.md): a topic, or
    everything of a law or an agency; one of its numbered pages when they do not fit on one."""

    title: str
    description: str
    back: Link | None  # the law's or agency's own page
    sections: tuple[ListSection, ...]
    pager: Pager | None


def render_listing(first_src: str, title: str, description: str, back: tuple[str, str] | None,
                   documents: tuple[Document, ...], catalog: Catalog, templates: PageTemplates,
                   empty: tuple[str, str], in_nav: bool = False) -> list[GeneratedPage]:
    """Explainers, then cases, 100 a page; `back` is (name, src) of the page the list belongs to."""
    pages = []
    for src, pager, chunk in paged(first_src, list(documents)):
        sections = tuple(
            ListSection(heading, document_items(items, catalog, src), none)
            for heading, items, none in (("法律解读", [d for d in chunk if isinstance(d, Explainer)], empty[0]),
                                         ("以案释法", [d for d in chunk if isinstance(d, Case)], empty[1]))
            if items or pager is None)
        page_title = _page_title(title, pager)
        view = ListingView(page_title, description, link(back[0], src, back[1]) if back else None, sections, pager)
        pages.append(GeneratedPage(src, templates.render("listing", view=view), page_title,
                                   in_nav=in_nav and src == first_src))
    return pages


def render_topic(topic_id: str, catalog: Catalog, templates: PageTemplates | None = None) -> list[GeneratedPage]:
    topic = catalog.topic(topic_id)
    return render_listing(topic_src(topic_id), topic.name, topic.description or "", None, catalog.in_topic(topic_id),
                          catalog, templates or PageTemplates(), ("本专题暂无法律解读。", "本专题暂无案例。"), in_nav=True)


def topic_tiles(catalog: Catalog, from_src: str) -> str:
    tiles = "\n".join(
        f"- [{esc(t.name)}<span class=\"pufa-tile-count\">{len(catalog.in_topic(t.id))} 篇</span>]"
        f"({href(from_src, topic_src(t.id))})"
        for t in catalog.topics)
    return f'<div class="pufa-tiles" data-pufa-tiles markdown>\n\n{tiles}\n\n</div>'


def render_topic_index(catalog: Catalog, templates: PageTemplates) -> GeneratedPage:
    src = routes.TOPICS
    return GeneratedPage(src, templates.render("topics", tiles=Markup(topic_tiles(catalog, src))), "专题", in_nav=True)


def text_rows(text: StatuteText) -> list[Row]:
    statute = text.statute
    return [row("效力状态", text.status), row("制定机关", statute.issuer or ""),
            row("公布日期", Day(statute.promulgated) if statute.promulgated else ""),
            row("施行日期", Day(statute.effective) if statute.effective else ""),
            row("法律部门", statute.category or "")]


def history(text: StatuteText) -> tuple[tuple[Day, str], ...]:
    return tuple((Day(day), event) for day, event in text.statute.history)


def statute_body(text: StatuteText, law: Law, site: Site) -> Markup:
    return Markup(site.markers.wrap(site.link.statute(text.statute.body, text.src_uri, law.key)))


def texts_list(law: Law, from_src: str) -> tuple[tuple[Link, str], ...]:
    """The law's other texts (parts, earlier versions), each with its status."""
    items = []
    for text in law.texts:
        if text.src_uri == from_src:
            continue
        when = f"（{cn_date(text.statute.promulgated)}）" if text.statute.promulgated else ""
        items.append((link((text.statute.part or text.statute.title) + when, from_src, text.src_uri), text.status))
    return tuple(items)


@dataclass(frozen=True)
class LawView:
    """What a law's page shows (templates/common/pufa/law.md)."""

    source: Markup | None
    title: str
    meta: tuple[Row, ...]
    history: tuple[tuple[Day, str], ...]
    others_title: str
    others: tuple[tuple[Link, str], ...]
    explainers: Shown
    cases: Shown
    body: Markup | None


def law_view(law: Law, site: Site) -> LawView:
    src, embedded = law.src_uri, law.embedded
    rows = text_rows(embedded) if embedded else [row("效力状态", law.status or ""),
                                                    row("公布日期", Day(law.promulgated)),
                                                    row("施行日期", Day(law.effective))]
    if law.short_names:
        rows.insert(1, row("简称", *law.short_names))
    rows.append(row("本站内容", f"{len(law.explainers)} 篇解读，{len(law.cases)} 个案例"))
    return LawView(
        source=source_yaml(embedded.statute.source if embedded else None), title=law.title, meta=tuple(rows),
        history=history(embedded) if embedded else (),
        others_title="分编" if any(t.statute.part for t in law.texts) else "其他版本", others=texts_list(law, src),
        explainers=shown(law.explainers, site.catalog, src),
        cases=shown(law.cases, site.catalog, src),
        body=statute_body(embedded, law, site) if embedded else None)


def render_law(law: Law, site: Site) -> list[GeneratedPage]:
    """The law's page (with its text when it has one text) and, when needed, the list of all its documents."""
    embedded = law.embedded
    page = GeneratedPage(law.src_uri, site.templates.render("law", view=law_view(law, site)), law.title,
                         embedded.statute.path if embedded else None)
    return [page, *list_of_all(law.src_uri, f"《{law.title}》", f"《{law.title}》", law.explainers, law.cases,
                               site.catalog, site.templates, ("暂无解读本法的文章。", "暂无适用本法的案例。"))]


@dataclass(frozen=True)
class StatuteView:
    """What a page of one of a law's texts (a part, an earlier version) shows (templates/common/pufa/statute.md)."""

    source: Markup | None
    title: str
    law: Link
    current: bool
    meta: tuple[Row, ...]
    history: tuple[tuple[Day, str], ...]
    body: Markup


def render_statute_text(text: StatuteText, law: Law, site: Site) -> GeneratedPage:
    src = text.src_uri
    law_link_ = link(f"《{law.title}》", src, law.src_uri)
    view = StatuteView(source_yaml(text.statute.source), text.statute.display_title, law_link_, text.current,
                       (row("所属法律", law_link_), *text_rows(text)), history(text), statute_body(text, law, site))
    return GeneratedPage(src, site.templates.render("statute", view=view), text.statute.display_title,
                         text.statute.path)


def law_category(law: Law) -> str:
    categories = [t.statute.category for t in law.texts if t.statute.category]
    return categories[0] if categories else "其他"


def law_item(law: Law, from_src: str) -> Item:
    return Item(f"《{law.title}》", Markup(href(from_src, law.src_uri)),
                f"{law.status or '本站未收录全文'} · {len(law.explainers)} 篇解读 · {len(law.cases)} 个案例")


def render_law_index(catalog: Catalog, templates: PageTemplates) -> list[GeneratedPage]:
    """The law index and one page per legal department, so no page lists the whole library."""
    src = routes.STATUTES
    groups: dict[str, list[Law]] = {}
    for law in catalog.laws():
        groups.setdefault(law_category(law), []).append(law)
    explained = tuple(law_item(law, src) for law in catalog.laws() if law.explainers or law.cases)
    categories = ()
    pages = []
    if len(groups) > 1 or catalog.statutes:
        categories = tuple((link(name, src, routes.category_src(slugify(name))), len(laws))
                           for name, laws in sorted(groups.items()))
        for name, laws in sorted(groups.items()):
            page_src = routes.category_src(slugify(name))
            markdown = templates.render("law-category", category=name,
                                        laws=tuple(law_item(law, page_src) for law in laws))
            # "法律法规：宪法", not "宪法": a category may share its name with a topic (title 2.4.2)
            pages.append(GeneratedPage(page_src, markdown, f"法律法规：{name}"))
    index = templates.render("laws", explained=explained, categories=categories)
    return [GeneratedPage(src, index, "法律法规", in_nav=True), *pages]


# the explainer and case indexes list this many per page: one page listing a large site's every
# explainer was megabytes (DESIGN: a page stays well under 500 KB)
INDEX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """Where a page of a paged index is: its number and the address of every page, from this one."""

    number: int
    pages: tuple[Link, ...]


def paged(first_src: str, documents: list[Document]) -> list[tuple[str, Pager | None, list[Document]]]:
    """(src, pager, documents) of each page; one page without a pager when all fit."""
    chunks = [documents[i:i + INDEX_PAGE_SIZE] for i in range(0, len(documents), INDEX_PAGE_SIZE)] or [[]]
    srcs = [routes.index_page_src(first_src, n) for n in range(1, len(chunks) + 1)]
    if len(chunks) == 1:
        return [(first_src, None, chunks[0])]
    return [(src, Pager(n, tuple(link(str(k), src, other) for k, other in enumerate(srcs, 1))), chunk)
            for n, (src, chunk) in enumerate(zip(srcs, chunks), 1)]


def _page_title(title: str, pager: Pager | None) -> str:
    return title if pager is None or pager.number == 1 else f"{title}（第 {pager.number} 页）"


def render_explainer_index(catalog: Catalog, templates: PageTemplates) -> list[GeneratedPage]:
    pages = []
    for src, pager, explainers in paged(routes.EXPLAINERS, list(catalog.explainers)):
        markdown = templates.render("explainers", explainers=document_items(explainers, catalog, src), pager=pager)
        pages.append(GeneratedPage(src, markdown, _page_title("法律解读", pager), in_nav=src == routes.EXPLAINERS))
    return pages


def render_case_index(catalog: Catalog, templates: PageTemplates) -> list[GeneratedPage]:
    order = ("民事", "刑事", "行政", "行政执法")
    cases = sorted(catalog.cases, key=lambda c: order.index(c.kind))  # stable: newest first within a kind
    pages = []
    for src, pager, chunk in paged(routes.CASES, cases):
        kinds = list(dict.fromkeys(c.kind for c in chunk))
        sections = tuple(Section(f"{kind}案例", document_items([c for c in chunk if c.kind == kind], catalog, src))
                         for kind in kinds)
        markdown = templates.render("cases", sections=sections, pager=pager)
        pages.append(GeneratedPage(src, markdown, _page_title("以案释法", pager), in_nav=src == routes.CASES))
    return pages


@dataclass(frozen=True)
class Consultation:
    title: str
    href: Markup
    agency: str
    opens: dt.date
    closes: dt.date


def render_consultations(catalog: Catalog, templates: PageTemplates) -> GeneratedPage:
    """Every draft open for comment; the page script moves closed ones under 已结束."""
    src = routes.CONSULTATIONS
    drafts = sorted((e for e in catalog.explainers if e.status == STATUS_COMMENT),
                    key=lambda e: e.comment_closes, reverse=True)
    items = tuple(Consultation(e.title, Markup(href(src, e.src_uri)), catalog.agency(e.agency).short_name,
                               e.comment_opens, e.comment_closes) for e in drafts)
    return GeneratedPage(src, templates.render("consultations", drafts=items), "征求意见", in_nav=True)


def report_src(agency: Agency) -> str:
    return routes.report_src(agency.id)


@dataclass(frozen=True)
class PlanState:
    id: str
    title: str
    kind: str
    due: Day
    state: str
    deliverables: tuple  # Link, or the title of one without a page


@dataclass(frozen=True)
class AgencyReportView:
    """An agency's report (templates/common/pufa/agency-report.md)."""

    agency: Link  # its short name, linked to its page
    as_of: Day
    review_days: int
    planned: int
    done: int
    overdue: int
    explainers: int
    cases: int
    unplanned: int
    plan: tuple[PlanState, ...]
    stale: tuple[tuple[Link, str], ...]


def render_agency_report(report: AgencyReport, site: Site) -> GeneratedPage:
    agency, src = report.agency, report_src(report.agency)
    view = AgencyReportView(
        agency=link(agency.short_name, src, agency_src(agency)), as_of=Day(site.as_of), review_days=site.review_days,
        planned=len(report.items), done=report.count(DONE), overdue=report.count(OVERDUE),
        explainers=report.explainers, cases=report.cases, unplanned=report.unplanned,
        plan=tuple(PlanState(s.item.id, s.item.title, s.item.kind, Day(s.item.due), s.state,
                             tuple(link(d.title, src, d.src_uri) if d.src_uri else d.title for d in s.deliverables))
                   for s in report.items),
        stale=tuple((link(e.title, src, e.src_uri), cn_date(e.reviewed)) for e in report.stale))
    return GeneratedPage(src, site.templates.render("agency-report", view=view), f"{agency.short_name}普法责任落实情况")


@dataclass(frozen=True)
class ReportRow:
    agency: Link
    planned: int
    done: int
    overdue: int
    explainers: int
    cases: int
    stale: int


def render_report_overview(reports: list[AgencyReport], site: Site) -> GeneratedPage:
    src = routes.REPORT
    rows = tuple(ReportRow(link(r.agency.short_name, src, report_src(r.agency)), len(r.items), r.count(DONE),
                           r.count(OVERDUE), r.explainers, r.cases, len(r.stale)) for r in reports)
    markdown = site.templates.render("report", as_of=Day(site.as_of), rows=rows)
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
    t = site.templates
    return [
        render_agency_index(catalog, t), *(p for a in catalog.agencies for p in render_agency(a, catalog, t)),
        render_topic_index(catalog, t), *(p for tp in catalog.topics for p in render_topic(tp.id, catalog, t)),
        *render_law_index(catalog, t), *(p for law in catalog.laws() for p in render_law(law, site)),
        *(render_statute_text(text, law, site) for law in catalog.laws() for text in law.texts
          if text.src_uri != law.src_uri),
        *render_explainer_index(catalog, t), *(render_explainer(e, site) for e in catalog.explainers),
        *render_case_index(catalog, t), *(render_case(c, site) for c in catalog.cases),
        render_consultations(catalog, t),
        render_report_overview(reports, site), *(render_agency_report(r, site) for r in reports),
    ]


# blocks for hand-written pages


def document_list(documents, catalog: Catalog, from_src: str, empty: str, templates: PageTemplates) -> str:
    return templates.macro("documents")(document_items(documents, catalog, from_src), empty)


def latest_block(catalog: Catalog, from_src: str, templates: PageTemplates, count: int = 6) -> str:
    documents = sorted((*catalog.explainers, *catalog.cases), key=lambda d: d.published, reverse=True)
    return document_list(documents[:count], catalog, from_src, "暂无内容。", templates)


def consultations_block(catalog: Catalog, from_src: str, templates: PageTemplates) -> str:
    open_ = [e for e in catalog.explainers if e.status == STATUS_COMMENT]
    return document_list(open_, catalog, from_src, "目前没有正在征求意见的草案。", templates)


def agencies_block(catalog: Catalog, from_src: str, templates: PageTemplates) -> str:
    tiles = "\n".join(f"- [{esc(a.short_name)}]({href(from_src, agency_src(a))})" for a in catalog.agencies)
    return f'<div class="pufa-tiles pufa-tiles--small" markdown>\n\n{tiles}\n\n</div>'


BLOCKS = {
    "<!-- pufa:latest -->": latest_block,
    "<!-- pufa:topics -->": lambda catalog, from_src, templates: topic_tiles(catalog, from_src),
    "<!-- pufa:agencies -->": agencies_block,
    "<!-- pufa:consultations -->": consultations_block,
}


def expand_blocks(markdown: str, catalog: Catalog, src_uri: str, templates: PageTemplates | None = None) -> str:
    """Replace block markers such as <!-- pufa:latest --> in a hand-written page."""
    templates = templates or PageTemplates()
    for marker, render in BLOCKS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(catalog, src_uri, templates))
    return markdown

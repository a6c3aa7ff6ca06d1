"""The catalog: every valid record, frozen, with the relations pages are built from."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .. import routes
from .fields import LEVELS
from .model import Agency, Article, Case, Document, Explainer, LawRef, Statute, StatuteArticle, Topic

CURRENT = "现行有效"
SUPERSEDED = "已被修改"

_PREFIX = "中华人民共和国"
_UNSAFE_IN_URL = re.compile(r"[\s\u3000#?%/\\&'\"<>|*:;,，。、《》（）()\[\]{}]+")


# file systems allow 255 bytes a name (85 Chinese characters in UTF-8); room is left for suffixes
MAX_SLUG_BYTES = 180


def slugify(text: str) -> str:
    """A URL segment: spaces and URL-special characters become '-', Chinese stays.

    A segment longer than MAX_SLUG_BYTES is cut and ends in a hash of the whole text, so it
    still names one thing and can be a folder name.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    text = _UNSAFE_IN_URL.sub("-", text).strip("-")
    slug = "".join(ch.lower() if ch.isascii() else ch for ch in text)
    if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:10]
    head = slug.encode("utf-8")[: MAX_SLUG_BYTES - len(digest) - 1].decode("utf-8", errors="ignore")
    return f"{head.rstrip('-')}-{digest}"


@functools.lru_cache(maxsize=65536)  # asked for every reference of every document, often the same few laws
def law_key(title: str) -> str:
    """One key per law however it is written: 中华人民共和国民法典 and 民法典 are one law."""
    short = title.strip().strip("《》")
    return slugify(short[len(_PREFIX):] if short.startswith(_PREFIX) and len(short) > len(_PREFIX) else short)


@dataclass(frozen=True)
class StatuteText:
    """A statute placed in the site: its page, and whether it is the text in force."""

    statute: Statute
    src_uri: str
    status: str
    current: bool

    def article(self, article: Article) -> StatuteArticle | None:
        return next((a for a in self.statute.articles if a.article == article), None)


@dataclass(frozen=True)
class Law:
    """A law as the site knows it: its texts (parts, versions) and what explains or applies it."""

    key: str
    title: str
    explainers: tuple[Explainer, ...]
    cases: tuple[Case, ...]
    texts: tuple[StatuteText, ...] = ()
    short_names: tuple[str, ...] = field(default=())

    @property
    def src_uri(self) -> str:
        return routes.law_src(self.key)

    @property
    def current_texts(self) -> tuple[StatuteText, ...]:
        return tuple(t for t in self.texts if t.current)

    @property
    def embedded(self) -> StatuteText | None:
        """The one text shown on the law page itself, when the law has a single current text."""
        return next((t for t in self.texts if t.src_uri == self.src_uri), None)

    @property
    def promulgated(self) -> dt.date | None:
        dates = [t.statute.promulgated for t in self.current_texts if t.statute.promulgated]
        dates += [e.law_promulgated for e in self.explainers if e.law_promulgated]
        return max(dates) if dates else None

    @property
    def effective(self) -> dt.date | None:
        dates = [t.statute.effective for t in self.current_texts if t.statute.effective]
        if not dates:
            dates = [e.law_effective for e in self.explainers if e.law_effective]
        return max(dates) if dates else None

    @property
    def status(self) -> str | None:
        current = self.current_texts
        return current[0].status if current else None

    def find_article(self, article: Article) -> tuple[StatuteText, StatuteArticle] | None:
        for text in self.current_texts:
            found = text.article(article)
            if found is not None:
                return text, found
        return None


def place_texts(key: str, statutes: list[Statute]) -> tuple[StatuteText, ...]:
    """Give each text of one law its page and status.

    Per part, the latest version is current unless a status says otherwise. A law with a
    single current text and no parts shows it on the law page itself.
    """
    by_part: dict[str, list[Statute]] = {}
    for statute in statutes:
        by_part.setdefault(statute.part or "", []).append(statute)
    placed: list[tuple[Statute, bool]] = []
    for versions in by_part.values():
        versions.sort(key=lambda s: (s.promulgated or dt.date.min, s.effective or dt.date.min, s.path),
                      reverse=True)
        for index, statute in enumerate(versions):
            placed.append((statute, index == 0 and statute.status != "已废止"))
    embed = len(by_part) == 1 and "" in by_part
    texts: list[StatuteText] = []
    used = {routes.documents_src(routes.law_src(key))}  # the law's list of documents has that address
    for statute, current in placed:
        if current and embed:
            uri = routes.law_src(key)
        else:
            name = slugify(statute.part) if current and statute.part else (
                (statute.promulgated.isoformat() if statute.promulgated else "")
                + (f"-{slugify(statute.part)}" if statute.part else "")) or "text"
            uri, number = routes.statute_text_src(key, name), 1
            while uri in used:
                number += 1
                uri = routes.statute_text_src(key, f"{name}-{number}")
        used.add(uri)
        status = statute.status or (CURRENT if current else SUPERSEDED)
        texts.append(StatuteText(statute, uri, status, current))
    return tuple(texts)


@dataclass
class _ByArticle:
    """Positions (catalog order) of the documents that refer to one law, by the articles they name."""

    every: list[int] = field(default_factory=list)
    whole_law: list[int] = field(default_factory=list)  # named the law without articles
    by_article: dict[Article, list[int]] = field(default_factory=dict)

    def add(self, position: int, articles: tuple[Article, ...]) -> None:
        self.every.append(position)
        if not articles:
            self.whole_law.append(position)
        for article in articles:
            self.by_article.setdefault(article, []).append(position)

    def related(self, articles: tuple[Article, ...]) -> set[int]:
        """Related to a reference naming `articles`: all for the whole law, else those sharing an
        article and those naming the whole law."""
        if not articles:
            return set(self.every)
        return {*self.whole_law, *(p for a in articles for p in self.by_article.get(a, ()))}


@dataclass(frozen=True)
class Catalog:
    agencies: tuple[Agency, ...]
    topics: tuple[Topic, ...]
    explainers: tuple[Explainer, ...]
    cases: tuple[Case, ...]
    statutes: tuple[Statute, ...] = ()

    def agency(self, agency_id: str) -> Agency:
        return next(a for a in self.agencies if a.id == agency_id)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def children(self, agency_id: str) -> tuple[Agency, ...]:
        return tuple(a for a in self.agencies if a.parent == agency_id)

    def explainers_of(self, agency_id: str) -> tuple[Explainer, ...]:
        return tuple(e for e in self.explainers if agency_id in e.agencies)

    def cases_of(self, agency_id: str) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if agency_id in c.agencies)

    def in_topic(self, topic_id: str) -> tuple[Document, ...]:
        return tuple(d for d in (*self.explainers, *self.cases) if topic_id in d.topics)

    def cases_for(self, explainer: Explainer) -> tuple[Case, ...]:
        """Cases applying the law the explainer explains, in an article it names (any, if it names none)."""
        first = explainer.law_refs[0]
        return tuple(self.cases[p] for p in self._related("cases", ((law_key(first.law), first.articles),)))

    def explainers_for(self, case: Case) -> tuple[Explainer, ...]:
        """Explainers of a law the case applies, naming an article it applies (or the whole law)."""
        refs = tuple(dict.fromkeys((law_key(ref.law), ref.articles) for ref in case.laws))
        return tuple(self.explainers[p] for p in self._related("explainers", refs))

    def _related(self, kind: str, refs: tuple[tuple[str, tuple[Article, ...]], ...]) -> tuple[int, ...]:
        # remembered by what is asked: on a large site hundreds of documents name the same law and
        # articles, and each asking again walked the law's every document (quadratic in the site)
        memo = self._related_memo
        found = memo.get((kind, refs))
        if found is None:
            index = self._cases_by_law if kind == "cases" else self._explainers_by_law
            found = memo[(kind, refs)] = tuple(sorted(
                {p for key, articles in refs if key in index for p in index[key].related(articles)}))
        return found

    @cached_property
    def _related_memo(self) -> dict:
        return {}

    # by law, then article, in catalog order
    @cached_property
    def _cases_by_law(self) -> dict[str, _ByArticle]:
        index: dict[str, _ByArticle] = {}
        for position, case in enumerate(self.cases):
            for ref in case.laws:  # a case naming a law twice is added twice: related() returns a set
                index.setdefault(law_key(ref.law), _ByArticle()).add(position, ref.articles)
        return index

    @cached_property
    def _explainers_by_law(self) -> dict[str, _ByArticle]:
        index: dict[str, _ByArticle] = {}
        for position, explainer in enumerate(self.explainers):
            first = explainer.law_refs[0]
            index.setdefault(law_key(first.law), _ByArticle()).add(position, first.articles)
        return index

    def laws(self) -> tuple[Law, ...]:
        return tuple(self.laws_by_key.values())

    @cached_property
    def documents_by_src(self) -> dict[str, Document]:
        """Explainers and cases by the src_uri of their page (asked once per page by the search)."""
        return {d.src_uri: d for d in (*self.explainers, *self.cases)}

    @cached_property
    def laws_by_key(self) -> dict[str, Law]:
        """Every law the site mentions: with a text, explained, applied in a case or in a responsibility list."""
        statutes: dict[str, list[Statute]] = {}
        for statute in self.statutes:
            statutes.setdefault(law_key(statute.title), []).append(statute)
        titles = {key: texts[0].title for key, texts in statutes.items()}
        named = [ref.law for d in (*self.explainers, *self.cases) for ref in d.law_refs]
        named += [law for a in self.agencies for r in a.responsibilities for law in r.laws]
        for title in named:
            key = law_key(title)
            # the full title (中华人民共和国…) is the one to show, unless a statute text names it
            if key not in titles or (len(title) > len(titles[key]) and key not in statutes):
                titles[key] = title.strip("《》")
        explainers: dict[str, list[Explainer]] = {}
        for explainer in self.explainers:
            explainers.setdefault(law_key(explainer.law), []).append(explainer)
        cases: dict[str, list[Case]] = {}
        for case in self.cases:
            for key in dict.fromkeys(law_key(r.law) for r in case.laws):
                cases.setdefault(key, []).append(case)
        laws = {}
        for key, title in sorted(titles.items(), key=lambda item: item[1]):
            own = statutes.get(key, [])
            names = tuple(dict.fromkeys(n for s in own for n in s.short_names))
            laws[key] = Law(key, title, tuple(explainers.get(key, ())), tuple(cases.get(key, ())),
                            place_texts(key, own), names)
        return laws

    def law_of(self, title: str) -> str:
        return routes.law_src(law_key(title))


def build_catalog(agencies: list[Agency], topics: list[Topic], explainers: list[Explainer],
                  cases: list[Case], statutes: list[Statute] | None = None) -> Catalog:
    """Freeze records in reading order: agencies by level, documents newest first."""
    newest_first = lambda d: (-d.published.toordinal(), d.path)  # noqa: E731
    return Catalog(
        agencies=tuple(sorted(agencies, key=lambda a: (LEVELS.index(a.level), a.id))),
        topics=tuple(topics),
        explainers=tuple(sorted(explainers, key=newest_first)),
        cases=tuple(sorted(cases, key=newest_first)),
        statutes=tuple(sorted(statutes or (), key=lambda s: s.path)),
    )

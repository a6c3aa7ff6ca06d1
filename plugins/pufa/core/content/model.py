"""The content model: frozen records built by the loader from valid files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from .. import routes
from ..kinds import CASE, EXPLAINER, Kind

from ..statutes.numerals import int_to_chinese


@dataclass(frozen=True, order=True)
class Article:
    """An article number; `sub` is the 之一/之二 suffix (0 if none)."""

    number: int
    sub: int = 0

    @property
    def label(self) -> str:
        suffix = f"之{int_to_chinese(self.sub)}" if self.sub else ""
        return f"第{int_to_chinese(self.number)}条{suffix}"

    @property
    def anchor(self) -> str:
        return f"art-{self.number}" + (f"-{self.sub}" if self.sub else "")


@dataclass(frozen=True)
class StatuteArticle:
    article: Article
    text: str  # the whole article: its first line and the paragraphs (款) that follow
    line: int  # line in the file where it starts


@dataclass(frozen=True)
class LawRef:
    law: str
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True)
class Responsibility:
    id: str
    title: str
    measures: str
    laws: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanItem:
    id: str
    title: str
    kind: str
    due: dt.date


@dataclass(frozen=True)
class Agency:
    id: str
    path: str
    name: str
    short_name: str
    level: str
    description: str
    responsibilities: tuple[Responsibility, ...]
    plan: tuple[PlanItem, ...] = ()
    parent: str | None = None
    kind: str | None = None
    website: str | None = None
    # a parent agency that has no section on this site: its name and address only
    parent_name: str | None = None
    parent_website: str | None = None
    public_numbers: tuple[str, ...] = ()  # numbers the agency publishes itself: not personal data
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # dotted field → line


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Document:
    """What explainers and cases share: where they came from and where they go."""

    path: str  # source file, relative to the project root
    agency: str
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]  # topic ids
    published: dt.date
    body: str
    body_line: int
    status: str
    co_agencies: tuple[str, ...]
    plan_item: str | None = None
    # file line of each metadata field, so later checks (e.g. review-outdated) point at it
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    document_kind: ClassVar[Kind]

    @property
    def section(self) -> str:
        return self.document_kind.section

    @property
    def src_uri(self) -> str:
        return routes.document_src(self.document_kind, self.agency, self.slug)

    @property
    def url(self) -> str:
        """The address with directory URLs (MkDocs' default, the demo's); builds go through core.routes."""
        return "/" + routes.Routes().path(self.src_uri)

    @property
    def agencies(self) -> tuple[str, ...]:
        return (self.agency, *self.co_agencies)


@dataclass(frozen=True)
class Explainer(Document):
    law: str = ""
    articles: tuple[Article, ...] = ()
    law_promulgated: dt.date | None = None
    law_effective: dt.date | None = None
    reviewed: dt.date | None = None
    audience: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    remedies: tuple[str, ...] = ()
    comment_opens: dt.date | None = None
    comment_closes: dt.date | None = None
    comment_how: str | None = None

    document_kind: ClassVar[Kind] = EXPLAINER

    @property
    def law_refs(self) -> tuple[LawRef, ...]:
        return (LawRef(self.law, self.articles),)


@dataclass(frozen=True)
class Case(Document):
    court: str = ""
    case_number: str = ""
    decided: dt.date | None = None
    kind: str = ""
    keywords: tuple[str, ...] = ()
    laws: tuple[LawRef, ...] = ()
    origin: str | None = None
    source: str | None = None  # set by the importer: the file it came from

    document_kind: ClassVar[Kind] = CASE

    @property
    def law_refs(self) -> tuple[LawRef, ...]:
        return self.laws


@dataclass(frozen=True)
class Statute:
    """The text of a law, a part of a code (民法典 婚姻家庭编) or one version of either."""

    path: str
    title: str
    body: str
    body_line: int
    articles: tuple[StatuteArticle, ...] = ()
    part: str | None = None
    short_names: tuple[str, ...] = ()
    issuer: str | None = None
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    status: str | None = None  # None: derived from the other versions
    history: tuple[tuple[dt.date, str], ...] = ()
    category: str | None = None
    source: str | None = None

    @property
    def display_title(self) -> str:
        return f"{self.title} {self.part}" if self.part else self.title

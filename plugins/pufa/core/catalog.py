"""The catalog: every valid record, frozen, with the relations pages are built from."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .fields import LEVELS
from .model import Agency, Case, Document, Explainer, LawRef, Topic

_PREFIX = "中华人民共和国"
_UNSAFE_IN_URL = re.compile(r"[\s\u3000#?%/\\&'\"<>|*:;,，。、《》（）()\[\]{}]+")


def slugify(text: str) -> str:
    """A URL segment: spaces and URL-special characters become '-', Chinese stays."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _UNSAFE_IN_URL.sub("-", text).strip("-")
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def law_key(title: str) -> str:
    """One key per law however it is written: 中华人民共和国民法典 and 民法典 are one law."""
    short = title.strip().strip("《》")
    return slugify(short[len(_PREFIX):] if short.startswith(_PREFIX) and len(short) > len(_PREFIX) else short)


@dataclass(frozen=True)
class Law:
    """A law as the site knows it from what explainers and cases say about it."""

    key: str
    title: str
    explainers: tuple[Explainer, ...]
    cases: tuple[Case, ...]

    @property
    def src_uri(self) -> str:
        return f"statutes/{self.key}.md"

    @property
    def promulgated(self) -> dt.date | None:
        dates = [e.law_promulgated for e in self.explainers if e.law_promulgated]
        return max(dates) if dates else None

    @property
    def effective(self) -> dt.date | None:
        dates = [e.law_effective for e in self.explainers if e.law_effective]
        return max(dates) if dates else None


def _related(a: LawRef, b: LawRef) -> bool:
    if law_key(a.law) != law_key(b.law):
        return False
    return not a.articles or not b.articles or bool(set(a.articles) & set(b.articles))


@dataclass(frozen=True)
class Catalog:
    agencies: tuple[Agency, ...]
    topics: tuple[Topic, ...]
    explainers: tuple[Explainer, ...]
    cases: tuple[Case, ...]

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
        return tuple(c for c in self.cases if any(_related(explainer.law_refs[0], r) for r in c.laws))

    def explainers_for(self, case: Case) -> tuple[Explainer, ...]:
        return tuple(e for e in self.explainers if any(_related(e.law_refs[0], r) for r in case.laws))

    def laws(self) -> tuple[Law, ...]:
        """Every law the site mentions: explained, applied in a case or in a responsibility list."""
        named = [ref.law for d in (*self.explainers, *self.cases) for ref in d.law_refs]
        named += [law for a in self.agencies for r in a.responsibilities for law in r.laws]
        titles: dict[str, str] = {}
        for title in named:
            key = law_key(title)
            # the full title (中华人民共和国…) is the one to show
            if len(title) > len(titles.get(key, "")):
                titles[key] = title.strip("《》")
        return tuple(
            Law(key, title,
                tuple(e for e in self.explainers if law_key(e.law) == key),
                tuple(c for c in self.cases if any(law_key(r.law) == key for r in c.laws)))
            for key, title in sorted(titles.items(), key=lambda item: item[1])
        )

    def law_of(self, title: str) -> str:
        return f"statutes/{law_key(title)}.md"


def build_catalog(agencies: list[Agency], topics: list[Topic], explainers: list[Explainer],
                  cases: list[Case]) -> Catalog:
    """Freeze records in reading order: agencies by level, documents newest first."""
    newest_first = lambda d: (-d.published.toordinal(), d.path)  # noqa: E731
    return Catalog(
        agencies=tuple(sorted(agencies, key=lambda a: (LEVELS.index(a.level), a.id))),
        topics=tuple(topics),
        explainers=tuple(sorted(explainers, key=newest_first)),
        cases=tuple(sorted(cases, key=newest_first)),
    )

"""Wrong law: what the metadata says about a law, held against the statute library.

Every rule needs the library (content/statutes/) to know the law; a law the library does
not have is not judged, except in an agency's responsibility list, where it is named.
Repeals are read from the library itself: a law's final article says which laws it
replaces (《中华人民共和国民法典》第一千二百六十条: 《…合同法》…同时废止).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from .. import messages as msg
from ..problems import ERROR, WARNING, Problem
from .catalog import Catalog, Law, law_key
from .model import Case, Document, Explainer, LawRef, Statute

_REPEAL = re.compile(r"(?:同时|即行|予以)废止")
_TITLE = re.compile(r"《([^》\n]{2,60})》")
_VERSION = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")


@dataclass(frozen=True)
class Repeal:
    by: str  # title of the law that repealed it
    effective: dt.date | None  # from when (the repealing law's effective date)
    promulgated: dt.date | None


def repeals(statutes: tuple[Statute, ...]) -> dict[str, Repeal]:
    """Law key → the law that repealed it, from the closing article of every text in the library."""
    found: dict[str, Repeal] = {}
    for statute in statutes:
        for article in reversed(statute.articles[-3:]):  # the closing articles (附则)
            text = article.text
            match = _REPEAL.search(text)
            if match is None or "施行" not in text:
                continue
            for name in _TITLE.findall(text[:match.start()]):
                key = law_key(name)
                if key == law_key(statute.title):
                    continue
                earlier = found.get(key)
                if earlier is None or (statute.effective or dt.date.max) < (earlier.effective or dt.date.max):
                    found[key] = Repeal(statute.title, statute.effective, statute.promulgated)
    return found


def repealed_by(law: Law | None, key: str, known: dict[str, Repeal]) -> Repeal | None:
    """The repeal of a law, unless the library has a text of it made after the repeal (国家安全法
    of 1993 was repealed in 2014, and a new 国家安全法 passed in 2015)."""
    repeal = known.get(key)
    if repeal is None:
        if law is not None and law.texts and all(t.statute.status == "已废止" for t in law.texts):
            return Repeal("", None, None)
        return None
    if law is not None and repeal.promulgated is not None and any(
            t.statute.promulgated and t.statute.promulgated >= repeal.promulgated for t in law.texts):
        return None
    return repeal


def in_force_since(law: Law) -> dt.date | None:
    """The first day any version of the law was in force, as far as the library tells."""
    dates = []
    for text in law.texts:
        statute = text.statute
        if statute.effective:
            dates.append(statute.effective)
        # history before this text's own promulgation: earlier versions existed (and were in force)
        dates += [day for day, _ in statute.history if statute.promulgated and day < statute.promulgated]
    return min(dates) if dates else None


def law_dates(law: Law) -> set[dt.date]:
    """Every promulgation, effective and history date of every version the library has."""
    dates: set[dt.date] = set()
    for text in law.texts:
        statute = text.statute
        dates |= {d for d in (statute.promulgated, statute.effective) if d}
        dates |= {day for day, _ in statute.history}
        # the corpus names each file by its version's date (社会救助暂行办法(2019-03-02).md) even
        # where the header lists only the first promulgation
        version = _VERSION.search(statute.source or "")
        try:
            dates |= {dt.date.fromisoformat(version.group(1))} if version else set()
        except ValueError:
            pass  # not a date after all
    return dates


def _refs(document: Document) -> list[tuple[LawRef, str]]:
    """(law reference, dotted field of its law) of an explainer or case."""
    if isinstance(document, Explainer):
        return [(document.law_refs[0], "law")]
    return [(ref, f"laws[{index + 1}].law") for index, ref in enumerate(document.law_refs)]


def _line(document: Document, field: str) -> int:
    """The line of a field (dotted, as in messages), else of the top-level field it is in."""
    return document.field_lines.get(field) or document.field_lines.get(field.split("[")[0].split(".")[0], 1)


def check_document(document: Document, catalog: Catalog, known: dict[str, Repeal]) -> list[Problem]:
    problems = []
    laws = catalog.laws_by_key
    for ref, field in _refs(document):
        key = law_key(ref.law)
        law = laws.get(key)
        repeal = repealed_by(law, key, known)
        decided = document.decided if isinstance(document, Case) else None
        if repeal is not None and not (decided and repeal.effective and decided < repeal.effective):
            problems.append(Problem(document.path, _line(document, field), field, "repealed-law",
                                    msg.repealed_law(ref.law, repeal.by), WARNING))
        if law is None or not law.current_texts:
            continue
        articles_field = "articles" if field == "law" else field.replace(".law", ".articles")
        for index, article in enumerate(ref.articles):
            if law.find_article(article) is None:
                line = document.field_lines.get(f"{articles_field}[{index + 1}]") or _line(document, articles_field)
                problems.append(Problem(document.path, line, articles_field, "article-not-in-law",
                                        msg.article_not_in_law(law.title, article.label), ERROR))
        if isinstance(document, Explainer):
            problems += _explainer_dates(document, law)
        since = in_force_since(law)
        if decided and since and decided < since:
            problems.append(Problem(document.path, _line(document, "decided"), "decided", "decided-before-law",
                                    msg.decided_before_law(decided.isoformat(), law.title, since.isoformat()),
                                    WARNING))
    return problems


def _explainer_dates(explainer: Explainer, law: Law) -> list[Problem]:
    known = law_dates(law)
    current = law.current_texts[0].statute
    problems = []
    for field, written, library in (("law_promulgated", explainer.law_promulgated, current.promulgated),
                                    ("law_effective", explainer.law_effective, current.effective)):
        if written and library and written not in known:
            problems.append(Problem(explainer.path, _line(explainer, field), field, "law-date-differs",
                                    msg.law_date_differs(law.title, written.isoformat(), library.isoformat()),
                                    WARNING))
    return problems


def check_responsibility_laws(catalog: Catalog) -> list[Problem]:
    """Laws of the responsibility lists that the library does not have (only with a library)."""
    if not catalog.statutes:
        return []
    in_library = {k: law for k, law in catalog.laws_by_key.items() if law.texts}
    names = {law.title.removeprefix("中华人民共和国"): law.title for law in in_library.values()}
    problems = []
    for agency in catalog.agencies:
        for r_index, item in enumerate(agency.responsibilities):
            for l_index, title in enumerate(item.laws):
                if law_key(title) in in_library:
                    continue
                field = f"responsibilities[{r_index + 1}].laws[{l_index + 1}]"
                close = difflib.get_close_matches(title.removeprefix("中华人民共和国"), list(names), n=1, cutoff=0.5)
                problems.append(Problem(agency.path, agency.field_lines.get(field, 1), field, "law-not-in-library",
                                        msg.law_not_in_library(title, names[close[0]] if close else None),
                                        WARNING))
    return problems


def check_wrong_law(catalog: Catalog) -> list[Problem]:
    known = repeals(catalog.statutes)
    problems = [p for d in (*catalog.explainers, *catalog.cases) for p in check_document(d, catalog, known)]
    return problems + check_responsibility_laws(catalog)


def check_plausible_dates(values: dict, lines, path: str, today: dt.date) -> list[Problem]:
    """Dates valid in form but unlikely: a law dated after next year, a page published in the future."""
    problems = []
    end_of_next_year = dt.date(today.year + 1, 12, 31)
    for field in ("law_promulgated", "law_effective"):
        day = values.get(field)
        if day and day > end_of_next_year:
            problems.append(Problem(path, lines((field,)), field, "law-date-implausible",
                                    msg.law_date_implausible(day.isoformat()), WARNING))
    published = values.get("published")
    if published and published > today:
        problems.append(Problem(path, lines(("published",)), "published", "published-in-future",
                                msg.published_in_future(published.isoformat(), today.isoformat()), WARNING))
    return problems

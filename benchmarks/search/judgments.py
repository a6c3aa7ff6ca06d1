"""Judged queries and the quality metrics of the search benchmark.

Kept apart from the browser harness (run.py) so that tests can check the metric code on a
tiny fixture: a metric that silently broke would make every figure in the README wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

# law name (劳动合同法, 个保法), article (民法典第1077条), everyday question as citizens type it
# (老板不给工资怎么办), exact span or phrase of the pages (安全保障义务)
KINDS = ("law", "article", "everyday", "phrase")
GRADES = (0, 1, 2, 3)


def from_library(page: str) -> bool:
    """A page the library import makes: its statutes, and its cases, whose names are Chinese
    titles (the demo's pages have ASCII names)."""
    return page.startswith("statutes/") or not page.isascii()


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    judged: dict[str, int]  # page path (no slashes around it) -> grade 0..3


class JudgmentError(ValueError):
    """Every problem of the judgment file, one a line."""


def load_queries(path: Path) -> list[Query]:
    """Read queries.yml; all problems at once, as one error."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    problems: list[str] = []
    queries: list[Query] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        where = f"{path.name} item {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping with q, kind and rel")
            continue
        text = str(item.get("q", "")).strip()
        kind = item.get("kind")
        rel = item.get("rel")
        if not text:
            problems.append(f"{where}: q is empty")
        elif text in seen:
            problems.append(f"{where}: q {text!r} is judged twice")
        seen.add(text)
        if kind not in KINDS:
            problems.append(f"{where} ({text}): kind {kind!r} is not one of {', '.join(KINDS)}")
        if not isinstance(rel, dict) or not rel:
            problems.append(f"{where} ({text}): rel must map page paths to grades")
            continue
        judged: dict[str, int] = {}
        for page, grade in rel.items():
            if grade not in GRADES or isinstance(grade, bool):
                problems.append(f"{where} ({text}): grade {grade!r} of {page} is not 0-3")
            judged[str(page).strip("/")] = grade
        if not any(g > 0 for g in judged.values() if isinstance(g, int)):
            problems.append(f"{where} ({text}): no page is judged relevant")
        queries.append(Query(text, str(kind), judged))
    if problems:
        raise JudgmentError("\n".join(problems))
    return queries


def on_site(queries: list[Query], pages: set[str], library: bool) -> list[Query]:
    """The judgments restricted to the built site.

    A judged page the site does not have is an error (a typo, or a page that moved), except
    library pages on a site built without the library, which are left out of that site's
    judgments. A query left with nothing relevant is dropped.
    """
    missing = sorted({f"{q.text}: {p}" for q in queries for p in q.judged
                      if p not in pages and (library or not from_library(p))})
    if missing:
        raise JudgmentError("judged pages the built site does not have:\n" + "\n".join(missing))
    kept = []
    for q in queries:
        judged = {p: g for p, g in q.judged.items() if p in pages}
        if any(g > 0 for g in judged.values()):
            kept.append(Query(q.text, q.kind, judged))
    return kept


# metrics


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    """nDCG@k with exponential gain 2^grade - 1; a page listed twice counts once."""
    seen: list[str] = []
    for page in ranked:
        if page not in seen:
            seen.append(page)
    gains = [2 ** judged.get(p, 0) - 1 for p in seen[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2 ** g - 1 for g in judged.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    relevant = {p for p, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def span_found(span: str, ranked: list[str], texts: dict[str, str], k: int = 10) -> bool:
    """Whether a top-k page holds the span exactly (the reader sees what was typed)."""
    return any(span in texts.get(p, "") for p in ranked[:k])


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def quality(queries: list[Query], rankings: dict[str, list[str]], texts: dict[str, str]) -> dict:
    """nDCG@10, recall@10, exact-span recall and queries without a result, by kind and overall.

    Exact-span recall of a kind counts the queries whose text occurs verbatim on some page
    of the site: a top-10 page must hold it.
    """
    rows = []
    for q in queries:
        ranked = rankings[q.text]
        verbatim = any(q.text in t for t in texts.values())
        rows.append({"q": q.text, "kind": q.kind, "ndcg": ndcg(ranked, q.judged),
                     "recall": recall(ranked, q.judged), "empty": not ranked,
                     "span": span_found(q.text, ranked, texts) if verbatim else None})
    by_kind = {}
    for kind in KINDS + ("all",):
        mine = [r for r in rows if kind == "all" or r["kind"] == kind]
        spans = [r["span"] for r in mine if r["span"] is not None]
        by_kind[kind] = {"queries": len(mine),
                         "ndcg10": mean([r["ndcg"] for r in mine]),
                         "recall10": mean([r["recall"] for r in mine]),
                         "span_queries": len(spans),
                         "span_recall": mean([float(s) for s in spans]),
                         "no_result": [r["q"] for r in mine if r["empty"]]}
    return by_kind

"""Rules that look beyond one field: references to agencies and topics, date order,
duplicate URLs and the agency hierarchy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import messages as msg
from .fields import STATUS_COMMENT, Field
from .model import Agency, Document, Topic
from ..problems import Problem
from ..routes import Routes
from .reading import Parsed
from .validation import suggest

@dataclass(frozen=True)
class Registry:
    """What documents may refer to: agency ids and topics (by id or by name)."""

    agencies: frozenset[str]
    topics: tuple[Topic, ...]
    plans: dict[str, tuple[str, ...]] = field(default_factory=dict)  # agency id → plan item ids
    public_numbers: frozenset[str] = frozenset()  # declared public by an agency: not personal data

    def topic_id(self, name_or_id: str) -> str | None:
        for topic in self.topics:
            if name_or_id in (topic.id, topic.name):
                return topic.id
        return None


def check_agency_refs(values: dict[str, Any], parsed: Parsed, path: str, registry: Registry,
                      names: Iterable[str] = ("co_agencies",)) -> list[Problem]:
    problems = []
    known = sorted(registry.agencies)
    for name in names:
        refs = values.get(name, ())
        for index, ref in enumerate((refs,) if isinstance(refs, str) else refs):
            if ref not in registry.agencies:
                at = (name,) if isinstance(refs, str) else (name, index)
                problems.append(Problem(path, parsed.line(at), _field(at), "unknown-agency",
                                        msg.unknown_agency(ref, suggest(ref, known))))
    return problems


def check_plan_item(values: dict[str, Any], parsed: Parsed, path: str, agency: str,
                    registry: Registry) -> list[Problem]:
    """plan_item must name an item in the yearly plan of the agency or a co-publishing agency."""
    item = values.get("plan_item")
    if item is None:
        return []
    owners = (agency, *values.get("co_agencies", ()))
    known = [i for owner in owners for i in registry.plans.get(owner, ())]
    if item in known:
        return []
    return [Problem(path, parsed.line(("plan_item",)), "plan_item", "unknown-plan-item",
                    msg.unknown_plan_item(item, agency, suggest(item, known)))]


def resolve_topics(values: dict[str, Any], parsed: Parsed, path: str,
                   registry: Registry) -> tuple[tuple[str, ...], list[Problem]]:
    ids, problems = [], []
    for index, ref in enumerate(values.get("topics", ())):
        topic_id = registry.topic_id(ref)
        if topic_id is None:
            problems.append(Problem(path, parsed.line(("topics", index)), f"topics[{index + 1}]",
                                    "unknown-topic", msg.unknown_topic(ref, _closest_topic(ref, registry),
                                                                       tuple(t.name for t in registry.topics))))
        elif topic_id not in ids:
            ids.append(topic_id)
    return tuple(ids), problems


def _closest_topic(ref: str, registry: Registry) -> str | None:
    """The topic name an editor most likely meant: by spelling, else one that contains the word
    or is contained in it (劳动 → 劳动就业), as Chinese topic names are short."""
    names = [t.name for t in registry.topics]
    close = suggest(ref, names + [t.id for t in registry.topics])
    if close is not None:
        return next((t.name for t in registry.topics if close in (t.id, t.name)), close)
    return next((name for name in names if ref in name or name in ref), None)


def check_date_order(values: dict[str, Any], parsed: Parsed, path: str,
                     pairs: Iterable[tuple[str, str]], fields: tuple[Field, ...]) -> list[Problem]:
    """For each (earlier, later) pair present, `later` must not fall before `earlier`."""
    labels = {f.name: f.label for f in fields}
    problems = []
    for earlier, later in pairs:
        first, second = values.get(earlier), values.get(later)
        if isinstance(first, dt.date) and isinstance(second, dt.date) and second < first:
            problems.append(Problem(path, parsed.line((later,)), later, "date-order", msg.date_order(
                labels[later], second.isoformat(), labels[earlier], first.isoformat())))
    return problems


def check_comment_period(values: dict[str, Any], parsed: Parsed, path: str) -> list[Problem]:
    if values.get("status") != STATUS_COMMENT:
        return []
    if "comment_opens" in values and "comment_closes" in values:
        return []
    if "comment_opens" in parsed.data or "comment_closes" in parsed.data:
        return []  # present but invalid: already reported on the field itself
    return [Problem(path, parsed.line(("status",)), "comment_closes", "missing-field",
                    msg.comment_dates_required())]


def check_duplicate_urls(documents: Iterable[tuple[Document, int]], routes: Routes = Routes()) -> list[Problem]:
    """Two files that would publish at one URL: both are reported, each naming the other by the
    address the build gives it (`use_directory_urls`)."""
    by_url: dict[str, list[tuple[Document, int]]] = {}
    for document, line in documents:
        by_url.setdefault("/" + routes.path(document.src_uri), []).append((document, line))
    problems = []
    for url, group in by_url.items():
        if len(group) < 2:
            continue
        for document, line in group:
            others = "、".join(d.path for d, _ in group if d is not document)
            field = "slug" if line > 1 else "path"
            problems.append(Problem(document.path, line, field, "duplicate-url", msg.duplicate_url(url, others)))
    return problems


def check_outside_parent(values: dict[str, Any], parsed: Parsed, rel: str) -> list[Problem]:
    """A parent is on the site (`parent`) or outside it (`parent_name`, maybe `parent_website`), not both."""
    if "parent" in values and "parent_name" in values:
        return [Problem(rel, parsed.line(("parent_name",)), "parent_name", "parent-twice", msg.parent_twice())]
    if "parent_website" in values and "parent_name" not in values:
        return [Problem(rel, parsed.line(("parent_website",)), "parent_website", "parent-website-alone",
                        msg.parent_website_alone())]
    return []


def check_parents(agencies: dict[str, Agency], lines: dict[str, int]) -> list[Problem]:
    problems = []
    known = sorted(agencies)
    for agency in agencies.values():
        if agency.parent is None:
            continue
        if agency.parent not in agencies:
            problems.append(Problem(agency.path, lines[agency.id], "parent", "unknown-agency",
                                    msg.unknown_agency(agency.parent, suggest(agency.parent, known))))
            continue
        chain, current = [agency.id], agency.parent
        while current in agencies and current not in chain:
            chain.append(current)
            current = agencies[current].parent
        if current == agency.id:
            problems.append(Problem(agency.path, lines[agency.id], "parent", "parent-cycle",
                                    msg.parent_cycle(" → ".join(chain + [agency.id]))))
    return problems


def _field(at: tuple) -> str:
    return at[0] if len(at) == 1 else f"{at[0]}[{at[1] + 1}]"

"""Explainers whose law changed after their last legal review."""

from __future__ import annotations

import datetime as dt

from .. import messages as msg
from ..content.catalog import Catalog, law_key
from ..content.model import Explainer
from ..problems import WARNING, Problem


def law_changed_after_review(catalog: Catalog, explainer: Explainer) -> dt.date | None:
    """The date of the law's text in force, when it is later than the explainer's review."""
    law = catalog.laws_by_key.get(law_key(explainer.law))
    changed = law.promulgated if law and law.current_texts else None
    if changed and explainer.reviewed and changed > explainer.reviewed:
        return changed
    return None


def check_reviews(catalog: Catalog) -> list[Problem]:
    problems = []
    for explainer in catalog.explainers:
        changed = law_changed_after_review(catalog, explainer)
        if changed:
            line = explainer.field_lines.get("reviewed", 1)
            problems.append(Problem(explainer.path, line, "reviewed", "review-outdated", msg.review_outdated(
                explainer.law, changed.isoformat(), explainer.reviewed.isoformat()), WARNING))
    return problems

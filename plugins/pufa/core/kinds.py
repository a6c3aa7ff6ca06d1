"""The kinds of documents the site publishes, and what each is called where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    id: str
    section: str  # first folder of its source in content/ and of its address
    label: str  # in lists, feeds and page headings
    short: str  # in search results and filters, and in the plan's deliverables


EXPLAINER = Kind("explainer", "laws", "法律解读", "解读")
CASE = Kind("case", "cases", "以案释法", "案例")
STATUTE = Kind("statute", "statutes", "法律法规", "法规")
KINDS = (EXPLAINER, CASE, STATUTE)
OTHER_PAGE = "页面"  # the short label of every other page in search results

"""Which pages offer 朗读 (read aloud): the ones a reader reads through, not lists of links."""

from __future__ import annotations

from ..kinds import CASE, EXPLAINER, STATUTE


def reads_aloud(src_uri: str) -> bool:
    """Explainers, cases, statute pages and calendar pages (by their source path, see core.routes)."""
    parts = src_uri.split("/")
    if parts[-1] == "index.md" and parts[0] != "calendar":
        return False
    if parts[0] in (EXPLAINER.section, CASE.section):
        return len(parts) == 3
    if parts[0] == STATUTE.section:
        return len(parts) in (2, 3) and parts[1] != "category"
    return parts[0] == "calendar" and src_uri.endswith(".md")

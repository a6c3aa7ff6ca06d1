"""Names the site keeps for itself: an editor's body may not use them to look like pufa or Material."""
from __future__ import annotations

import re

# pufa's own (pufa.css, kiosk.css, the scripts) and Material's (md-*, ids such as __search)
_CLASS = re.compile(r"^(?:pufa-|md-)", re.I)
_ID = re.compile(r"^(?:pufa-|md-|__)", re.I)
_ATTRIBUTE = re.compile(r"^data-(?:pufa|md)-", re.I)
# what pufa itself puts inside a body (citation links, statute articles) and Material's buttons:
# harmless styling a body may carry
BODY_CLASSES = frozenset({"pufa-cite", "pufa-article", "md-button", "md-button--primary"})


def reserved_class(name: str) -> bool:
    return bool(_CLASS.match(name)) and name not in BODY_CLASSES


def reserved_id(name: str) -> bool:
    return bool(_ID.match(name))


def reserved_attribute(name: str) -> bool:
    return bool(_ATTRIBUTE.match(name))

"""What the search index keeps between builds: each page's sections and body terms, by content.

Reading a page's HTML and counting the terms of its body are most of the index's work, and
neither depends on other pages or on the dictionary, so a page whose content did not change
is read from here. One file per page keeps a rebuild after one edit to one small write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from ..rebuild import code_version

# change when what a page turns into changes (sections, folding, terms), so old entries are not used
VERSION = "pages-5"


def page_key(*parts: object) -> str:
    """The entry's key: its parts, this module's VERSION and the code version (another pufa never
    reads what this one wrote)."""
    digest = hashlib.blake2b(f"{VERSION} {code_version()}".encode(), digest_size=16)
    for part in parts:
        if isinstance(part, str):  # a page's HTML: its bytes, length first, cost a tenth of its repr
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(encoded))
            digest.update(encoded)
        else:
            digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class PageCache:
    """Entries by key in a folder of pickles (written by this build's own code only); None: no cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.new: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            return pickle.loads((self.folder / f"{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.new[key] = value

    def save(self) -> None:
        """Write this build's new entries and drop those no page used, so the folder does not grow."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, value in self.new.items():
            temporary = self.folder / f"{key}.{os.getpid()}.tmp"  # two builds of one project (preview and CI) may save at once
            temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.folder / f"{key}.pickle")
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
        self.new = {}

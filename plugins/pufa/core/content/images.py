"""Pictures: they live in `content/images/` (any subfolders) and are published at `images/`.

One folder, not a folder beside each Markdown file: Typora and WPS put pasted pictures in
per-file folders (`文件名.assets/`) that editors forget to commit, and a picture used by
two pages is kept once. From an explainer `content/laws/<机关>/x.md` the picture is
`../../images/y.png`, a path that works both in the editor's own Markdown preview and on
the site (MkDocs resolves it relative to the page's source, whose layout is content's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import messages as msg
from ..problems import WARNING, Problem

FOLDER = "images"  # below the content folder, and the address prefix on the site
# formats every browser shows; SVG can carry script and BMP/TIFF/HEIC are not shown everywhere
FORMATS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_BYTES = 1024 * 1024  # one picture should not cost a phone on a slow network more than a second or two


@dataclass(frozen=True)
class Image:
    src_uri: str  # images/…, the path on the site below its root
    path: Path  # the file
    rel: str  # relative to the project root, for messages
    size: int


def find_images(files: list[Path], content_dir: Path, rel) -> tuple[list[Image], list[Problem]]:
    """The pictures under content/images/ and a problem for each file that cannot be one."""
    folder = content_dir / FOLDER
    images, problems = [], []
    for path in files:
        if not path.is_relative_to(folder):
            continue
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.suffix.lower() not in FORMATS:
            problems.append(Problem(rel(path), 1, "file", "image-format", msg.image_format(path.suffix, FORMATS)))
            continue
        image = Image("/".join((FOLDER, *parts)), path, rel(path), path.stat().st_size)
        if image.size > MAX_BYTES:
            problems.append(Problem(image.rel, 1, "file", "image-too-large",
                                    msg.image_too_large(image.size, MAX_BYTES), WARNING))
        images.append(image)
    return images, problems

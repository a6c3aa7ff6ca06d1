"""Page kinds rendered by Jinja templates: view data in, the page's Markdown out.

The templates are in `templates/common/pufa/` (one per page kind: `explainer.md`, `law.md`,
`calendar.md` …, and the shared macros in `partials/`), which pufa/content puts in the theme's
folders; a site overrides one as it overrides Material's templates, with a file of the same
name in its `custom_dir` (`overrides/pufa/explainer.md`, `overrides/pufa/partials/meta.md`).

Every value printed with `{{ … }}` is escaped for Markdown (pages.esc: shown as text, never as
HTML, Markdown or attributes) unless the view made it a `Markup` (an address pufa formatted,
or Markdown pufa wrote itself with content escaped inside). The shared pieces (metadata panel,
document lists, comment banner) are macros in `pufa/partials/`, fed with data; a macro's output
is Markup, so it is not escaped twice. MkDocs' own Jinja environment does not escape, so
these templates have an environment of their own.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.rebuild import Unkeyed, fingerprint

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "common"


def _escaped(value: Any) -> Markup:
    from .pages import esc  # pages imports this module

    if isinstance(value, Markup):
        return value
    # Markup: autoescape (on so that macros return Markup) must not HTML-escape it again
    return Markup(esc("" if value is None else str(value)))


def _cn_date(day: Any) -> str:
    from .pages import cn_date

    return cn_date(day)


@functools.lru_cache(maxsize=8)
def _environment(search: tuple[str, ...]) -> jinja2.Environment:
    # one per set of folders, kept across builds: compiling the templates again each build cost more
    # than rendering them; auto_reload still picks up a template edited during `mkdocs serve`
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search), finalize=_escaped, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=True,
    )
    env.globals["cn_date"] = _cn_date
    return env


def _stamp(search: tuple[str, ...]) -> tuple:
    """The page templates' files as they are now: an edited template changes it."""
    files = []
    for folder in search:
        root = Path(folder) / "pufa"
        if root.is_dir():
            files.extend((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.rglob("*.md")))
    return tuple(files)


class PageTemplates:
    """The page templates of a build, looked up in the theme's folders (a site's overrides first).

    `memo` holds the pages an earlier build rendered (its `used`): `mkdocs serve` renders every page
    again on each save, and most of them have the same view and templates as before.
    """

    def __init__(self, folders: list[str] | tuple[str, ...] = (), memo: dict | None = None) -> None:
        search = [*map(str, folders)]
        if str(PACKAGE_TEMPLATES) not in search:
            search.append(str(PACKAGE_TEMPLATES))
        self.env = _environment(tuple(search))
        self.memo = memo
        self.used: dict = {}  # this build's pages: the memo of the next one
        self.stamp = _stamp(tuple(search)) if memo is not None else ()

    def macro(self, name: str) -> Any:
        """The macro `name` of pufa/partials/<name>.md (documents, meta, comment), for Markdown outside these templates."""
        return getattr(self.env.get_template(f"pufa/partials/{name}.md").module, name)

    def render(self, name: str, **view: Any) -> str:
        try:
            key = (self.stamp, name, fingerprint(view)) if self.memo is not None else None
        except Unkeyed:
            key = None
        markdown = self.memo.get(key) if key is not None else None
        if markdown is None:
            markdown = self.env.get_template(f"pufa/{name}.md").render(**view)
        if key is not None:
            self.used[key] = markdown
        return markdown

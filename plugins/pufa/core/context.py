"""One build: what it reads (configured once), its one clock, and what is loaded and checked once.

`load_build` is what `pufa check`, `pufa report` and the MkDocs plugins share, so they read
the same folder with the same options and report the same problems, all at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .calendar.events import CalendarData
from .calendar.loading import load_calendar
from .content.catalog import Catalog
from .clock import Clock, clock_from  # noqa: F401  (clock_from: part of this module's interface)
from .content.history import FileDates, git_dates
from .content.images import Image
from .content.links import walk_content, walk_files
from .content.loading import load_content
from .problems import Problem, has_errors, sort_problems
from .routes import Routes
from .search.dictionary import Synonyms, load_synonyms


@dataclass(frozen=True)
class Sources:
    """What a build reads, as mkdocs.yml configures it (paths absolute)."""

    root: Path  # the folder of mkdocs.yml; problem paths are relative to it
    content_dir: Path
    include_drafts: bool = False
    synonyms_file: Path | None = None
    review_days: int = 365  # pufa/content's: the report on the site and `pufa report` agree
    docs_dir: Path | None = None  # hand-written pages and files: links in content may lead there

    @property
    def content_folder(self) -> str:
        """The content folder as editors see it: relative to the project, or absolute outside it."""
        content, root = self.content_dir.resolve(), self.root.resolve()
        return content.relative_to(root).as_posix() if content.is_relative_to(root) else content.as_posix()


@dataclass(frozen=True)
class BuildContext:
    sources: Sources
    clock: Clock
    routes: Routes
    catalog: Catalog | None  # None when the content has errors; build nothing unless `ok`
    calendar: CalendarData | None  # None when calendar.yml or the content has errors
    synonyms: Synonyms
    problems: tuple[Problem, ...]
    dates: dict[str, FileDates] = field(default_factory=dict)  # content path → dates from git
    images: tuple[Image, ...] = ()  # content/images/, published at images/
    files_read: int = 0  # content files read (a load with a memo reuses the checks of unchanged ones)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def today(self) -> dt.date:
        return self.clock.today


def load_build(sources: Sources, clock: Clock, routes: Routes = Routes(), *,
               read_git: bool = True, memo: dict | None = None) -> BuildContext:
    """Read and check content, calendar.yml and the synonyms file together; read git once.

    Every problem of every file comes back at once; git is not read when there is an error
    (nothing is built then). `memo` keeps checked files for the next load (see load_content).
    """
    # the checks bound dates by the same day the pages are dated with (SOURCE_DATE_EPOCH included)
    walk = walk_content(sources.content_dir, sources.root)  # once: the content and calendar.yml
    content = load_content(sources.content_dir, sources.root, include_drafts=sources.include_drafts,
                           today=clock.today, site_files=_site_files(sources), memo=memo, walk=walk,
                           routes=routes)
    calendar = load_calendar(sources.content_dir, sources.root, content.catalog, today=clock.today, walk=walk)
    synonyms, synonym_problems = load_synonyms(sources.synonyms_file, sources.root)
    problems = tuple(sort_problems([*content.problems, *calendar.problems, *synonym_problems]))
    ok = not has_errors(problems)
    dates = git_dates(sources.root, sources.content_folder) if ok and read_git else {}
    return BuildContext(sources, clock, routes, content.catalog, calendar.data, synonyms, problems,
                        dates=dates, images=content.images, files_read=content.files_read)


def _site_files(sources: Sources) -> list[str]:
    """The src_uris of docs/ as MkDocs sees them (links out of the repository are not followed)."""
    docs = sources.docs_dir
    if docs is None or not docs.is_dir():
        return []
    return [path.relative_to(docs).as_posix() for path in walk_files(docs, sources.root).files]

"""Loading the content tree: files → records and problems, then the catalog.

The order matters: topics and agencies are loaded first because explainers and cases
refer to them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .. import messages as msg
from .body import check_body
from .catalog import Catalog, build_catalog, law_key, slugify
from .. import routes
from ..kinds import CASE, EXPLAINER, Kind
from ..statutes.citations import check_citations
from ..report.reviews import check_reviews
import dataclasses

from .fields import (AGENCY_FIELDS, CASE_FIELDS, EXPLAINER_FIELDS, IMPORTED_CASE_OPTIONAL, Items,
                     STATUS_DRAFT, STATUS_PUBLISHED, STATUTE_FIELDS, TOPIC_FIELDS, Field)
from .model import Agency, Case, Document, Explainer, LawRef, PlanItem, Responsibility, Statute, Topic
from ..statutes.texts import article_problems, find_articles
from ..routes import Routes
from ..problems import NOTE, WARNING, Problem, has_errors, sort_problems
from .images import Image, find_images
from .internal_links import PageSource, agency_pages, check_links, topic_pages
from .links import Walk, content_boundary, inside, walk_content
from .wrong_law import check_plausible_dates, check_wrong_law
from ..clock import clock_from
from .markdown_pitfalls import check_pitfalls, check_summary_length, check_unclosed_comment
from .personal_data import find_personal_data
from .reading import (FrontMatter, Parsed, character_problems, decode, dotted, parse_yaml,
                      split_front_matter, with_field)
from .references import (Registry, check_agency_refs, check_comment_period, check_date_order,
                         check_duplicate_urls, check_outside_parent, check_parents, check_plan_item, resolve_topics)
from .validation import check_fields

RESERVED_SLUGS = {"index", "assets", "search"}
# an agency's folder sits beside these in laws/ and cases/ (core/routes.py PAGED)
RESERVED_AGENCY_IDS = {routes.PAGED}


def valid_name(name: str) -> bool:
    """The rule for agency ids and file names, in files and on the command line: one URL
    segment as written (no '/', '..' or spaces), not hidden, not reserved."""
    return bool(name) and slugify(name) == name and not name.startswith(".") and name not in RESERVED_SLUGS


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog | None  # None when a file has an error of its own (rules over the catalog may add more)
    problems: tuple[Problem, ...]
    drafts: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()  # content/images/, published at images/
    files_read: int = 0  # content files read by this load (unchanged statutes come from the memo)

    @property
    def ok(self) -> bool:
        return self.catalog is not None


def file_state(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is written, replaced or touched (None: it cannot be read)."""
    try:
        state = path.stat()
    except OSError:
        return None
    return (state.st_ino, state.st_size, state.st_mtime_ns, state.st_ctime_ns)


def _quiet_read(path: Path) -> str | None:
    try:
        return decode(path.read_bytes()).text
    except OSError:
        return None


class _Loader:
    def __init__(self, content_dir: Path, root: Path, today: dt.date | None,
                 memo: dict | None = None, include_drafts: bool = False, walk: Walk | None = None) -> None:
        # statutes checked by an earlier load in this process, by (path, file state, day): a library
        # of 1,500 texts is read and checked once per `mkdocs serve`, not once per save
        self.memo = memo
        self.used: dict = {}  # what this load took from or added to the memo: the next memo
        self.files_read = 0
        self.content_dir = content_dir
        self.root = root
        self.root_prefix = root.as_posix().rstrip("/") + "/"  # rel() compares paths as text
        self.today = today  # dates are bounded relative to the build's day
        self.boundary = content_boundary(content_dir, root)
        walk = walk or walk_content(content_dir, root)
        self.files = walk.files
        self.problems: list[Problem] = list(walk.problems)
        self.include_drafts = include_drafts
        # what files with errors leave out of the catalog, so the checks that need the catalog can
        # still run beside the other problems: the pages they will have, the bodies they hold
        self.pending: set[str] = set()
        self.unbuilt: list[PageSource] = []
        self.documents_complete = True  # every explainer and case is in the catalog
        self.library_complete = True  # every statute file is in the catalog

    def rel(self, path: Path) -> str:
        # by text: pathlib's relative_to, once per file and save, was a tenth of a library preview's load
        text = path.as_posix()
        return text[len(self.root_prefix):] if text.startswith(self.root_prefix) else text

    def read_text(self, path: Path) -> str | None:
        rel = self.rel(path)
        if not inside(path, self.boundary):
            return None  # a symlink out of the repository: reported by walk_files, never read
        self.files_read += 1
        try:
            decoded = decode(path.read_bytes())
        except OSError as error:
            self.problems.append(Problem(rel, 1, "file", "unreadable", msg.unreadable(error.strerror or "")))
            return None
        if decoded.text is None:
            self.problems.append(Problem(rel, 1, "file", "not-utf8", msg.not_utf8(decoded.guess)))
        return decoded.text

    def read_yaml_file(self, path: Path) -> Parsed | None:
        text = self.read_text(path)
        if text is None:
            return None
        parsed, problems = parse_yaml(text, self.rel(path))
        self.problems.extend(problems)
        return parsed

    def check(self, fields: tuple[Field, ...], parsed: Parsed, rel: str) -> dict[str, Any]:
        values, problems = check_fields(fields, parsed, rel, self.today)
        self.problems.extend(problems)
        return values

    # topics and agencies

    def load_topics(self) -> list[Topic]:
        path = self.content_dir / "topics.yml"
        if not path.exists():
            self.problems.append(Problem(self.rel(path), 1, "topics", "missing-file", msg.no_topics_file()))
            return []
        parsed = self.read_yaml_file(path)
        if parsed is None:
            return []
        wrapper = Parsed({"topics": parsed.data}, {("topics",) + k: v for k, v in parsed.lines.items()}, 1)
        spec = Field("topics", Items(TOPIC_FIELDS), "专题", "", None)
        values = self.check((spec,), wrapper, self.rel(path))
        topics = [Topic(**item) for item in values.get("topics", ())]
        for item in parsed.data if isinstance(parsed.data, list) else ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.pending |= topic_pages(item["id"])
        return topics

    def load_agencies(self) -> dict[str, Agency]:
        agencies: dict[str, Agency] = {}
        lines: dict[str, int] = {}
        for path in self.files_in(self.content_dir / "agencies", (".yml", ".yaml")):
            rel = self.rel(path)
            self.pending |= agency_pages(path.stem)
            parsed = self.read_yaml_file(path)
            if parsed is None:
                continue
            values = self.check(AGENCY_FIELDS, parsed, rel)
            agency_id = path.stem
            if not valid_name(agency_id):
                self.problems.append(Problem(rel, 1, "file", "bad-id", msg.bad_id(agency_id)))
                continue
            if agency_id in RESERVED_AGENCY_IDS:
                self.problems.append(Problem(rel, 1, "file", "reserved-slug", msg.reserved_agency_id(agency_id)))
                continue
            self.problems.extend(check_outside_parent(values, parsed, rel))
            if all(f.name in values for f in AGENCY_FIELDS if f.required):
                agencies[agency_id] = dataclasses.replace(to_agency(agency_id, rel, values),
                                                          field_lines=field_lines(parsed, values))
                lines[agency_id] = parsed.line(("parent",))
        self.problems.extend(check_parents(agencies, lines))
        return agencies

    # explainers and cases

    def load_documents(self, section: str, fields: tuple[Field, ...], registry: Registry,
                       drafts: list[str], include_drafts: bool = False) -> list[tuple[Document, int]]:
        documents = []
        for path in self.files_in(self.content_dir / section, (".md",)):
            rel = self.rel(path)
            parts = path.relative_to(self.content_dir / section).parts
            if len(parts) != 2:
                self.problems.append(Problem(rel, 1, "agency", "not-in-agency-folder", msg.not_in_agency_folder()))
                continue
            agency = parts[0]
            if agency not in registry.agencies:
                self.problems.append(Problem(rel, 1, "agency", "unknown-agency", msg.agency_folder_unknown(agency)))
            loaded = self.load_document(path, rel, agency, section, fields, registry)
            if loaded is None:
                continue
            document, slug_line = loaded
            if document.status == STATUS_DRAFT and not include_drafts:
                drafts.append(rel)
                self.problems.append(Problem(rel, slug_line, "status", "draft", msg.draft_not_published(), NOTE))
                continue
            documents.append(loaded)
        return documents

    def load_document(self, path: Path, rel: str, agency: str, section: str, fields: tuple[Field, ...],
                      registry: Registry) -> tuple[Document, int] | None:
        is_case = section == "cases"
        kind = CASE if is_case else EXPLAINER
        text = self.read_text(path)
        front, problems = split_front_matter(text, rel) if text is not None else (None, [])
        self.problems.extend(problems)
        if front is None:  # unreadable: its page is pending, its body unknown
            self.documents_complete = False
            self.pending.add(routes.document_src(kind, agency, slugify(path.stem)))
            return None
        parsed, problems = parse_yaml(front.yaml_text, rel, front.first_line)
        self.problems.extend(problems)
        source = page_source(rel, kind, agency, path.stem, front, parsed)
        imported = is_case and isinstance(parsed.data if parsed else None, dict) and "source" in parsed.data
        if imported:
            # an imported case keeps its source's own sections and may lack what the source lacks
            fields = tuple(dataclasses.replace(f, required=False) if f.name in IMPORTED_CASE_OPTIONAL else f
                           for f in fields)
        self.problems.extend(check_body(front.body, front.body_line, rel, is_case and not imported))
        self.problems.extend(character_problems(front.body, rel, front.body_line))
        self.problems.extend(check_unclosed_comment(front.body, front.body_line, rel))
        self.problems.extend(check_pitfalls(front.body, front.body_line, rel))
        self.problems.extend(personal_data_problems(front, parsed, rel, registry.public_numbers))
        if parsed is None:
            return self.left_out(source, parsed)
        before = len(self.problems)
        values = self.check(fields, parsed, rel)
        topics, problems = resolve_topics(values, parsed, rel, registry)
        self.problems.extend(problems)
        self.problems.extend(check_agency_refs(values, parsed, rel, registry))
        pairs = [("decided", "published")] if is_case else [
            ("law_promulgated", "law_effective"), ("comment_opens", "comment_closes")]
        self.problems.extend(check_date_order(values, parsed, rel, pairs, fields))
        if not is_case:
            self.problems.extend(check_comment_period(values, parsed, rel))
        self.problems.extend(check_plausible_dates(values, parsed.line, rel, self.today or clock_from(os.environ).today))
        if "summary" in values:
            self.problems.extend(check_summary_length(values["summary"], parsed.line(("summary",)), rel))
        slug = values.get("slug") or slugify(path.stem)
        slug_line = parsed.line(("slug",)) if "slug" in values else 1
        if slug in RESERVED_SLUGS:
            self.problems.append(Problem(rel, slug_line, "slug", "reserved-slug", msg.reserved_slug(slug)))
        if has_errors(self.problems[before:]) or not all(f.name in values for f in fields if f.required):
            return self.left_out(source, parsed)
        common = dict(path=rel, agency=agency, slug=slug, topics=topics, body=front.body,
                      body_line=front.body_line, status=values.get("status", STATUS_PUBLISHED),
                      co_agencies=values.get("co_agencies", ()), plan_item=values.get("plan_item"),
                      field_lines=field_lines(parsed, values))
        self.problems.extend(check_plan_item(values, parsed, rel, agency, registry))
        make = to_case if is_case else to_explainer
        return make(values, common), slug_line

    def left_out(self, source: PageSource, parsed: Parsed | None) -> None:
        """An explainer or case with an error: its page and laws are pending, its links still checked."""
        self.documents_complete = False
        data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
        if data.get("status") == STATUS_DRAFT and not self.include_drafts:
            return None  # a draft is not published: its page is no link target, its links wait
        self.pending.add(source.src_uri)
        self.pending |= {routes.law_src(law_key(title)) for title in law_titles(data)}
        self.unbuilt.append(source)
        return None

    def load_statutes(self) -> list[Statute]:
        statutes = []
        for path in self.files_in(self.content_dir / "statutes", (".md",)):
            rel = self.rel(path)
            # by the file's state, not its text: a save elsewhere does not read 1,500 statutes again
            key = (rel, file_state(path), self.today)
            if self.memo is not None and key in self.memo:
                statute, problems = self.memo[key]
            else:
                before = len(self.problems)
                text = self.read_text(path)
                statute = None if text is None else self.load_statute(rel, text)
                problems = tuple(self.problems[before:])
                del self.problems[before:]
            self.used[key] = (statute, problems)
            self.problems.extend(problems)
            if statute is not None:
                statutes.append(statute)
            else:
                self.library_complete = False
                text = _quiet_read(path)  # only a statute with an error is read again (its problems are kept)
                if text is not None:
                    titles = law_titles(front_matter_of(text, rel), statute=True)
                    self.pending |= {routes.law_src(law_key(title)) for title in titles}
        if self.memo is not None:  # only what this load used: the memo does not grow with old texts
            self.memo.clear()
            self.memo.update(self.used)
        return statutes

    def load_statute(self, rel: str, text: str) -> Statute | None:
        """One statute file's text → its statute (None if it has an error); problems go to self.problems."""
        front, problems = split_front_matter(text, rel)
        self.problems.extend(problems)
        if front is None:
            return None
        parsed, problems = parse_yaml(front.yaml_text, rel, front.first_line)
        self.problems.extend(problems)
        if parsed is None:
            return None
        before = len(self.problems)
        values = self.check(STATUTE_FIELDS, parsed, rel)
        self.problems.extend(check_date_order(values, parsed, rel, [("promulgated", "effective")],
                                              STATUTE_FIELDS))
        self.problems.extend(character_problems(front.body, rel, front.body_line))
        articles = find_articles(front.body, front.body_line)
        for line, code, article in article_problems(articles):
            self.problems.append(Problem(rel, line, "body", code, msg.article_sequence(code, article.label),
                                         WARNING))
        if not front.body.strip():
            self.problems.append(Problem(rel, front.body_line, "body", "empty-body", msg.empty_body()))
        if has_errors(self.problems[before:]) or "title" not in values:
            return None
        return to_statute(rel, values, front.body, front.body_line, tuple(articles))

    def files_in(self, folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
        """Every file below `folder`; files of another type are reported, never skipped silently."""
        found = []
        prefix = folder.as_posix().rstrip("/") + "/"
        for path in self.files:
            text = path.as_posix()  # by text, as rel()
            if not text.startswith(prefix):
                continue
            if any(part.startswith(".") for part in text[len(prefix):].split("/")):
                continue
            if path.suffix.lower() in suffixes:
                found.append(path)
            else:
                self.problems.append(Problem(self.rel(path), 1, "file", "unsupported-file",
                                             msg.unsupported_file(path.suffix or path.name)))
        return found


def page_source(rel: str, kind: Kind, agency: str, stem: str, front: FrontMatter,
                parsed: Parsed | None) -> PageSource:
    """The page an explainer or case will have, as far as its metadata can be read."""
    data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
    written = data.get("slug")
    slug = written if isinstance(written, str) and valid_name(written) else slugify(stem)
    return PageSource(rel, routes.document_src(kind, agency, slug), front.body, front.body_line)


def law_titles(data: Any, statute: bool = False) -> list[str]:
    """The laws a file's metadata names (law, laws[].law, a statute's title), where they are text."""
    if not isinstance(data, dict):
        return []
    titles = [data.get("title")] if statute else [data.get("law")]
    laws = data.get("laws")
    titles += [ref.get("law") for ref in laws if isinstance(ref, dict)] if isinstance(laws, list) else []
    return [t.strip() for t in titles if isinstance(t, str) and t.strip()]


def front_matter_of(text: str, rel: str) -> Any:
    front, _ = split_front_matter(text, rel)
    parsed, _ = parse_yaml(front.yaml_text, rel, front.first_line) if front is not None else (None, [])
    return parsed.data if parsed is not None else None


def field_lines(parsed: Parsed, values: dict[str, Any]) -> dict[str, int]:
    """File line of every field and list item, by dotted name (laws[1].articles), so checks made
    once the catalog exists (wrong law, outdated reviews) point at the line."""
    lines = {dotted(at): line for at, line in parsed.lines.items()}
    return {**lines, **{name: parsed.line((name,)) for name in values}}


def personal_data_problems(front: FrontMatter, parsed: Parsed | None, rel: str,
                           public: frozenset[str]) -> list[Problem]:
    """Personal numbers anywhere in the file: metadata lines name their field, body lines 'body'."""
    problems = []
    for found in find_personal_data(front.yaml_text, front.first_line, public):
        problem = Problem(rel, found.line, "front_matter", "personal-data", msg.personal_data(found.kind, found.masked))
        problems.append(with_field(problem, parsed.lines) if parsed else problem)
    for found in find_personal_data(front.body, front.body_line, public):
        problems.append(Problem(rel, found.line, "body", "personal-data", msg.personal_data(found.kind, found.masked)))
    return problems


def to_agency(agency_id: str, rel: str, values: dict[str, Any]) -> Agency:
    return Agency(
        id=agency_id, path=rel, name=values["name"], short_name=values["short_name"],
        level=values["level"], description=values["description"],
        responsibilities=tuple(Responsibility(id=r["id"], title=r["title"], measures=r["measures"],
                                              laws=r.get("laws", ())) for r in values["responsibilities"]),
        plan=tuple(PlanItem(**p) for p in values.get("plan", ())),
        parent=values.get("parent"), kind=values.get("kind"), website=values.get("website"),
        parent_name=values.get("parent_name"), parent_website=values.get("parent_website"),
        public_numbers=values.get("public_numbers", ()),
    )


def _common_values(values: dict[str, Any]) -> dict[str, Any]:
    return dict(title=values["title"], summary=values["summary"], published=values["published"])


def to_explainer(values: dict[str, Any], common: dict[str, Any]) -> Explainer:
    optional = ("articles", "audience", "rights", "obligations", "remedies", "comment_opens",
                "comment_closes", "comment_how")
    return Explainer(**common, **_common_values(values), law=values["law"],
                     law_promulgated=values["law_promulgated"], law_effective=values["law_effective"],
                     reviewed=values["reviewed"], **{k: values[k] for k in optional if k in values})


def to_case(values: dict[str, Any], common: dict[str, Any]) -> Case:
    return Case(**common, title=values["title"], summary=values.get("summary", ""),
                published=values["published"], court=values.get("court", ""),
                case_number=values.get("case_number", ""), decided=values.get("decided"), kind=values["kind"],
                keywords=values.get("keywords", ()), origin=values.get("origin"), source=values.get("source"),
                laws=tuple(LawRef(r["law"], r.get("articles", ())) for r in values.get("laws", ())))


def to_statute(rel: str, values: dict[str, Any], body: str, body_line: int, articles: tuple) -> Statute:
    history = tuple((item["date"], item["event"]) for item in values.get("history", ()))
    optional = ("part", "issuer", "promulgated", "effective", "status", "category", "source")
    return Statute(path=rel, title=values["title"], body=body, body_line=body_line, articles=articles,
                   short_names=values.get("short_names", ()), history=history,
                   **{k: values[k] for k in optional if k in values})


def load_content(content_dir: Path, root: Path, include_drafts: bool = False,
                 today: dt.date | None = None, site_files: Iterable[str] = (), memo: dict | None = None,
                 walk: Walk | None = None, routes: Routes = Routes()) -> LoadResult:
    """Read and check everything under `content_dir`; problem paths are relative to `root`.

    Drafts are left out of the catalog (with a warning each) unless `include_drafts`.
    `site_files` are the src_uris of docs/ (hand-written pages and files) links may lead to. `memo`
    (owned by the caller, e.g. a serving process) keeps checked statutes for the next load.
    """
    loader = _Loader(content_dir, root, today, memo, include_drafts, walk)
    images, problems = find_images(loader.files, content_dir, loader.rel)
    loader.problems.extend(problems)
    topics = loader.load_topics()
    agencies = loader.load_agencies()
    registry = Registry(frozenset(agencies), tuple(topics),
                        {a.id: tuple(p.id for p in a.plan) for a in agencies.values()},
                        frozenset(n for a in agencies.values() for n in a.public_numbers))
    drafts: list[str] = []
    explainers = loader.load_documents("laws", EXPLAINER_FIELDS, registry, drafts, include_drafts)
    cases = loader.load_documents("cases", CASE_FIELDS, registry, drafts, include_drafts)
    statutes = loader.load_statutes()
    loader.problems.extend(check_duplicate_urls(explainers + cases, routes))
    # with errors the catalog holds the files without: enough for the rules that need the whole
    # site, so their problems come in the same run (issue #12: all problems at once)
    complete = not has_errors(loader.problems)
    catalog = build_catalog(list(agencies.values()), topics, [d for d, _ in explainers],
                            [d for d, _ in cases], statutes)
    later = check_links(catalog, site_files, images, () if complete else loader.pending, loader.unbuilt)
    if loader.library_complete:
        later += [*check_reviews(catalog), *check_wrong_law(catalog)]
    else:
        statutes_dir = loader.rel(content_dir / "statutes")
        later.append(Problem(statutes_dir, 1, "file", "library-checks-held", msg.library_checks_held(), NOTE))
    if loader.library_complete and loader.documents_complete:
        later += check_citations(catalog)  # citations name laws any explainer or case may name
    problems = tuple(sort_problems((*loader.problems, *later)))
    # a catalog whose own files are sound: calendar.yml's references are checked against it
    return LoadResult(catalog if complete else None, problems, tuple(drafts), tuple(images), loader.files_read)

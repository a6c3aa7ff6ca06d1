"""Importing legal texts in the LawRefBook format (../shared/corpus) as statutes and cases.

The body of each source file is kept line for line (only layout markers are dropped), so
no article or paragraph can be lost; what the importer cannot interpret is reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import messages as msg
from ..content.catalog import Catalog, law_key, slugify
from ..content.model import Statute
from ..context import clock_from
from ..content.links import inside, walk_files
from ..content.reading import decode, parse_yaml, split_front_matter
from .citations import CitationIndex, declared_articles, find_citations
from .texts import article_problems, find_articles

INFO_END = "<!-- INFO END -->"
LAYOUT_MARKERS = {"<!-- FORCE BREAK -->"}
CASES_FOLDER = "案例"
# where `import-statutes --library` puts new texts: a whole library beside the texts a site commits
LIBRARY_FOLDER = "library"
_HISTORY = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$")
_FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")
_EFFECTIVE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")
_ISSUERS = ("全国人民代表大会常务委员会", "全国人民代表大会", "国务院", "最高人民法院", "最高人民检察院")
_CASE_NUMBER = re.compile(r"（\d{4}）[\u4e00-\u9fa5\d]{2,20}号")
_CITATION = re.compile(r"《([^》]{2,40})》((?:第[零一二三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十])?[、和及与]?)+)")
_ARTICLE_IN_CITATION = re.compile(r"第([零一二三四五六七八九十百千\d]+)条")
FOLDER_TOPICS = {"劳动人事": "劳动就业", "消费购物": "消费维权"}
# LawRefBook's catch-all folder: not one of the legal categories its README lists (宪法相关法,
# 民法商法 … 司法解释, 部门规章, 案例); it holds a technical standard and a third-party guide
NOT_LEGAL_FOLDERS = ("其他",)
# a header that credits a web page or an author ("该攻略出自 https://…") introduces someone's article
_THIRD_PARTY = re.compile(r"https?://|出自|转载|作者[:：]")


@dataclass(frozen=True)
class ImportNote:
    """Something the importer could not interpret: reported, never dropped."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class SourceDoc:
    title: str = ""
    subtitle: str | None = None
    history: list[tuple[dt.date, str]] = field(default_factory=list)
    body_lines: list[str] = field(default_factory=list)
    body_line: int = 1  # line in the source where the body starts


def parse_source(text: str, source: str) -> tuple[SourceDoc, list[ImportNote]]:
    lines = text.split("\n")
    doc, notes = SourceDoc(), []
    end = lines.index(INFO_END) if INFO_END in lines else _header_end(lines)
    unknown: list[str] = []
    for number, line in enumerate(lines[:end], start=1):
        stripped = line.strip()
        history = _HISTORY.match(stripped)
        if not stripped or stripped in LAYOUT_MARKERS:
            continue
        if stripped.startswith("# ") and not doc.title:
            doc.title = stripped[2:].strip()
        elif stripped.startswith("# ") and doc.subtitle is None:
            doc.subtitle = stripped[2:].strip()
        elif history:
            try:
                day = dt.date(*(int(g) for g in history.groups()[:3]))
                doc.history.append((day, history.group(4).strip() or "公布"))
            except ValueError:
                notes.append(ImportNote(source, number, f"沿革中的日期不存在，原样保留在正文开头：{stripped}"))
                unknown.append(stripped)
        else:
            notes.append(ImportNote(source, number, f"标题区中无法识别的行，原样保留在正文开头：{stripped[:40]}"))
            unknown.append(stripped)
    start = end + 1 if INFO_END in lines else end
    body = [line.rstrip() for line in lines[start:] if line.strip() not in LAYOUT_MARKERS]
    doc.body_lines = unknown + ([""] if unknown else []) + body
    doc.body_line = start + 1
    if not doc.title:
        notes.append(ImportNote(source, 1, "没有一级标题，用文件名作标题"))
    return doc, notes


def not_legal_text(source: str, text: str) -> ImportNote | None:
    """Why a source file is not a legal text (left out, never imported as 法规), or None."""
    folder = source.split("/")[0] if "/" in source else ""
    if folder in NOT_LEGAL_FOLDERS:
        return ImportNote(source, 1, msg.import_not_legal_folder(folder))
    lines = text.split("\n")
    end = lines.index(INFO_END) if INFO_END in lines else _header_end(lines)
    for number, line in enumerate(lines[:end], start=1):
        if _THIRD_PARTY.search(line):
            return ImportNote(source, number, msg.import_third_party_text(line.strip()))
    return None


def _header_end(lines: list[str]) -> int:
    """Without an INFO END marker the header is the leading titles and dated history lines."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("# ") and not _HISTORY.match(stripped):
            return index
    return len(lines)


def _date_of(match: re.Match) -> dt.date | None:
    try:
        return dt.date(*(int(g) for g in match.groups()[:3]))
    except ValueError:
        return None


def statute_metadata(doc: SourceDoc, source: str, stem: str) -> dict[str, Any]:
    title = doc.title or stem
    adopted = [(d, e) for d, e in doc.history if "施行" not in e]
    effective_events = [d for d, e in doc.history if "施行" in e]
    promulgated = max((d for d, _ in adopted), default=None)
    if promulgated is None and (match := _FILE_DATE.search(stem)):
        promulgated = _date_of(match)
    body = "\n".join(doc.body_lines)
    effective = max(effective_events, default=None)
    if effective is None and len(adopted) <= 1:
        # the text's own closing article only tells the effective date of an unamended law
        found = [d for d in (_date_of(m) for m in _EFFECTIVE.finditer(body)) if d]
        effective = found[-1] if found else (promulgated if "自公布之日起施行" in body else None)
    latest_event = next((e for d, e in sorted(adopted, reverse=True)), "")
    issuer = next((name for name in _ISSUERS if name in latest_event or title.startswith(name)), None)
    short = title.removeprefix("中华人民共和国")
    data: dict[str, Any] = {"title": title}
    if doc.subtitle:
        data["part"] = doc.subtitle
    if short != title:
        data["short_names"] = [short]
    if issuer:
        data["issuer"] = issuer
    if promulgated:
        data["promulgated"] = promulgated
    if effective and (promulgated is None or effective >= promulgated):
        data["effective"] = effective
    if doc.history:
        data["history"] = [{"date": d, "event": e} for d, e in doc.history]
    data["category"] = source.split("/")[0]
    data["source"] = source
    return data


def case_metadata(doc: SourceDoc, source: str, stem: str, topics: set[str], published: dt.date) -> dict[str, Any]:
    body = "\n".join(doc.body_lines)
    folder = source.split("/")[1] if source.count("/") >= 2 else ""
    data: dict[str, Any] = {"title": doc.title or stem}
    summary = _first_sentence(_section(body, ("裁判要点", "裁判要旨", "典型意义", "基本案情", "简要案情")))
    if summary:
        data["summary"] = summary
    if (number := _CASE_NUMBER.search(body)):
        data["case_number"] = number.group(0)
    data["kind"] = "刑事" if "被告人" in body else ("行政" if "行政" in folder + doc.title else "民事")
    keywords = [k for k in re.split(r"[\s、，,；;]+", _section(body, ("关键词",))) if k]
    data["keywords"] = keywords or ([folder] if folder else [])
    laws = _cited_laws(body)
    if laws:
        data["laws"] = laws
    topic = FOLDER_TOPICS.get(folder)
    if topic in topics:
        data["topics"] = [topic]
    data["status"] = "已发布"
    data["published"] = published
    data["source"] = source
    return data


def _section(body: str, names: tuple[str, ...]) -> str:
    for name in names:
        match = re.search(rf"^##+\s*{name}\s*\n+(.+?)(?=\n##|\Z)", body, re.M | re.S)
        if match:
            return match.group(1).strip()
    return ""


def _first_sentence(text: str, limit: int = 120) -> str:
    paragraph = text.split("\n")[0].strip()
    sentence = paragraph.split("。")[0] + "。" if "。" in paragraph else paragraph
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _cited_laws(body: str) -> list[dict[str, Any]]:
    found: dict[str, list[str]] = {}
    for match in _CITATION.finditer(body):
        articles = [a for a in _ARTICLE_IN_CITATION.findall(match.group(2))]
        bucket = found.setdefault(match.group(1), [])
        bucket.extend(f"第{a}条" if not a.isdigit() else a for a in articles if a not in bucket)
    return [{"law": law, "articles": [int(a) if a.isdigit() else a for a in dict.fromkeys(arts)]}
            for law, arts in found.items()]


class _PlainDumper(yaml.SafeDumper):
    """No &id001 anchors: editors read these files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_file(data: dict[str, Any], body_lines: list[str]) -> str:
    front = yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n".join(body_lines).strip("\n")
    return f"---\n{front}---\n\n{body}\n"


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # _index.md (no legal text), cases when not wanted
    not_legal: list[str] = field(default_factory=list)  # files that are not legal texts, with a note each
    not_cited: list[str] = field(default_factory=list)  # statutes left out by `cited`
    duplicates: list[str] = field(default_factory=list)  # word for word the same as one imported
    removed: list[Path] = field(default_factory=list)  # earlier imports of such files
    statutes: int = 0
    cases: int = 0
    articles: int = 0


def existing_sources(folder: Path) -> dict[str, tuple[Path, dict]]:
    """Imported files already present, by the source path recorded in their metadata."""
    found: dict[str, tuple[Path, dict]] = {}
    if not folder.is_dir():
        return found
    for path in walk_files(folder, folder).files:  # links out of the folder are never read
        if path.suffix != ".md":
            continue
        text = decode(path.read_bytes()).text or ""
        front, _ = split_front_matter(text, "")
        parsed = parse_yaml(front.yaml_text, "")[0] if front else None
        if parsed and isinstance(parsed.data, dict) and parsed.data.get("source"):
            found[str(parsed.data["source"])] = (path, parsed.data)
    return found


def cited_laws(catalog: Catalog, titles: list[str]) -> set[str]:
    """Keys of the laws the content cites: in explainers' and cases' metadata, in responsibility
    lists, and in their running text (《刑法》第二百六十六条), among the laws named by `titles`."""
    keys = {law_key(ref.law) for d in (*catalog.explainers, *catalog.cases) for ref in d.law_refs}
    keys |= {law_key(law) for a in catalog.agencies for r in a.responsibilities for law in r.laws}
    library = tuple(Statute(path="", title=title, body="", body_line=1) for title in titles)
    index = CitationIndex(dataclasses.replace(catalog, statutes=library))
    for document in (*catalog.explainers, *catalog.cases):
        for citation in find_citations(document.body, index, declared=declared_articles(document.law_refs)):
            if citation.law:
                keys.add(citation.law)
    return keys


def import_corpus(source_dir: Path, content_dir: Path, case_agency: str | None,
                  today: dt.date | None = None, cited_by: Catalog | None = None,
                  library: bool = False) -> ImportResult:
    """Write one statute per law file and one case per file under 案例/; re-runs update in place.

    `today` dates what the import writes: the day in China of the one clock unless given.
    `cited_by`: only the statutes of laws that catalog's content cites (cited_laws), written
    outside the library folder (moved out of it if an earlier import put them there).
    `library`: new statutes go under statutes/library/ (a whole library a site does not commit)."""
    today = today or clock_from(os.environ).today
    result = ImportResult()
    statutes_dir = content_dir / "statutes"
    library_dir = statutes_dir / LIBRARY_FOLDER
    cases_dir = content_dir / "cases" / (case_agency or "")
    known = existing_sources(statutes_dir)
    known_cases = existing_sources(cases_dir) if case_agency else {}
    topics = _topic_names(content_dir / "topics.yml")
    taken = {path for path, _ in (*known.values(), *known_cases.values())}
    walk = walk_files(source_dir, source_dir, "来源目录")
    # a symlink out of the source folder would publish the importing machine's files as law pages
    result.notes.extend(ImportNote(p.path, p.line, p.message) for p in walk.problems)
    wanted = None
    if cited_by is not None:
        wanted = cited_laws(cited_by, [title for path in walk.files if (title := _statute_title(path, source_dir))])
    imported: dict[tuple, str] = {}  # (title, part, body) → source, to find word-for-word duplicates
    for path in walk.files:
        if path.suffix != ".md":
            continue
        source = path.relative_to(source_dir).as_posix()
        if path.name == "_index.md":
            result.skipped.append(source)
            continue
        decoded = decode(path.read_bytes())
        if decoded.text is None:
            result.notes.append(ImportNote(source, 1, f"不是 UTF-8 编码（{decoded.guess}），未导入"))
            continue
        is_case = source.startswith(CASES_FOLDER + "/")
        if not is_case and (why := not_legal_text(source, decoded.text)) is not None:
            result.not_legal.append(source)
            result.notes.append(why)
            _remove_earlier(source, known, content_dir, result)
            continue
        doc, notes = parse_source(decoded.text, source)
        if not is_case and wanted is not None and law_key(doc.title or path.stem) not in wanted:
            result.not_cited.append(source)
            continue
        if not is_case:
            # the corpus files some laws under two categories, word for word: one page, not a false 旧版本
            same = (doc.title, doc.subtitle, tuple(doc.body_lines))
            if same in imported:
                result.duplicates.append(source)
                result.notes.append(ImportNote(source, 1, msg.import_duplicate_text(imported[same])))
                _remove_earlier(source, known, content_dir, result)
                continue
            imported[same] = source
        if is_case and not case_agency:
            result.skipped.append(source)
            continue
        result.notes.extend(notes)
        if is_case:
            previous = known_cases.get(source)
            published = previous[1].get("published") if previous else None
            published = published if isinstance(published, dt.date) else _parse_date(published) or today
            data = case_metadata(doc, source, path.stem, topics, published)
            target = previous[0] if previous else _free_path(cases_dir, path, taken)
            result.cases += 1
        else:
            data = statute_metadata(doc, source, path.stem)
            folder = library_dir if library else statutes_dir
            target = known[source][0] if source in known else _free_path(folder, path, taken)
            if wanted is not None and target.is_relative_to(library_dir) and inside(target, content_dir):
                old, target = target, _free_path(statutes_dir, path, taken)  # cited: leaves the library
                old.rename(target)
            articles = find_articles("\n".join(doc.body_lines), doc.body_line)
            result.articles += len(articles)
            for line, code, article in article_problems(articles):
                what = "重复出现" if code == "duplicate-article" else "顺序倒置"
                result.notes.append(ImportNote(source, line, f"{article.label}{what}，已原样导入"))
            if not articles:
                result.notes.append(ImportNote(source, doc.body_line, "未识别出“第…条”，全文按段落导入"))
            result.statutes += 1
        taken.add(target)
        if not inside(target, content_dir):
            result.notes.append(ImportNote(source, 1, f"目标文件 {target.name} 是指向内容目录之外的符号链接，未写入"))
            continue
        text = render_file(data, doc.body_lines)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            result.unchanged.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        result.written.append(target)
    return result


def _remove_earlier(source: str, known: dict[str, tuple[Path, dict]], content_dir: Path,
                    result: ImportResult) -> None:
    """Delete the page an earlier import wrote for a source this importer leaves out."""
    if source in known and inside(known[source][0], content_dir):
        known[source][0].unlink()
        result.removed.append(known[source][0])
        result.notes.append(ImportNote(source, 1, msg.import_removed_left_out(known[source][0].name)))


def _statute_title(path: Path, source_dir: Path) -> str | None:
    """The title a source file would be imported under as a statute (None: not a statute)."""
    source = path.relative_to(source_dir).as_posix()
    if path.suffix != ".md" or path.name == "_index.md" or source.startswith(CASES_FOLDER + "/"):
        return None
    text = decode(path.read_bytes()).text
    if text is None or not_legal_text(source, text) is not None:
        return None
    return parse_source(text, source)[0].title or path.stem


def _parse_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _free_path(folder: Path, source: Path, taken: set[Path]) -> Path:
    """A file name for a new import; a name already used gets the source's folder in front."""
    stem = slugify(source.stem)
    candidate = folder / f"{stem}.md"
    if candidate in taken or candidate.exists():
        candidate = folder / f"{slugify(source.parent.name)}-{stem}.md"
    number = 2
    while candidate in taken or candidate.exists():
        candidate = folder / f"{slugify(source.parent.name)}-{stem}-{number}.md"
        number += 1
    return candidate


def _topic_names(path: Path) -> set[str]:
    if not path.exists() or not inside(path, path.parent):
        return set()
    parsed, _ = parse_yaml(decode(path.read_bytes()).text or "", "")  # no aliases: see parse_yaml
    data = parsed.data if parsed is not None and isinstance(parsed.data, list) else []
    return {str(item.get("name")) for item in data if isinstance(item, dict)}

"""Build the sharded search index from the pages a site shows.

A page becomes one or more *sections* (long pages such as statutes are cut at headings and
articles so a result can link to the place that matched and its snippet stays small). Each
section is scored per term with BM25F over five fields (title > summary > headings > body,
metadata) at build time, so the browser only adds up precomputed integer impacts.

Output (paths relative to the index folder):
  meta.json      shard count, page boundaries, filters, synonyms, the no-result help
  t2s.json       traditional→simplified pairs of the characters the index holds
  py.json        pinyin of the site's words, by full pinyin and initials, and characters by reading
  sounds.json    py.json without the initials: what homophones of a Chinese query need
  s/<n>.json     {term: postings} for terms hashed to shard n; postings are (doc delta, impact)
                 pairs packed as base-32 digits in text (see `encode_postings`); a pruned term's
                 text is "~" + its best postings + "~" + a bitmap of every section holding it
  p/<n>.json     pages meta["chunks"][n] onwards: [url, title, anchor, heading, anchor, heading, ...]
                 (the anchors and headings of the page's sections after its first), what a result
                 shows before its snippet; one file holds many pages, so later queries find it cached
  d/<n>.json     one section's text, for its snippet (filled in after the results are shown)
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import json
import math
import operator
import shutil
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat
from pathlib import Path
from urllib.parse import quote, unquote

from .cache import PageCache, page_key
from .page_text import Block, read_blocks
from .pinyin import common_characters, pinyin_data
from .text import Tokenizer, fold, plain_terms, shard_of, title_term, traditional_map, two_character_words

KINDS = ("解读", "案例", "法规", "指南", "页面")  # 指南: the editors' guide, under its own filter
# navigation pages (agencies, topics, listings) rank below the content they lead to
KIND_PRIOR = {"页面": 0.6}
FIELDS = ("title", "summary", "headings", "body", "meta")
# fields jieba segments into words; body text (nine tenths of a statute site) is indexed by its
# bigrams alone, which keeps every exact span findable at a fraction of the build time
WORD_FIELDS = ("title", "summary", "headings", "meta")
_SCORING_ORDER = ("body", "title", "summary", "headings", "meta")  # the big field first: it starts the sum
WEIGHTS = {"title": 6.0, "summary": 3.0, "headings": 2.5, "body": 1.0, "meta": 2.0}
B = {"title": 0.5, "summary": 0.5, "headings": 0.6, "body": 0.75, "meta": 0.5}
K1 = 1.2
# a term of the title or summary lifts the section's impact beyond what BM25's saturation allows: a long
# body repeating a word otherwise scores as high as a page whose title says it (被辞退有补偿吗 vs a case
# mentioning 补偿 twenty times)
LIFT = {"title": 0.6, "summary": 0.3}
IMPACT_SCALE = 20
ONE_SECTION_CHARS = 3000  # pages up to this long stay one section
SECTION_CHARS = 1200  # longer pages are cut near this size, at a heading or an article
# a term in more sections than this keeps only its best postings and a bitmap of the sections
# holding it, so one very common bigram (人民, 规定) cannot make its shard, and every query using
# it, heavy, while an exact span made of common bigrams can still be found in any section
MAX_POSTINGS = 600
CHUNK_BYTES = 8_000  # page listings are grouped into files about this big
# aim for shards about this big: smaller ones waste fewer bytes per query, but every file costs build time
SHARD_BYTES = 10_000
# scoring and encoding work on this many (term, section) pairs at a time: fast in C, bounded in memory
_BLOCK_PAIRS = 1 << 16


@dataclass(frozen=True)
class PageInput:
    """A page as the site shows it: its URL (relative to the site root), title, kind and rendered HTML."""

    url: str
    title: str
    kind: str
    html: str
    agencies: tuple[tuple[str, str], ...] = ()  # (id, name)
    topics: tuple[tuple[str, str], ...] = ()  # (id, name)
    meta: str = ""  # metadata not shown in the HTML (law, keywords …)
    prior: float = 1.0  # below 1: a page that should rank below its peers (a superseded version of a law)


@dataclass
class Section:
    page: int
    anchor: str
    heading: str
    fields: dict[str, str]
    articles: list[str] = field(default_factory=list)
    body_terms: BodyTerms | None = None  # plain terms of the folded body, counted when scored
    # (offset in the section's text as its d/ file holds it, article anchor, chapter/section label)
    places: list[tuple[int, str, str]] = field(default_factory=list)


def split_sections(page_index: int, page: PageInput) -> list[Section]:
    blocks = [b for b in read_blocks(page.html) if b.heading != 1]
    summary = " ".join(b.text for b in blocks if b.role == "summary")
    meta = " ".join([*(b.text for b in blocks if b.role == "meta"), page.meta]).strip()
    content = [b for b in blocks if b.role == "body"]
    labels = _labels(content)
    groups = _group(content)
    sections = []
    for number, group in enumerate(groups):
        headings = [b.text for b in group if b.heading]
        lead = next((b for b in group if b.heading or b.articles), group[0]) if group else None
        anchor = "" if number == 0 or lead is None else (lead.articles[0] if lead.articles else lead.anchor)
        articles = [a for b in group for a in b.articles]
        # art1077: the term a query naming 第1077条 looks up to go straight to the article
        numbers = " ".join(dict.fromkeys("art" + a.split("-")[1] for a in articles))
        section_summary = summary if number == 0 else ""
        body = [b for b in group if not b.heading]
        places, offset = [], len(section_summary) + 1 if section_summary else 0
        for block in body:
            if block.articles:
                places.append((offset, block.articles[0], labels[id(block)]))
            offset += len(block.text) + 1
        # a section of articles is labelled with the chapter and section its first article is in
        heading = labels[id(lead)] if lead is not None and (lead.articles or lead.heading) else ""
        sections.append(Section(
            page_index, anchor, heading,
            {"title": page.title, "summary": section_summary,
             "headings": " ".join(headings), "body": "\n".join(b.text for b in body),
             "meta": " ".join(t for t in (meta if number == 0 else "", numbers) if t)},
            articles, places=places))
    return sections


def _labels(blocks: list[Block]) -> dict[int, str]:
    """The headings in effect at each block (第五编 婚姻家庭 第三章 家庭关系 …), by the block's id()."""
    path: dict[int, str] = {}
    labels: dict[int, str] = {}
    for block in blocks:
        if block.heading:
            path = {level: text for level, text in path.items() if level < block.heading}
            path[block.heading] = block.text
        labels[id(block)] = " ".join(path[level] for level in sorted(path))
    return labels


def _group(blocks: list[Block]) -> list[list[Block]]:
    if sum(len(b.text) for b in blocks) <= ONE_SECTION_CHARS:
        return [blocks]
    groups: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        starts_unit = bool(block.heading or block.articles)
        if groups[-1] and ((size >= SECTION_CHARS and starts_unit) or size >= 2 * SECTION_CHARS):
            groups.append([])
            size = 0
        groups[-1].append(block)
        size += len(block.text)
    return groups


def read_page(page_index: int, page: PageInput, cache: PageCache) -> list[Section]:
    """The page's sections with their body terms (counted when scored), from the cache when the page did not change."""
    key = page_key(page.url, page.title, page.kind, page.html, page.agencies, page.topics, page.meta)
    stored = cache.get(key)
    if stored is None:
        sections = split_sections(page_index, page)
        for section in sections:
            section.body_terms = BodyTerms(section.fields["body"])
        cache.put(key, [(s.anchor, s.heading, s.fields, s.articles, s.body_terms, s.places) for s in sections])
        return sections
    return [Section(page_index, anchor, heading, fields, articles, terms, places=places)
            for anchor, heading, fields, articles, terms, places in stored]


class BodyTerms:
    """A section's body terms (plain terms of the folded body) as the build and the page cache hold them.

    Counted when scoring first asks, then kept as one string and one array: a dict of every section's
    terms (a string and an entry per term) was the largest thing the index held on a large site, about
    ten times these bytes, and pickled ten times slower. Each dict made is let go once it is scored.
    """

    __slots__ = ("text", "terms", "counts")

    def __init__(self, text: str | None = None, terms: str = "", counts: bytes = b"") -> None:
        self.text = text  # the body not yet counted, else None
        self.terms = terms  # "\n" between terms (a plain term holds no line break)
        self.counts = counts  # array "I" bytes: each term's count

    def counted(self) -> dict[str, int]:
        """The terms and their counts (a new dict each time)."""
        if self.text is None:
            return dict(zip(self.terms.split("\n"), array("I", self.counts)))
        counts = plain_terms(fold(self.text))
        self.text, self.terms, self.counts = None, "\n".join(counts), array("I", counts.values()).tobytes()
        return counts

    def __reduce__(self) -> tuple[type[BodyTerms], tuple[None, str, bytes]]:
        if self.text is not None:
            self.counted()
        return BodyTerms, (None, self.terms, self.counts)


def order_pages(pages: Iterable[PageInput]) -> list[PageInput]:
    """Pages grouped by kind (so a kind filter is one range of page numbers), then by URL."""
    return sorted(pages, key=lambda p: (KINDS.index(p.kind) if p.kind in KINDS else len(KINDS), p.url))


@dataclass
class Postings:
    docs: array = field(default_factory=lambda: array("I"))
    tfs: array = field(default_factory=lambda: array("f"))
    lifts: array = field(default_factory=lambda: array("f"))  # empty: no lift for any section


@dataclass
class ScoredTerms:
    """Every (term, section) pair scored, kept per term as counted, handed out a block of terms at a time.

    pairs[term] holds (doc, count) pairs, docs ascending; a pair's pseudo term frequency is count ·
    norms[doc] (the norm of the doc's first field) unless sums[term] has its exact value, by pair
    position; lifts[term] has the lift of a pair that has one, by position.
    """

    pairs: dict[str, array]  # "I": doc, count, doc, count …
    sums: dict[str, dict[int, float]]
    lifts: dict[str, dict[int, float]]
    norms: list[float]

    def blocks(self, release: bool = False) -> Iterator[tuple[list[str], list[int], array, array, array]]:
        """(terms, starts, docs, tfs, lifts) of whole terms, about _BLOCK_PAIRS pairs at a time (at least one
        term, however many pairs it has), in the terms' order: the pairs of terms[i] are starts[i] to
        starts[i + 1] of docs ("I"), tfs ("f", float32 as the index always rounded them) and lifts ("f",
        1.0 for a pair without a lift).

        With `release`, each term is let go once its block is made, so the site's pairs are never copied
        all at once (on 20,000 pages they are tens of millions) and the memory they held goes to the next.
        """
        pairs, sums, lifts, norms = self.pairs, self.sums, self.lifts, self.norms
        terms = list(pairs)
        # array element offsets (two per pair) of each term's pairs, as if all were joined
        ends = array("q", [0])
        ends.extend(accumulate(map(len, pairs.values())))
        take = pairs.pop if release else pairs.__getitem__
        first = 0
        while first < len(terms):
            last = max(bisect.bisect_right(ends, ends[first] + 2 * _BLOCK_PAIRS, first + 1, len(ends)) - 1, first + 1)
            block = terms[first:last]
            low = ends[first]
            starts = [(n - low) >> 1 for n in ends[first:last + 1]]
            flat = array("I")
            flat.frombytes(b"".join(map(take, block)))
            docs, counts = flat[0::2], flat[1::2]
            del flat
            tfs = array("f", map(operator.mul, counts, map(norms.__getitem__, docs)))
            del counts
            all_lifts = array("f", [1.0]) * len(docs)
            for term, start in zip(block, starts):
                exact = sums.pop(term, None) if release else sums.get(term)
                if exact:
                    for position, tf in exact.items():
                        tfs[start + position] = tf
                lifted = lifts.pop(term, None) if release else lifts.get(term)
                if lifted:
                    for position, lift in lifted.items():
                        all_lifts[start + position] = lift
            yield block, starts, docs, tfs, all_lifts
            first = last

    def postings(self) -> dict[str, Postings]:
        """The same as one Postings per term (as `impacts` takes them)."""
        return {term: Postings(docs[a:b], tfs[a:b], lifts[a:b])
                for terms, starts, docs, tfs, lifts in self.blocks()
                for term, a, b in zip(terms, starts, starts[1:])}


def score_terms(sections: list[Section], terms_of: Callable[[str], dict[str, int]],
                priors: list[float] | None = None) -> ScoredTerms:
    """BM25F pseudo term frequencies per (term, section), field lengths measured in characters.

    `terms_of` counts the terms of a field's text; a section's `body_terms`, when present,
    stands for its body's. A section's prior (default 1) scales its term frequencies, so its
    impacts stay comparable.
    """
    count = max(len(sections), 1)
    average = {f: max(sum(len(s.fields[f]) for s in sections) / count, 1.0) for f in FIELDS}
    # The (term, section) pairs are millions, nearly all of them from a section's first field (the
    # body): those are kept as (doc, count) in one compact array per term, appended through map()
    # with no Python statement per pair; the pseudo frequency of such a pair is count · norm of
    # the doc's first field. A pair other fields add to is kept as its exact sum, by position.
    pairs: defaultdict[str, array] = defaultdict(functools.partial(array, "I"))
    sums: dict[str, dict[int, float]] = {}
    first_norms = [0.0] * len(sections)
    lifts: dict[str, dict[int, float]] = {}  # only the pairs with a lift, by position
    for doc, section in enumerate(sections):
        prior = priors[doc] if priors else 1.0
        first: dict[str, int] | None = None
        lifted: dict[str, float] = {}
        for name in _SCORING_ORDER:
            text = section.fields[name]
            if not text:
                continue
            norm = prior * WEIGHTS[name] / (1 - B[name] + B[name] * len(text) / average[name])
            counts = (section.body_terms.counted() if name == "body" and section.body_terms is not None
                      else terms_of(text))
            if name in LIFT:
                for term in counts:
                    lifted[term] = max(lifted.get(term, 1.0), 1.0 + LIFT[name])
            if not first:
                found = list(map(pairs.__getitem__, counts))
                _consume(map(array.append, found, repeat(doc)))
                _consume(map(array.append, found, counts.values()))
                first, first_norms[doc] = counts, norm
                continue
            # added in the fields' order, as floats were always summed: the same bits
            for term, tf in counts.items():
                found = pairs[term]
                position = len(found) // 2 - 1
                if found and found[-2] == doc:
                    exact = sums.setdefault(term, {})
                    before = exact[position] if position in exact else first[term] * first_norms[doc]
                    exact[position] = before + tf * norm
                else:
                    found.append(doc)
                    found.append(0)
                    sums.setdefault(term, {})[position + 1] = tf * norm
        for term, lift in lifted.items():  # every lifted term's last pair is this section's
            lifts.setdefault(term, {})[len(pairs[term]) // 2 - 1] = lift
    return ScoredTerms(pairs, sums, lifts, first_norms)


def _consume(iterator: Iterator[object]) -> None:
    deque(iterator, maxlen=0)


def encode_scored(scored: ScoredTerms, doc_count: int) -> dict[str, str]:
    """Each term's encoded postings: `encode_postings(*impacts(postings, doc_count))` for every term at once.

    The same operations as `impacts` in the same order, run by map() over all pairs of a block of
    terms (a term holds two pairs on average: work per term, not per pair, was most of the time).
    A block at a time, each term's pairs let go as its block is made: `scored` is empty after. The
    lists of all pairs at once took hundreds of MB, and flat copies of them the peak of a large site.
    """
    index: dict[str, str] = {}
    for terms, starts, docs, tfs, lifts in scored.blocks(release=True):
        _encode_block(terms, starts, docs, tfs, lifts, doc_count, index)
    return index


def _encode_block(terms: list[str], starts: list[int], docs: array, tfs: array, lifts: array, doc_count: int,
                  index: dict[str, str]) -> None:
    """`encode_scored` of one block (as `ScoredTerms.blocks` makes them), added to `index`."""
    dfs = list(map(operator.sub, starts[1:], starts))
    scales = [IMPACT_SCALE * math.log(1 + (doc_count - df + 0.5) / (df + 0.5)) for df in dfs]
    per_pair = chain.from_iterable(map(repeat, scales, dfs))
    values = map(operator.truediv, map(operator.mul, per_pair, tfs), map(operator.add, repeat(K1), tfs))
    values = list(map(round, map(operator.mul, values, lifts)))
    if 0 in values:
        values = [v or 1 for v in values]
    previous = array("I", [0]) + docs[:-1]
    _consume(map(previous.__setitem__, starts[:-1], repeat(0)))  # each term's first delta counts from 0
    flat = [0] * (2 * len(values))
    flat[0::2] = map(operator.sub, docs, previous)
    flat[1::2] = values
    codes = _CODES
    if max(flat, default=0) < 65536:
        coded = list(map(codes.__getitem__, flat))
    else:
        coded = [codes[n] if n < 65536 else _encode_number(n) for n in flat]
    for term, a, b, df in zip(terms, starts, starts[1:], dfs):
        if df > MAX_POSTINGS:
            index[term] = encode_postings(*_prune(docs[a:b], values[a:b]))
        else:
            index[term] = "".join(coded[2 * a:2 * b])


def add_title_terms(raw: dict[str, Postings], pages: list[PageInput], starts: list[int]) -> None:
    """Each page's whole-title term (see text.title_term), on the page's first section.

    Not for a page ranked below its peers (a superseded version has the title of the text in force).
    """
    for number, page in enumerate(pages):
        term = title_term(page.title) if page.prior >= 1 else None
        if term is not None:
            postings = raw.setdefault(term, Postings())
            postings.docs.append(starts[number])
            postings.tfs.append(1.0)


def impacts(postings: Postings, doc_count: int) -> tuple[list[int], list[int] | None]:
    """([doc delta, impact, ...], every section holding the term if pruned, else None).

    impact = round(20 · idf · tf / (k1 + tf) · lift), at least 1. A pruned list holds the
    MAX_POSTINGS highest impacts.
    """
    docs, tfs = postings.docs, postings.tfs
    df = len(docs)
    idf = math.log(1 + (doc_count - df + 0.5) / (df + 0.5))
    scale = IMPACT_SCALE * idf
    # round(scale * tf / (K1 + tf) * lift) or 1, through map(): the same operations in the same order
    values = map(operator.truediv, map(operator.mul, repeat(scale), tfs), map(operator.add, repeat(K1), tfs))
    if len(postings.lifts) == df:
        values = map(operator.mul, values, postings.lifts)  # without lifts: times 1.0, which changes nothing
    values = list(map(round, values))
    if 0 in values:
        values = [v or 1 for v in values]
    if df > MAX_POSTINGS:
        return _prune(docs, values)
    flat = [0] * (2 * len(values))
    flat[0::2] = list(map(operator.sub, docs, [0, *docs]))
    flat[1::2] = values
    return flat, None


def _prune(docs: Sequence[int], values: list[int]) -> tuple[list[int], list[int]]:
    """The MAX_POSTINGS highest impacts as (doc delta, impact) pairs, and every section holding the term."""
    members = list(docs)
    # stable: of equal impacts the earlier sections stay
    keep = sorted(sorted(range(len(values)), key=values.__getitem__, reverse=True)[:MAX_POSTINGS])
    docs, values = [docs[i] for i in keep], [values[i] for i in keep]
    flat = [0] * (2 * len(values))
    flat[0::2] = list(map(operator.sub, docs, [0, *docs]))
    flat[1::2] = values
    return flat, members


# one character per 5 bits: the first 32 symbols end a number, the last 32 say more digits follow
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_LAST = DIGITS[:32]
_MORE = DIGITS[32:]


def _encode_number(n: int) -> str:
    text = _LAST[n & 31]
    n >>= 5
    while n:
        text = _MORE[n & 31] + text
        n >>= 5
    return text


_CODES = [_encode_number(n) for n in range(1 << 16)]  # a lookup: millions of numbers per build
_BITMAP_DIGITS = DIGITS.encode("ascii").ljust(256, b"?")  # bytes.translate table: six bits → digit


def encode_postings(flat: list[int], members: list[int] | None = None) -> str:
    """Numbers as base-32 digits, most significant first, about half the bytes of a JSON list.

    With `members` (a pruned term): "~" + the numbers + "~" + a bitmap of those sections, six
    per character (section 6k + i is bit i of character k).
    """
    codes = _CODES
    if max(flat, default=0) < 65536:
        text = "".join(map(codes.__getitem__, flat))
    else:
        text = "".join([codes[n] if n < 65536 else _encode_number(n) for n in flat])
    if members is None:
        return text
    # a byte per section, 1 where it holds the term; character k's bit i is byte 6k + i. Added up
    # as big numbers (each of the six slices shifted by i), no byte carries into the next
    groups = max(members, default=0) // 6 + 1
    flags = bytearray(6 * groups)
    _consume(map(flags.__setitem__, members, repeat(1)))
    bits = sum(int.from_bytes(flags[i::6], "big") << i for i in range(6))
    return "~" + text + "~" + bits.to_bytes(groups, "big").translate(_BITMAP_DIGITS).decode("ascii")


def decode_postings(text: str) -> tuple[list[int], list[int] | None]:
    members = None
    if text.startswith("~"):
        text, _, bitmap = text[1:].partition("~")
        members = [6 * k + i for k, ch in enumerate(bitmap) for i in range(6) if DIGITS.index(ch) >> i & 1]
    numbers, n = [], 0
    for ch in text:
        value = DIGITS.index(ch)
        n = n * 32 + (value & 31)
        if value < 32:
            numbers.append(n)
            n = 0
    return numbers, members


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def shard_count_for(index: dict[str, str]) -> int:
    estimate = sum(len(t) * 3 + 6 + len(p) for t, p in index.items())
    count = 1
    while estimate / count > SHARD_BYTES:
        count *= 2
    return count


def t2s_table(characters: set[str]) -> str:
    """Pairs of (traditional, simplified) characters for every simplified character the index holds."""
    return "".join(chr(k) + v for k, v in sorted(traditional_map().items()) if v in characters)


def build_index(pages: Iterable[PageInput], tokenizer: Tokenizer,
                synonyms: dict[str, tuple[str, ...]], cache: PageCache | None = None,
                vocabulary: Iterable[str] = (), help: dict[str, object] | None = None) -> dict[str, str]:
    """Every file of the index, by path relative to the index folder; the same with or without a cache.

    `vocabulary` (law names, agencies, topics, keywords, synonyms) and the words of the
    explainers' and cases' titles and summaries are what pinyin and homophones can find.
    """
    with _cycles_uncollected():
        return _build_index(pages, tokenizer, synonyms, cache, vocabulary, help)


@contextmanager
def _cycles_uncollected() -> Iterator[None]:
    """Pause Python's cycle collector: the index makes millions of containers and no reference cycles,
    and each full collection walked every one of them again (a tenth of the index's CPU time)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _build_index(pages: Iterable[PageInput], tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]],
                 cache: PageCache | None, vocabulary: Iterable[str], help: dict[str, object] | None) -> dict[str, str]:
    cache = cache or PageCache(None)
    ordered = order_pages(pages)
    sections: list[Section] = []
    starts: list[int] = []
    for number, page in enumerate(ordered):
        starts.append(len(sections))
        sections.extend(read_page(number, page, cache))
    tokenizer.prime(s.fields[f] for s in sections for f in WORD_FIELDS if s.fields[f])
    priors = [KIND_PRIOR.get(ordered[s.page].kind, 1.0) * ordered[s.page].prior for s in sections]
    # a statute's title, and often its headings, repeat in every section: count their terms once
    terms_of = functools.lru_cache(maxsize=None)(tokenizer.terms)
    raw = score_terms(sections, terms_of, priors)
    # the explainers' and cases' words while terms_of still remembers their fields; then it is let go
    everyday = everyday_words(tokenizer, [s for s in sections if ordered[s.page].kind in ("解读", "案例")], terms_of)
    del terms_of
    index = encode_scored(raw, len(sections))
    del raw  # the scored pairs: not needed once encoded
    # a whole-title term is in no text run, so never among the scored terms
    titles: dict[str, Postings] = {}
    add_title_terms(titles, ordered, starts)
    index.update({term: encode_postings(*impacts(p, len(sections))) for term, p in titles.items()})
    shard_count = shard_count_for(index)
    shards: list[dict[str, list[int]]] = [{} for _ in range(shard_count)]
    for term in sorted(index):
        shards[shard_of(term, shard_count)][term] = index[term]
    files = {f"s/{n}.json": _dumps(shard) for n, shard in enumerate(shards)}
    for doc, section in enumerate(sections):
        text = "\n".join(t for t in (section.fields["summary"], section.fields["body"]) if t)
        # a statute section's articles: the page shows the one that matched, with its own label
        files[f"d/{doc}.json"] = _dumps({"x": text, "a": section.places} if section.places else {"x": text})
    chunks = page_chunks(ordered, sections, starts)
    files.update({f"p/{n}.json": _dumps(entries) for n, (_, entries) in enumerate(chunks)})
    characters = {ch for term in index for ch in term}
    files["meta.json"] = _dumps({
        "version": 1,
        "shards": shard_count,
        "docs": len(sections),
        "starts": encode_ascending(starts),
        "chunks": [first for first, _ in chunks],
        "kinds": [[kind, *_range(ordered, kind)] for kind in KINDS if _range(ordered, kind)[1]],
        "agencies": _facet(ordered, "agencies"),
        "topics": _facet(ordered, "topics"),
        "synonyms": synonyms,
        "help": help or {"topics": [], "topic_urls": {}, "agencies_url": "", "hotlines": []},
    })
    # fetched only for a query holding a term no shard has (a traditional character is never indexed)
    files["t2s.json"] = _dumps(t2s_table(characters))
    words = [*vocabulary, *(w for key, values in synonyms.items() for w in (key, *values)),
             *everyday]
    pinyin = pinyin_data(words, common_characters())
    files["py.json"] = _dumps(pinyin)
    # what a Chinese query's homophones need (not the initials): a quarter fewer bytes than py.json
    files["sounds.json"] = _dumps({"w": pinyin["w"], "r": pinyin["r"]})
    return files


def everyday_words(tokenizer: Tokenizer, sections: list[Section],
                   terms_of: Callable[[str], dict[str, int]] | None = None) -> list[str]:
    """Words of the explainers' and cases' titles, summaries, headings and metadata: what readers ask about.

    `terms_of`: tokenizer.terms, or the same function remembering what it already counted.
    """
    words: list[str] = []
    common = two_character_words()
    terms_of = terms_of or tokenizer.terms
    for section in sections:
        for name in WORD_FIELDS:
            folded = fold(section.fields[name])
            words += terms_of(section.fields[name]).keys() if folded else []
    # bigrams are not words: keep those jieba's dictionary knows (离婚, 工资), drop fragments (婚冷)
    return [w for w in words if len(w) > 2 or w in common]


def page_chunks(pages: list[PageInput], sections: list[Section],
                starts: list[int]) -> list[tuple[int, list[list[str]]]]:
    """(first page number, page entries) per file of page listings, each about CHUNK_BYTES.

    A page's entry is its URL and title, then anchor and heading of each section after the
    first (the first section is the page itself, shown without a heading).
    """
    chunks: list[tuple[int, list[list[str]]]] = []
    size = CHUNK_BYTES
    for number, page in enumerate(pages):
        end = starts[number + 1] if number + 1 < len(starts) else len(sections)
        entry = [_readable_url(page.url), page.title]
        for section in sections[starts[number] + 1:end]:
            entry += [section.anchor, section.heading]
        if size >= CHUNK_BYTES:
            chunks.append((number, []))
            size = 0
        chunks[-1][1].append(entry)
        size += len(_dumps(entry).encode())
    return chunks


def _readable_url(url: str) -> str:
    """The URL with its Chinese unescaped (a third of the bytes) if the browser escapes it back alike."""
    text = unquote(url)
    return text if quote(text, safe="/") == url and not set("#?%") & set(text) else url


def _range(pages: list[PageInput], kind: str) -> tuple[int, int]:
    numbers = [n for n, p in enumerate(pages) if p.kind == kind]
    return (numbers[0], numbers[-1] + 1) if numbers else (0, 0)


def _facet(pages: list[PageInput], attribute: str) -> list[list]:
    """[id, name, its pages (encode_ascending)] of each agency or topic."""
    members: dict[tuple[str, str], list[int]] = {}
    for number, page in enumerate(pages):
        for key in getattr(page, attribute):
            members.setdefault(key, []).append(number)
    return [[key[0], key[1], encode_ascending(numbers)] for key, numbers in members.items()]


def encode_ascending(numbers: list[int]) -> str:
    """Ascending numbers (page numbers, section starts) as the gaps between them, in the postings'
    digits: meta.json, fetched before any result, held them as JSON lists, 145 KB gzip on a
    20,000-page site; the gaps are mostly a digit each."""
    return encode_postings([b - a for a, b in zip([0, *numbers], numbers)])


def decode_ascending(text: str) -> list[int]:
    return list(itertools.accumulate(decode_postings(text)[0]))


def write_index(folder: Path, files: dict[str, str]) -> None:
    """Replace the index folder with these files (stale shards of an earlier build must not remain)."""
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


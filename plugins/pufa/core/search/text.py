"""Search text folding and tokenising, shared by the index and (mirrored in assets/search/query.js) the query.

Both sides fold text the same way before cutting it into terms:
NFKC (full-width → half-width), lower case, traditional → simplified per character, and
article numbers written in Arabic digits rewritten the way statutes write them
(第1077条 → 第一千零七十七条). Terms are character bigrams of every Chinese run (so any
exact span of two or more characters can be found), longer words from jieba's search-engine
mode (so a query naming a law or a legal term matches it as a whole; the index segments
titles, summaries, headings and metadata, not body text, see search_index.WORD_FIELDS), and
Latin/digit tokens (12315, app).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..rebuild import code_version
from ..statutes.numerals import int_to_chinese

if TYPE_CHECKING:  # imported when first needed: loading jieba costs time
    import jieba

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{HAN}]+")
# 第1077条, 1077条 (after a law name), 第 10 条之一
_ARABIC_ARTICLE = re.compile(r"第?\s*([0-9]{1,4})\s*条")
_DIGIT = re.compile("[0-9]")
# plain terms (see plain_terms): each pair of Han characters in a row, a Han character standing
# alone, and Latin/digit tokens; findall() makes them in C, with no Python statement per term
_HAN_PAIR = re.compile(f"(?=([{HAN}]{{2}}))")
_HAN_ALONE = re.compile(f"(?<![{HAN}])[{HAN}](?![{HAN}])")
_LATIN = re.compile("[0-9a-z]+")
MAX_WORD = 8  # longest word term; the browser looks up query substrings up to this length
_STATE_PREFIX = "中华人民共和国"
TITLE_MARK = "="  # ends a whole-title term: no text run holds it, so it never meets a word or bigram
MAX_TITLE = 16  # longer titles are not typed whole


@functools.cache
def traditional_map() -> dict[int, str]:
    """Traditional → simplified, one character to one character, from zhconv's MediaWiki tables."""
    from zhconv import zhconv

    zhconv.loaddict()
    table = zhconv.zhcdicts["zh2Hans"]
    return {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


def _article(match: re.Match[str]) -> str:
    number = int(match.group(1))
    return f"第{int_to_chinese(number)}条" if 0 < number < 10000 else match.group(0)


@functools.cache
def _traditional_characters() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every traditional character `fold` replaces, and the few of them GB 2312 can encode."""
    characters = frozenset(map(chr, traditional_map()))
    return characters, tuple(sorted(ch for ch in characters if _encodes(ch, "gb2312")))


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _traditional_in(text: str) -> set[str] | frozenset[str]:
    characters, in_gb2312 = _traditional_characters()
    # nearly every text encodes in GB 2312 (a fast C codec), and then only a handful of traditional
    # characters can be in it: far cheaper than the set of all its characters
    if _encodes(text, "gb2312"):
        return {ch for ch in in_gb2312 if ch in text}
    return characters.intersection(set(text))


def fold(text: str) -> str:
    """Normalise text for matching; the browser applies the same steps to the query."""
    text = unicodedata.normalize("NFKC", text).lower()
    # translate with only the characters present: a full table makes every character a dict lookup
    present = _traditional_in(text)
    if present:
        table = traditional_map()
        text = text.translate({ord(ch): table[ord(ch)] for ch in present})
    # an article number needs a digit: most texts have none, and the search for one is cheap
    return _ARABIC_ARTICLE.sub(_article, text) if "条" in text and _DIGIT.search(text) else text


def runs(folded: str) -> list[str]:
    """Maximal runs of Han characters or of Latin letters and digits; punctuation splits them."""
    return _RUNS.findall(folded)


def is_han(run: str) -> bool:
    return bool(_HAN_RUN.fullmatch(run))


def bigrams(run: str) -> Iterator[str]:
    if len(run) == 1:
        yield run
    for i in range(len(run) - 1):
        yield run[i:i + 2]


_LOADED: dict[str, jieba.Tokenizer] = {}  # dictionary key → jieba tokenizer with those words added


class Tokenizer:
    """jieba (search-engine mode) with the site's legal dictionary added, isolated from jieba's global state.

    `cache` maps a hash of folded text to its jieba words, so a rebuild segments only text
    that changed; it is valid for one dictionary (see `dictionary_key`).
    """

    def __init__(self, words: Iterable[str] = (), cache: dict[str, list[str]] | None = None, *,
                 fork: bool = True) -> None:
        self.fork = fork  # False in a process that serves (threads, file watchers): no forked workers
        self.words = sorted({fold(w) for w in words if len(w) >= 2})
        self.dictionary_key = hashlib.blake2b("\n".join(self.words).encode(), digest_size=12).hexdigest()
        self.cache = cache if cache is not None else {}
        self.used: set[str] = set()
        self._loaded: jieba.Tokenizer | None = None

    def _segmenter(self) -> jieba.Tokenizer:
        # loaded on first use: a rebuild whose texts are all cached never pays for jieba's dictionary;
        # `mkdocs serve` rebuilds in one process: loading the dictionary costs ~0.3 s a build
        if self._loaded is None:
            self._loaded = _LOADED.get(self.dictionary_key)
        if self._loaded is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" lines in the build log
            self._loaded = jieba.Tokenizer()
            self._loaded.initialize()
            for word in self.words:
                # high frequency so that the dictionary word wins over jieba's own split
                self._loaded.add_word(word, freq=100000)
            _LOADED.clear()
            _LOADED[self.dictionary_key] = self._loaded
        return self._loaded

    def words_of(self, han_run: str) -> Iterator[str]:
        """jieba's words of three characters or more (shorter ones are bigrams already)."""
        for word in self._segmenter().cut_for_search(han_run, HMM=False):
            if 3 <= len(word) <= MAX_WORD and _HAN_RUN.fullmatch(word):
                yield word

    def _words(self, folded: str) -> list[str]:
        key = hashlib.blake2b(folded.encode(), digest_size=12).hexdigest()
        self.used.add(key)
        words = self.cache.get(key)
        if words is None:
            words = self.cache[key] = [w for run in _HAN_RUN.findall(folded) for w in self.words_of(run)]
        return words

    def prime(self, texts: Iterable[str]) -> None:
        """Segment every text not in the cache, on all CPU cores when there is much to do."""
        missing: dict[str, str] = {}
        for text in dict.fromkeys(texts):  # a statute's title is a field of each of its sections
            folded = fold(text)
            key = hashlib.blake2b(folded.encode(), digest_size=12).hexdigest()
            if key not in self.cache:
                missing[key] = folded
        cores = os.cpu_count() or 1
        if (not self.fork or len(missing) < 200 or cores < 2
                or "fork" not in multiprocessing.get_all_start_methods()):
            for folded in missing.values():
                self._words(folded)
            return
        global _WORKER
        _WORKER = self  # forked workers inherit the loaded dictionary instead of rebuilding it
        self._segmenter()  # load the dictionary once, before forking
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            for key, words in zip(missing, pool.map(_segment, missing.values(), chunksize=32)):
                self.cache[key] = words

    def terms(self, text: str) -> Counter[str]:
        """Index terms of text with their counts: bigrams, words, Latin/digit tokens."""
        folded = fold(text)
        counts: Counter[str] = Counter(self._words(folded))
        counts.update(plain_terms(folded))
        return counts


@functools.cache
def two_character_words(least: int = 50) -> frozenset[str]:
    """Two-character words of jieba's own dictionary used at least `least` times in its corpus."""
    import jieba

    words = set()
    with jieba.get_dict_file() as lines:
        for line in lines:
            word, frequency, *_ = line.decode("utf-8").split(" ")
            if len(word) == 2 and int(frequency) >= least and _HAN_RUN.fullmatch(word):
                words.add(word)
    return frozenset(words)


def plain_terms(folded: str) -> Counter[str]:
    """Bigrams of each Chinese run and Latin/digit tokens of folded text: the terms needing no dictionary.

    The same counts as `bigrams` of each Han run of `runs` (a run of one character is its own
    term) and one per Latin/digit run.
    """
    return Counter(_HAN_PAIR.findall(folded) + _HAN_ALONE.findall(folded) + _LATIN.findall(folded))


_WORKER: Tokenizer | None = None


def _segment(folded: str) -> list[str]:
    return [w for run in _HAN_RUN.findall(folded) for w in _WORKER.words_of(run)]


def load_word_cache(path: Path, dictionary_key: str) -> dict[str, list[str]]:
    """The segmentation cache of an earlier build, empty if missing, unreadable or for another dictionary."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    same = data.get("dictionary") == dictionary_key and data.get("code") == code_version()
    return data.get("words", {}) if same else {}


def save_word_cache(path: Path, tokenizer: Tokenizer) -> None:
    """Keep only the entries this build used, so the cache does not grow with old text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    words = {k: tokenizer.cache[k] for k in sorted(tokenizer.used) if k in tokenizer.cache}
    path.write_text(json.dumps({"dictionary": tokenizer.dictionary_key, "code": code_version(), "words": words},
                               ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def title_term(text: str) -> str | None:
    """The term a page whose title is exactly `text` holds (食品安全法 → "食品安全法="), or None.

    A reader who types a page's whole title (a law's name, with or without 中华人民共和国) wants
    that page first; bigrams cannot tell it from the pages that merely mention the name. The
    term starts with the title's first two characters, so it lies in a shard the query
    fetches anyway.
    """
    folded = "".join(runs(fold(text)))
    if folded.startswith(_STATE_PREFIX) and len(folded) > len(_STATE_PREFIX) + 1:
        folded = folded[len(_STATE_PREFIX):]
    if not 2 <= len(folded) <= MAX_TITLE or not _HAN_RUN.match(folded[:1]):
        return None
    return folded + TITLE_MARK


def shard_of(term: str, shard_count: int) -> int:
    """The shard holding a term: FNV-1a over the UTF-16 units of its shard key.

    query.js computes the same hash, so a query fetches only the shards of its terms.
    A Chinese term's key is its first two characters: every term starting with them shares
    a shard, so looking up a query's longer substrings costs no extra request. Latin/digit
    tokens (app, art1077) are looked up whole, so their key is the whole token; a prefix
    key put every article number into one heavy shard.
    """
    key = (term[:2] if _HAN_RUN.match(term[:1]) else term).encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(key), 2):
        h ^= key[i] | (key[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shard_count

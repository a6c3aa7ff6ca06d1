"""Search text folding and tokenising, shared by the index and (mirrored in search.js) the query.

Both sides fold text the same way before cutting it into terms:
NFKC (full-width → half-width), lower case, traditional → simplified per character, and
article numbers written in Arabic digits rewritten the way statutes write them
(第1077条 → 第一千零七十七条). Terms are character bigrams of every Chinese run (so any
exact span of two or more characters can be found), longer words from jieba's search-engine
mode (so a query naming a law or a legal term matches it as a whole), and Latin/digit tokens
(12315, app).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from .numerals import int_to_chinese

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{HAN}]+")
# 第1077条, 1077条 (after a law name), 第 10 条之一
_ARABIC_ARTICLE = re.compile(r"第?\s*([0-9]{1,4})\s*条")
MAX_WORD = 8  # longest word term; the browser looks up query substrings up to this length


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


def fold(text: str) -> str:
    """Normalise text for matching; the browser applies the same steps to the query."""
    text = unicodedata.normalize("NFKC", text).lower().translate(traditional_map())
    return _ARABIC_ARTICLE.sub(_article, text)


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


class Tokenizer:
    """jieba (search-engine mode) with the site's legal dictionary added, isolated from jieba's global state."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" lines in the build log
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.words = sorted({fold(w) for w in words if len(w) >= 2})
        for word in self.words:
            # high frequency so that the dictionary word wins over jieba's own split
            self._jieba.add_word(word, freq=100000)

    def words_of(self, han_run: str) -> Iterator[str]:
        """jieba's words of three characters or more (shorter ones are bigrams already)."""
        for word in self._jieba.cut_for_search(han_run, HMM=False):
            if 3 <= len(word) <= MAX_WORD and _HAN_RUN.fullmatch(word):
                yield word

    def terms(self, text: str) -> Counter[str]:
        """Index terms of text with their counts: bigrams, words, Latin/digit tokens."""
        counts: Counter[str] = Counter()
        for run in runs(fold(text)):
            if is_han(run):
                counts.update(bigrams(run))
                counts.update(self.words_of(run))
            else:
                counts[run] += 1
        return counts


def shard_of(term: str, shard_count: int) -> int:
    """The shard holding a term: FNV-1a over the UTF-16 units of its first two characters.

    search.js computes the same hash, so a query fetches only the shards of its terms.
    Every term starting with the same two characters shares a shard, so looking up a
    query's longer substrings costs no extra request.
    """
    key = term[:2].encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(key), 2):
        h ^= key[i] | (key[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shard_count

"""The search index's faster functions make exactly what their plain definitions made.

`fold`, `plain_terms` and the page reader's whitespace test were rewritten for speed (the index of
a statute site folds and counts millions of characters); the simple definitions they replaced are
kept here as the reference, and the rewritten ones must agree with them on any Unicode text and on
every character of the statute library. A difference would change the index, and the browser's
query folding (assets/search/query.js) would no longer match it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pufa.core.search.text import HAN, _ARABIC_ARTICLE, _article, fold, plain_terms, traditional_map

# many examples: each is cheap (test_properties.py's profiles are for real builds)
EXAMPLES = settings(max_examples=5000 if os.environ.get("PUFA_HYPOTHESIS") == "pufa-thorough" else 400,
                    deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

_RUNS = re.compile(f"[{HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{HAN}]+")


def reference_fold(text: str) -> str:
    """fold as first written: the traditional characters found by the set of all the text's characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    table = traditional_map()
    present = {ord(ch) for ch in set(text)} & table.keys()
    if present:
        text = text.translate({code: table[code] for code in present})
    return _ARABIC_ARTICLE.sub(_article, text) if "条" in text else text


def reference_plain_terms(folded: str) -> Counter[str]:
    """plain_terms as first written: each run's bigrams (a one-character run itself), each Latin run once."""
    counts: Counter[str] = Counter()
    for run in _RUNS.findall(folded):
        if _HAN_RUN.fullmatch(run):
            counts.update([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        else:
            counts[run] += 1
    return counts


_TRADITIONAL = "".join(sorted(map(chr, traditional_map())))
# what statutes and queries hold: Han (simplified and traditional, in and out of GB 2312), full-width
# forms, digits and 条 (article numbers), Latin, punctuation, spaces, and characters outside the BMP
_PIECES = st.one_of(
    st.sampled_from(["第", "条", "之一", "１０７７", "1077", " ", "\u3000", "，", "。", "（", "）", "Ａ", "ａ", "App",
                     "「", "」", "『", "』", "後", "於", "乾", "夥", "㑮", "𠀀", "\u0301", "ㄱ", "ㅏ", "가", "ﬁ", "①",
                     "离婚冷静期", "離婚冷靜期", "中华人民共和国", "\n", "\t", "\x85", "\u2028", "-", "+"]),
    st.text(st.sampled_from(_TRADITIONAL), min_size=1, max_size=3),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF), min_size=1, max_size=3),
    st.text(min_size=1, max_size=6),  # any code point but surrogates
)
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join))


@EXAMPLES
@given(_TEXTS)
def test_fold_agrees_with_its_plain_definition_on_any_text(text: str):
    assert fold(text) == reference_fold(text)


@EXAMPLES
@given(_TEXTS)
def test_plain_terms_agree_with_their_plain_definition_on_any_folded_text(text: str):
    folded = reference_fold(text)
    assert plain_terms(folded) == reference_plain_terms(folded)
    assert plain_terms(text) == reference_plain_terms(text)  # unfolded text too: any string in, the same terms


@EXAMPLES
@given(_TEXTS)
def test_whitespace_only_text_is_what_collapsing_and_stripping_empties(text: str):
    # the page reader skips whitespace-only text with str.isspace instead of collapsing and stripping it
    assert text.isspace() == (text != "" and re.sub(r"\s+", " ", text).strip() == "")


def test_fold_and_terms_agree_with_their_plain_definitions_on_every_statute_of_the_library(corpus: Path):
    files = sorted(corpus.rglob("*.md"))
    assert len(files) > 1000
    for path in files:
        text = path.read_text(encoding="utf-8")
        folded = fold(text)
        assert folded == reference_fold(text), path.relative_to(corpus)
        assert plain_terms(folded) == reference_plain_terms(folded), path.relative_to(corpus)

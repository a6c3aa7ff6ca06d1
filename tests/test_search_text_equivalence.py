"""The search index's faster functions make exactly what their plain definitions made.

`fold`, `plain_terms`, the page reader's whitespace test, `score_terms` and the encoding of every
term's postings were rewritten for speed (the index of a statute site folds and counts millions of
characters and scores millions of (term, section) pairs); the simple definitions they replaced
are kept here as the reference, and the rewritten ones must agree with them on any Unicode text,
on every character of the statute library and on every pair of a small site. A difference would
change the index, and the browser's query folding (assets/search/query.js) would no longer match it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
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


# scoring and encoding: every term's postings made at once over flat arrays, against the plain per-term loop


def reference_score_terms(sections, terms_of, priors):
    """score_terms as first written: per section a dict of summed frequencies, then three appends per pair."""
    from array import array

    from pufa.core.search.index import _SCORING_ORDER, B, FIELDS, LIFT, WEIGHTS

    count = max(len(sections), 1)
    average = {f: max(sum(len(s.fields[f]) for s in sections) / count, 1.0) for f in FIELDS}
    index: dict[str, tuple[array, array, array]] = {}
    for doc, section in enumerate(sections):
        combined: dict[str, float] = {}
        lifted: dict[str, float] = {}
        for name in _SCORING_ORDER:
            text = section.fields[name]
            if not text:
                continue
            norm = priors[doc] * WEIGHTS[name] / (1 - B[name] + B[name] * len(text) / average[name])
            counts = (section.body_terms.counted() if name == "body" and section.body_terms is not None
                      else terms_of(text))
            if name in LIFT:
                for term in counts:
                    lifted[term] = max(lifted.get(term, 1.0), 1.0 + LIFT[name])
            for term, tf in counts.items():
                combined[term] = combined.get(term, 0.0) + tf * norm
        for term, tf in combined.items():
            docs, tfs, lifts = index.setdefault(term, (array("I"), array("f"), array("f")))
            docs.append(doc)
            tfs.append(tf)
            lifts.append(lifted.get(term, 1.0))
    return index


@pytest.mark.parametrize("block_pairs", [1 << 16, 7])
def test_scoring_and_encoding_all_terms_at_once_equal_the_plain_per_term_definitions(block_pairs, monkeypatch):
    """Also in blocks of a few pairs (a pruned term alone spans several): block edges change nothing."""
    import functools

    import pufa.core.search.index

    monkeypatch.setattr(pufa.core.search.index, "_BLOCK_PAIRS", block_pairs)

    from pufa.core.search.cache import PageCache
    from pufa.core.search.index import (MAX_POSTINGS, PageInput, encode_postings, encode_scored, impacts, read_page,
                                        score_terms)
    from pufa.core.search.text import Tokenizer

    from test_search_core import long_statute

    pages = [PageInput("statutes/long/", "示例长法规", "法规", long_statute(600), prior=0.5)]
    pages += [PageInput(f"laws/p{i}/", f"离婚冷静期问题{i}", "解读",
                        f'<p class="pufa-summary">协议离婚要等三十天，第{i}条。</p><h2>怎么办</h2>'
                        f'<p>离婚冷静期内可以撤回申请。App 12348 热线{i}</p>', meta=f"民法典 art{i}")
              for i in range(MAX_POSTINGS + 50)]
    pages.append(PageInput("laws/title-only/", "只有标题的页面", "解读", "<h1>只有标题的页面</h1>"))
    sections = [s for n, page in enumerate(pages) for s in read_page(n, page, PageCache(None))]
    priors = [pages[s.page].prior for s in sections]
    tokenizer = Tokenizer(["离婚冷静期"], fork=False)
    terms_of = functools.lru_cache(maxsize=None)(tokenizer.terms)

    scored = score_terms(sections, terms_of, priors)
    reference = reference_score_terms(sections, terms_of, priors)
    postings = scored.postings()
    flat = {t: (list(p.docs), list(p.tfs), list(p.lifts)) for t, p in postings.items()}
    assert flat == {t: tuple(map(list, r)) for t, r in reference.items()}
    assert any(len(p.docs) > MAX_POSTINGS for p in postings.values())  # pruned terms are among them
    assert any(lift > 1 for p in postings.values() for lift in p.lifts)  # and lifted pairs
    doc_count = len(sections)
    assert encode_scored(scored, doc_count) == {t: encode_postings(*impacts(p, doc_count)) for t, p in postings.items()}


def reference_encode_postings(flat: list[int], members: list[int] | None = None) -> str:
    """encode_postings as first written: the bitmap built one section at a time."""
    from pufa.core.search.index import DIGITS, _encode_number

    text = "".join(_encode_number(n) for n in flat)
    if members is None:
        return text
    bits = [0] * (max(members, default=0) // 6 + 1)
    for doc in members:
        bits[doc // 6] |= 1 << (doc % 6)
    return "~" + text + "~" + "".join(DIGITS[b] for b in bits)


@EXAMPLES
@given(st.lists(st.integers(0, 2**40), max_size=20),
       st.one_of(st.none(), st.lists(st.integers(0, 20000), max_size=300).map(lambda m: sorted(set(m)))))
def test_encoded_postings_and_bitmaps_agree_with_their_plain_definition(flat: list[int], members: list[int] | None):
    from pufa.core.search.index import encode_postings

    assert encode_postings(flat, members) == reference_encode_postings(flat, members)

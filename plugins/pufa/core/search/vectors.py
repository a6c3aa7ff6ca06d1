"""Golden vectors: what the Python side makes of sample inputs, for the browser's query.js to match.

tests/golden/search-vectors.json holds them; pytest checks that this module still produces the
file, and a browser test runs query.js over the same file, so the two implementations cannot drift.
"""

from __future__ import annotations

from ..statutes.numerals import chinese_to_int, int_to_chinese
from .index import decode_postings, encode_postings, impacts, Postings
from .pinyin import pinyin_data, pinyin_words, readings
from .text import fold, plain_terms, shard_of, title_term, traditional_map

FOLD = ["离婚冷静期", "離婚冷靜期", "ＡＰＰ　下載", "民法典第1077条", "民法典第 1077 条", "第10条之一", "第0条",
        "12315投诉", "個人信息保護法", "第10000条", "劳动合同法第39条规定", "Ｎ＋１补偿",
        "㑮正當防衛"]  # 㑮's simplified form is outside the BMP, and it sorts before 當 in the table
NUMBERS = [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1000, 1001, 1010, 1077, 1100, 1260, 9999]
TERMS = ["离婚冷静期", "个人信息保护法 app", "12315", "法", "民法典第一千零七十七条", "n+1"]
SHARDS = [("离婚", 64), ("个人信息保护法", 64), ("app", 64), ("12315", 64), ("法", 64), ("art1077", 128),
          ("第一千零七十七条", 7), ("離婚", 1)]
POSTINGS = [([0, 1, 5, 20, 1000, 3], None), ([3, 40000, 70000, 2], None), ([1, 7, 2, 9], [1, 3, 4, 6, 11, 40])]
VOCABULARY = ["离婚", "离婚冷静期", "工资", "劳动报酬", "拖欠工资", "银行卡", "个人信息保护法", "绿色", "女性"]
TITLES = ["中华人民共和国食品安全法", "食品安全法", "中华人民共和国", "劳动争议调解仲裁法", "12315",
          "最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）", "《刑法》", "App 个人信息"]
CHARACTERS = "离婚昏冷静期工资姿劳动报酬拖欠银行航卡绿色女性"


def golden_vectors() -> dict[str, object]:
    characters = {ch for text in FOLD for ch in text}
    table = traditional_map()
    pinyin = pinyin_data(VOCABULARY, CHARACTERS)
    typed = [(w.full, w.word) for w in pinyin_words(VOCABULARY)]
    typed += [(w.initials, w.word) for w in pinyin_words(VOCABULARY) if pinyin["i"].get(w.initials) == [w.word]]
    return {
        "t2s": "".join(ch + table[ord(ch)] for ch in sorted(characters) if ord(ch) in table),
        "fold": [[text, fold(text)] for text in FOLD],
        "numerals": [[n, int_to_chinese(n), chinese_to_int(int_to_chinese(n))] for n in NUMBERS],
        "bigrams": [[text, sorted(plain_terms(fold(text)))] for text in TERMS],
        "shards": [[term, count, shard_of(term, count)] for term, count in SHARDS],
        "postings": [[encode_postings(flat, members), *decode_postings(encode_postings(flat, members))]
                     for flat, members in POSTINGS],
        "impacts": _impacts_example(),
        "titles": [[text, title_term(text)] for text in TITLES],
        "pinyin": {"data": pinyin, "typed": sorted(typed),
                   "sounds": [[text, _sounds_like(text)] for text in MISTYPED]},
    }


MISTYPED = ["离昏", "工姿", "银航卡", "离婚"]


def _sounds_like(text: str) -> list[str]:
    """Words of VOCABULARY read like the whole of `text` but written otherwise."""
    sounds = readings(CHARACTERS)
    return sorted(w.word for w in pinyin_words(VOCABULARY)
                  if len(w.word) == len(text) and w.word != text
                  and all(s in sounds.get(ch, ()) for ch, s in zip(text, w.syllables)))


def _impacts_example() -> list[object]:
    from array import array

    postings = Postings(array("I", [2, 5, 9]), array("f", [1.0, 2.5, 0.4]))
    flat, members = impacts(postings, 40)
    return [encode_postings(flat, members), flat]

"""Pinyin of the site's own vocabulary, so search (and the kiosk's keyboard) takes pinyin and homophones.

Made at build time with pypinyin; the browser gets compact data and needs no pinyin library:
`lihun` → 离婚, initials `lhljq` → 离婚冷静期 where few words share them, and a wrong character
with the same sound (离昏 → 离婚), found through the readings of the characters it may type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HAN_WORD = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{2,8}")
# numbers and article numbers (一千零七, 第十二条) are typed as digits, not spelt in pinyin
NUMERAL = re.compile("[第零〇一二两三四五六七八九十百千万亿余条款项元个]+")
MAX_INITIALS_WORDS = 3  # initials shared by more words than this are too ambiguous to offer


@dataclass(frozen=True)
class PinyinWord:
    """A word of the site's vocabulary: `full` is its toneless pinyin (lihun), `initials` (lh)."""

    word: str
    syllables: tuple[str, ...]

    @property
    def full(self) -> str:
        return "".join(self.syllables)

    @property
    def initials(self) -> str:
        return "".join(s[0] for s in self.syllables)


def pinyin_words(words: Iterable[str]) -> list[PinyinWord]:
    """Each distinct Chinese word of two to eight characters with its reading in context (银行 → yin hang).

    The function the kiosk's on-screen keyboard can take its candidates from: match what the
    reader typed against `full` or `initials`.
    """
    from pypinyin import lazy_pinyin

    seen = sorted({w for w in words if HAN_WORD.fullmatch(w) and not NUMERAL.fullmatch(w)})
    return [PinyinWord(w, tuple(s.replace("ü", "v") for s in lazy_pinyin(w, v_to_u=False))) for w in seen]


def readings(characters: Iterable[str]) -> dict[str, list[str]]:
    """Every toneless reading of each character (行 → xing, hang, heng), for homophones of a typed query."""
    from pypinyin import Style, pinyin

    table: dict[str, list[str]] = {}
    for ch in sorted(set(characters)):
        found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=False)
        if found and found[0]:
            table[ch] = list(dict.fromkeys(s.replace("ü", "v") for s in found[0]))
    return table


def common_characters() -> set[str]:
    """GB 2312's first level (3,755 everyday characters): what an input method offers first, so what gets mistyped."""
    found = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return found


def pinyin_data(words: Iterable[str], characters: Iterable[str]) -> dict[str, object]:
    """The browser's pinyin file: words by full pinyin, by initials (when unambiguous enough), characters by reading.

    {"w": {"lihun": ["离婚"]}, "i": {"lhljq": ["离婚冷静期"]}, "r": {"hun": "婚昏混…"}}
    """
    full: dict[str, list[str]] = {}
    initials: dict[str, list[str]] = {}
    for entry in pinyin_words(words):
        full.setdefault(entry.full, []).append(entry.word)
        if len(entry.syllables) >= 3:
            initials.setdefault(entry.initials, []).append(entry.word)
    by_reading: dict[str, str] = {}
    for ch, sounds in readings(characters).items():
        for sound in sounds:
            by_reading[sound] = by_reading.get(sound, "") + ch
    return {"w": full,
            "i": {k: v for k, v in initials.items() if len(v) <= MAX_INITIALS_WORDS},
            "r": dict(sorted(by_reading.items()))}

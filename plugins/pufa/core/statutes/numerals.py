"""Chinese numerals as used in article numbers (第一千零七十七条, 第十条之一)."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零一二三四五六七八九"

CHINESE_NUMBER = "[零〇一二两三四五六七八九十百千]+"


def chinese_to_int(text: str) -> int | None:
    """Parse a Chinese numeral below 10,000 (或 Arabic digits); None if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or not re.fullmatch(CHINESE_NUMBER, text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            # 十 at the start means 一十 (十条 = 10)
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_chinese(number: int) -> str:
    """Write 1..9999 as the statute books do: 10 → 十, 1077 → 一千零七十七."""
    if number <= 0 or number >= 10000:
        raise ValueError(f"out of range: {number}")
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_CN[digit] + unit)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text

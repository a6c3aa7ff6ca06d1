"""Personal data that must not be published: ID card, mobile, bank card and licence plate numbers.

The rules for publishing judgments online (最高人民法院关于人民法院在互联网公布裁判文书的规定,
article 11) require removing identity document numbers, contact numbers, bank accounts and
licence plates; explainers and case analyses copy from judgments and must do the same.
Check digits (ID cards) and Luhn (bank cards) keep ordinary long numbers from being reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from stdnum import luhn
from stdnum.cn import ric

ID_CARD = "id-card"
MOBILE = "mobile"
BANK_CARD = "bank-card"
PLATE = "licence-plate"

_DIGITS = r"(?<![0-9A-Za-z])({body})(?![0-9A-Za-z])"
_ID18 = re.compile(_DIGITS.format(body=r"\d{17}[\dXx]"))
_ID15 = re.compile(_DIGITS.format(body=r"\d{15}"))
# 138 0000 0000, 138-0000-0000, +86 13800000000
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?![0-9A-Za-z])")
# 16 to 19 digits, written together or in groups of four
_CARD = re.compile(r"(?<![0-9A-Za-z])([3-6]\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])")
_PLATE = re.compile("(?<![A-Za-z0-9])([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                    r"[A-HJ-NP-Z]·?[A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Finding:
    line: int  # line in the file
    kind: str  # ID_CARD, MOBILE, BANK_CARD or PLATE
    masked: str  # what the message may show: never the whole number


def compact(number: str) -> str:
    return re.sub(r"[\s\-·+]", "", number)


def mask(number: str, kind: str) -> str:
    """The form an editor should write (138****0000), which is also all a message may show."""
    digits = compact(number)
    if kind == MOBILE:
        digits = digits[-11:]
        return f"{digits[:3]}****{digits[-4:]}"
    if kind == PLATE:
        return f"{digits[:2]}{'*' * (len(digits) - 2)}"
    return f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"


def is_id_card(number: str) -> bool:
    """An 18-digit number with a valid check digit, birth date and place; or a 15-digit one
    (before 1999, no check digit) whose place and birth date are valid."""
    if len(number) == 15:
        number = number[:6] + "19" + number[6:]
        number += ric.calc_check_digit(number + "0")  # it reads the first 17 digits only
    return ric.is_valid(number)


def is_bank_card(number: str) -> bool:
    return 16 <= len(number) <= 19 and luhn.is_valid(number)


def find_personal_data(text: str, first_line: int, public: Iterable[str] = ()) -> list[Finding]:
    """Every personal number in `text` (whose first line is `first_line`), except `public` ones."""
    allowed = {compact(number) for number in public}
    findings: list[Finding] = []
    for offset, line in enumerate(text.split("\n")):
        if not any(ch.isdigit() for ch in line):
            continue
        taken: list[tuple[int, int]] = []  # an ID number is not also reported as a bank card

        def add(match: re.Match, kind: str) -> None:
            span = match.span(1)
            if compact(match.group(1)) in allowed or any(s < span[1] and span[0] < e for s, e in taken):
                return
            taken.append(span)
            findings.append(Finding(first_line + offset, kind, mask(match.group(1), kind)))

        for pattern in (_ID18, _ID15):
            for match in pattern.finditer(line):
                if is_id_card(match.group(1).upper()):
                    add(match, ID_CARD)
        for match in _MOBILE.finditer(line):
            add(match, MOBILE)
        for match in _CARD.finditer(line):
            if is_bank_card(compact(match.group(1))):
                add(match, BANK_CARD)
        for match in _PLATE.finditer(line):
            add(match, PLATE)
    return findings

"""National identifiers and IBANs: validation by check digits, and finding them in text.

A number whose check digit is wrong is still *reported* (a clerk may want to see it), but it is
marked ``valid=False`` and :func:`classify.link` never uses it as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

IdentifierKind = Literal["avs", "be_nrn", "it_cf"]


@dataclass(frozen=True, slots=True)
class NationalId:
    """A national identifier seen in a text. ``value`` is the compact form (digits/letters)."""

    kind: IdentifierKind
    value: str
    text: str
    valid: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Iban:
    """An IBAN seen in a text, compact and upper-case, with the verdict of its mod-97 check."""

    value: str
    text: str
    valid: bool
    reason: str


# ---------------------------------------------------------------- validators


def avs_is_valid(number: str) -> bool:
    """Swiss AVS/AHV number: 13 digits starting 756, the last an EAN-13 check digit."""
    digits = re.sub(r"[.\s]", "", number)
    if not re.fullmatch(r"756\d{10}", digits):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def be_nrn_is_valid(number: str) -> bool:
    """Belgian national register number: ``YY.MM.DD-XXX.CC``; CC = 97 - (first 9 digits mod 97).

    Births from 2000 on compute the check over ``"2" + first 9 digits``; either form is valid.
    """
    digits = re.sub(r"[.\s-]", "", number)
    if not re.fullmatch(r"\d{11}", digits):
        return False
    body, check = digits[:9], int(digits[9:])
    return check in (97 - int(body) % 97, 97 - int("2" + body) % 97)


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                    2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23], strict=True))
_CF_SHAPE = re.compile(
    r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
)


def _cf_even(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A")


def codice_fiscale_check_letter(first15: str) -> str:
    """The check letter of an Italian codice fiscale, from its first 15 characters."""
    total = sum(_CF_ODD[ch] if i % 2 == 0 else _cf_even(ch) for i, ch in enumerate(first15))
    return chr(ord("A") + total % 26)


def codice_fiscale_is_valid(code: str) -> bool:
    """Italian codice fiscale: 16 characters in the official shape, the last a check letter."""
    code = code.strip().upper()
    return bool(_CF_SHAPE.fullmatch(code)) and codice_fiscale_check_letter(code[:15]) == code[15]


IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}


def iban_is_valid(iban: str) -> bool:
    """IBAN: known country, right length, and mod 97 of the rearranged number equals 1."""
    compact = re.sub(r"\s", "", iban).upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# ---------------------------------------------------------------- finders

_AVS = re.compile(r"(?<![\d.])756[.\s]?\d{4}[.\s]?\d{4}[.\s]?\d{2}(?![\d])")
_NRN_PUNCTUATED = re.compile(r"(?<![\d.])\d{2}\.\d{2}\.\d{2}[-\s]\d{3}[.\s]\d{2}(?![\d])")
_NRN_COMPACT = re.compile(r"(?<!\d)\d{11}(?!\d)")
_CF = re.compile(
    r"(?<![A-Z0-9])[A-Z]{6}[0-9A-Z]{2}[A-Z][0-9A-Z]{2}[A-Z][0-9A-Z]{3}[A-Z](?![A-Z0-9])"
)
_IBAN_START = re.compile(r"(?<![A-Z0-9])([A-Z]{2})(\d{2})(?=[ ]?[A-Z0-9])")


def _compact(text: str) -> str:
    return re.sub(r"[.\s-]", "", text)


def _verdict(valid: bool, what: str) -> str:
    return f"{what}: check digit correct" if valid else f"{what}: check digit WRONG, not used"


def find_national_ids(text: str) -> tuple[NationalId, ...]:
    """Every AVS, Belgian register number and codice fiscale in ``text``, valid or not.

    Compact 11-digit runs count as Belgian numbers only when their check digits hold (any
    11-digit number would otherwise be "an invalid register number").
    """
    found: list[NationalId] = []
    for m in _AVS.finditer(text):
        ok = avs_is_valid(m.group())
        found.append(NationalId("avs", _compact(m.group()), m.group(), ok, _verdict(ok, "AVS")))
    for m in _NRN_PUNCTUATED.finditer(text):
        ok = be_nrn_is_valid(m.group())
        found.append(NationalId("be_nrn", _compact(m.group()), m.group(), ok,
                                _verdict(ok, "Belgian register number")))
    for m in _NRN_COMPACT.finditer(text):
        if be_nrn_is_valid(m.group()) and not m.group().startswith("756"):
            found.append(NationalId("be_nrn", m.group(), m.group(), True,
                                    _verdict(True, "Belgian register number")))
    for m in _CF.finditer(text.upper()):
        if _CF_SHAPE.fullmatch(m.group()):
            ok = codice_fiscale_is_valid(m.group())
            found.append(NationalId("it_cf", m.group(), text[m.start():m.end()], ok,
                                    _verdict(ok, "codice fiscale")))
    return tuple(found)


def _iban_at(text: str, start: int, country: str) -> tuple[str, str]:
    """The compact IBAN of the expected length starting at ``start`` and the text it spans."""
    wanted = IBAN_LENGTHS[country]
    compact: list[str] = []
    end = start
    while end < len(text) and len(compact) < wanted:
        ch = text[end]
        if ch.isalnum() and ch.isascii():
            compact.append(ch.upper())
        elif ch != " ":
            break
        end += 1
    return "".join(compact), text[start:end]


def find_ibans(text: str) -> tuple[Iban, ...]:
    """Distinct IBANs in ``text``, spaced in any grouping; masked ones (``FR76 ****``) skipped."""
    found: dict[str, Iban] = {}
    for m in _IBAN_START.finditer(text):
        country = m.group(1)
        if country not in IBAN_LENGTHS:
            continue
        value, span = _iban_at(text, m.start(), country)
        if len(value) != IBAN_LENGTHS[country]:
            continue
        ok = iban_is_valid(value)
        reason = "IBAN: mod 97 correct" if ok else "IBAN: mod 97 WRONG, not used"
        found.setdefault(value, Iban(value, span.strip(), ok, reason))
    return tuple(found.values())

"""Amounts with a currency (EUR, CHF) and the choice of THE total of a document.

Written forms understood: ``1'234.50 CHF``, ``CHF 1 234.50``, ``1.234,50 €``, ``€ 56,02``,
``Total EUR 34,73``, ``Fr. 120.-``. The last ``.``/``,`` followed by two digits is the decimal
mark; the other marks (``'``, ``.``, ``,``, spaces) group thousands.

How the total is chosen: each amount is scored by the words between it and the amount (or
line start) before it. Total words (``Total``, ``Totaal``, ``Gesamtbetrag``, ``Totale``,
``à payer``, ``te betalen``, ``zu zahlen``...) give +3; ``TTC``/``inkl.`` after it +1. Tax
lines (``TVA``, ``MwSt``, ``BTW``, ``IVA``), untaxed sums (``HT``, ``excl.``, ``netto``) and
subtotals give -3. The best score wins; among equals the largest amount (a total is at least
each of its parts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from classify._text import words

_CURRENCY = r"(?P<cur>EUR|CHF|SFr\.|Fr\.|€|euros?|francs?)"
_NUMBER = r"(?P<num>\d{1,3}(?:(?:[' \u202f\u2019.,])\d{3})*(?:[.,]\d{2}|\.-)?|\d+(?:[.,]\d{2})?)"
_AFTER = re.compile(rf"(?<![\d.,:'])(?<!\d )(?<!\d'){_NUMBER}\s?{_CURRENCY}(?![A-Za-z])")
_BEFORE = re.compile(rf"(?<![A-Za-z]){_CURRENCY}\s?:?\s?{_NUMBER}(?![\d]|[.,]\d)")
_CURRENCY_CODES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "chf": "CHF",
                   "sfr.": "CHF", "fr.": "CHF", "franc": "CHF", "francs": "CHF"}

_TOTAL_WORDS = {"total", "totaal", "totale", "gesamt", "gesamtbetrag", "endbetrag", "summe",
                "payer", "betalen", "zahlen", "pagare", "pay", "due", "montant", "importo",
                "bedrag", "betrag", "ttc", "net", "netto", "nettolohn", "auszahlung", "solde",
                "saldo"}
_NOT_TOTAL_WORDS = {"tva", "mwst", "btw", "iva", "vat", "ust", "ht", "excl", "exclusief",
                    "hors", "untaxed", "subtotal", "subtotaal", "subtotale", "zwischensumme",
                    "sous", "imponibile", "grondslag", "acompte", "anzahlung"}


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount of money found in a text and how it scored as THE total."""

    value: Decimal
    currency: str
    text: str
    start: int
    score: int
    reason: str


def parse_number(raw: str) -> Decimal:
    """``"1'234.50"`` / ``"1.234,50"`` / ``"120.-"`` -> a Decimal."""
    raw = raw.replace(".-", "")
    decimals = ""
    if len(raw) >= 3 and raw[-3] in ".,":
        raw, decimals = raw[:-3], raw[-2:]
    whole = re.sub(r"\D", "", raw) or "0"
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def _raw_amounts(text: str) -> list[tuple[Decimal, str, int, int]]:
    """Non-overlapping matches; where ``1 € 399,00`` reads two ways, the one with cents wins."""
    candidates = [m for pattern in (_AFTER, _BEFORE) for m in pattern.finditer(text)]
    candidates.sort(key=lambda m: (not re.search(r"[.,]\d\d$", m.group("num")), -len(m.group())))
    found: list[tuple[Decimal, str, int, int]] = []
    for m in candidates:
        if any(s < m.end() and m.start() < e for _, _, s, e in found):
            continue
        currency = _CURRENCY_CODES[m.group("cur").lower()]
        found.append((parse_number(m.group("num").strip()), currency, m.start(), m.end()))
    return sorted(found, key=lambda item: item[2])


def _score(text: str, start: int, end: int, previous_end: int) -> tuple[int, str]:
    line_start = text.rfind("\n", 0, start) + 1
    before = words(text[max(line_start, previous_end):start])[-4:]
    after = words(text[end:end + 8].split("\n")[0])[:1]
    score, reasons = 0, []
    if set(before[-3:]) & _TOTAL_WORDS:
        score, reasons = 3, [f"after '{' '.join(before[-3:])}'"]
    if set(before[-2:]) & _NOT_TOTAL_WORDS or set(after) & {"ht", "excl"}:
        score -= 3
        reasons.append("a tax, untaxed or partial sum")
    if set(after) & {"ttc", "inkl", "incl", "ivato", "ivac"}:
        score += 1
        reasons.append(f"followed by '{after[0]}'")
    return score, "; ".join(reasons) or "no total label"


def find_amounts(text: str) -> tuple[Amount, ...]:
    """Every amount with a currency in ``text``, each scored as a candidate total."""
    amounts: list[Amount] = []
    previous_end = 0
    for value, currency, start, end in _raw_amounts(text):
        score, reason = _score(text, start, end, previous_end)
        amounts.append(Amount(value, currency, text[start:end].strip(), start, score, reason))
        previous_end = end
    return tuple(amounts)


def choose_total(amounts: tuple[Amount, ...]) -> tuple[Amount | None, str]:
    """THE total among ``amounts`` (see the module docstring), with the reason."""
    if not amounts:
        return None, "no amount with a currency found"
    best = max(amounts, key=lambda a: (a.score, a.value))
    return best, f"'{best.text}': {best.reason} (score {best.score}; {len(amounts)} amounts seen)"

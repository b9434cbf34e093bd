"""Dates in French, German, Italian, Dutch and English, and the choice of THE document date.

How the document date is chosen (every mention gets a score; the best wins, ties go to the
earliest mention, and a best score below zero means "no document date"):

* +3 when a date label sits right before it: ``Date :``, ``Datum``, ``Data``,
  ``Rechnungsdatum``, ``Factuurdatum``... (+1 only for order/delivery dates such as
  ``Orderdatum`` or ``date de commande``);
* +3 for a letter heading, ``Lausanne, le 3 mars 2024`` / ``Bern, 19. April 1985``;
* +1 for a linking word right before it (``le``, ``du``, ``den``, ``vom``, ``il``, ``op``...);
* -4 for a due date (``Date limite``, ``échéance``, ``Zahlungsziel``, ``Vervaldatum``...),
  -5 for a birth date (``né le``, ``geboren``, ``nato il``...), -3 for a "received" stamp
  (``reçu le``, ``Eingang``) and -3 for the end or start of a period (``du 1er au 31``,
  ``01.05.14-31.05.14``).

The idea: a document names its own date with a label or in its heading; other dates on the
page belong to someone (a birth), to something else (an order, a period) or to later (a due
date, a stamp). When nothing is labelled, the first plausible date on the page is usually
the heading's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from classify._text import fold, words

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "janvier janv jan januar jaenner janner gennaio genn gen januari january",
        "fevrier fevr fev februar feb febbraio febbr febr februari february",
        "mars mar marz maerz mrz marzo maart march",
        "avril avr april apr aprile",
        "mai maggio magg mei may",
        "juin juni giugno giu june jun",
        "juillet juil juli luglio lug july jul",
        "aout august aug agosto ago augustus",
        "septembre sept sep september settembre sett set",
        "octobre oct oktober okt ottobre ott october",
        "novembre nov november",
        "decembre dec dezember dez dicembre dic december",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Textual dates are matched on lower-cased text; OCR reads 0 as o and 1 as l or i.
_DAY = r"(?P<day>[0-3oil]?[0-9oil]|1er|ler|1re)"
_YEAR = r"(?P<year>(?:[1l][89]|2[0o])[0-9oil]{2})"
_TEXTUAL = re.compile(
    rf"(?<![0-9a-z]){_DAY}(?:\.|er|°|º|th|st|nd|rd)?\s{{0,2}}(?:de\s+|of\s+)?"
    rf"(?P<month>{_MONTH_ALT})\.?,?\s{{1,2}}{_YEAR}(?![0-9])"
)
_ENGLISH = re.compile(
    rf"(?<![0-9a-z])(?P<month>{_MONTH_ALT})\.?\s{{1,2}}(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?,\s*"
    rf"(?P<year>(?:19|20)[0-9]{{2}})(?![0-9])"
)
_NUMERIC = re.compile(
    r"(?<![0-9.,/-])(?P<day>[0-3]?[0-9])(?P<sep>[./-])(?P<month>[01]?[0-9])(?P=sep)"
    r"(?P<year>(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9]|[.,][0-9])"
)
_ISO = re.compile(r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])"
                  r"(?![0-9])")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in a text, with the words matched, where, and how it scored as THE date."""

    value: date
    text: str
    start: int
    score: int
    reason: str


def _same_length_fold(text: str) -> str:
    folded = [fold(ch)[:1] or ch for ch in text]
    return "".join(folded)


_OCR_DIGITS = str.maketrans("OoIil", "00111")


def _digits(raw: str) -> int:
    if raw in ("1er", "ler", "1re"):
        return 1
    return int(raw.translate(_OCR_DIGITS))


def _to_date(day: int, month: int, year: int) -> date | None:
    if year < 100:
        year += 2000 if year <= 50 else 1900
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1900 <= found.year <= 2100 else None


def _raw_mentions(text: str) -> list[tuple[date, int, int]]:
    folded = _same_length_fold(text)
    lowered = folded.lower()
    seen: list[tuple[date, int, int]] = []
    for pattern, source in ((_TEXTUAL, lowered), (_ENGLISH, lowered), (_NUMERIC, folded),
                            (_ISO, folded)):
        for m in pattern.finditer(source):
            if any(s <= m.start() < e or m.start() <= s < m.end() for _, s, e in seen):
                continue
            month = m.group("month")
            month_number = _MONTHS[month] if month in _MONTHS else int(month)
            value = _to_date(_digits(m.group("day")), month_number, _digits(m.group("year")))
            if value is not None:
                seen.append((value, m.start(), m.end()))
    return sorted(seen, key=lambda item: item[1])


_LABEL_ENDINGS = ("date", "datum", "data")
_SECONDARY = ("order", "bestel", "liefer", "lever", "commande", "livraison", "ordine",
              "consegna", "druck", "impression", "stampa")
_CONNECTORS = {"le", "du", "den", "vom", "am", "il", "del", "dd", "op", "on", "the", "dated",
               "en", "in", "per", "van", "of"}
_PENALTIES: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (-5, "birth date", ("ne", "nee", "naissance", "geboren", "geb", "geburtsdatum", "nato",
                        "nata", "nascita", "born", "birth", "geboortedatum", "dob")),
    (-4, "due date", ("limite", "echeance", "zahlungsziel", "faellig", "fallig", "vervaldatum",
                      "due", "scadenza", "payable", "verval")),
    (-3, "received stamp", ("recu", "eingang", "eingegangen", "ricevuto", "pervenuto",
                            "ontvangen", "received")),
    (-3, "end of a period", ("au", "bis", "al", "tot", "to", "until", "jusqu")),
)
_HEADING = re.compile(
    r"^\s*[A-Z][^\W\d]+(?:[ -][A-Za-z][^\W\d]*){0,3},\s*(?:le|den|il|the|li|lì|am)?\s*$"
)


def _label_score(before: list[str]) -> tuple[int, str]:
    connector = bool(before) and before[-1] in _CONNECTORS
    rest = before[:-1] if connector else before
    if rest and rest[-1].endswith(_LABEL_ENDINGS):
        if any(rest[-1].startswith(s) or s in rest[-2:-1] for s in _SECONDARY):
            return 1, f"labelled '{rest[-1]}' (an order/delivery date)"
        return 3, f"labelled '{rest[-1]}'"
    if connector:
        return 1, f"after '{before[-1]}'"
    return 0, "no label"


def _score(text: str, start: int, end: int) -> tuple[int, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_before = text[line_start:start]
    before = words(line_before[-40:])
    if _HEADING.match(line_before):
        return 3, "letter heading (place, date)"
    score, reason = _label_score(before)
    near = set(before[-4:])
    for penalty, what, cues in _PENALTIES:
        if near.intersection(cues):
            score += penalty
            reason += f"; {what}"
            break
    if text[end:end + 1] == "-" and _NUMERIC.match(text, end + 1):
        score, reason = score - 3, reason + "; start of a period"
    return score, reason


def find_dates(text: str) -> tuple[DateMention, ...]:
    """Every date in ``text`` (textual, numeric ``13.06.2016``/``13/06/2016``, ISO), scored."""
    mentions = []
    for value, start, end in _raw_mentions(text):
        score, reason = _score(text, start, end)
        mentions.append(DateMention(value, text[start:end], start, score, reason))
    return tuple(mentions)


def choose_document_date(mentions: tuple[DateMention, ...]) -> tuple[DateMention | None, str]:
    """THE document date among ``mentions`` (see the module docstring), with the reason."""
    if not mentions:
        return None, "no date found"
    best = max(mentions, key=lambda m: (m.score, -m.start))
    if best.score < 0:
        return None, f"only dates that are not the document's ({best.reason})"
    return best, f"'{best.text}': {best.reason} (score {best.score}; {len(mentions)} dates seen)"

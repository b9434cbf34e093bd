"""``extract(text)``: the facts a page of text states about itself.

Dates (and THE document date), dossier numbers, element codes, national identifiers, IBANs and
amounts (and THE total). Patterns for dossier numbers and element codes are configurable per
service (``ReferencePatterns``); each must have a named group ``value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from classify._amounts import Amount, choose_total, find_amounts
from classify._dates import DateMention, choose_document_date, find_dates
from classify._identifiers import Iban, NationalId, find_ibans, find_national_ids
from classify._text import words
from core import InvalidInput

_DOSSIER_LABEL = (r"(?:dossier|fascicolo|pratica|cartella(?:\s+sociale)?|akte|aktenzeichen|"
                  r"dossiernummer|dossiernr|aktennummer|case|file)")
_NUMBER_WORD = r"(?:n[°ºo]?\.?|nr\.?|no\.?|num[ée]ro|numero|nummer|number|n\.)"
DEFAULT_DOSSIER_PATTERNS = (
    rf"(?i)(?<![\w-]){_DOSSIER_LABEL}\s*-?\s*(?:{_NUMBER_WORD}\s*)?[:#]?\s*(?P<value>\d{{6}})(?!\d)",
    rf"(?i)(?<!\w){_NUMBER_WORD}\s*(?:de|du|del|della|van|of|des)?\s*(?:het\s+|the\s+)?"
    rf"{_DOSSIER_LABEL}\s*[:#]?\s*(?P<value>\d{{6}})(?!\d)",
)
DEFAULT_ELEMENT_PATTERNS = (r"(?<![A-Z0-9-])(?P<value>[A-Z]{2,5}-[A-Z]{2,8}-\d{2,4})(?![0-9])",)


COPY_WORDS = frozenset({"copie", "copy", "kopie", "copia", "cc", "cci", "ccn", "bcc"})


@dataclass(frozen=True, slots=True)
class Reference:
    """A dossier number or element code read in the text: its value and the words around it.

    ``copy`` is true when it stands on a "copy to" line (``Copie :``, ``Kopie an``, ``cc``):
    the document was sent to that dossier too, but it is not what the document is about.
    """

    value: str
    text: str
    start: int
    copy: bool = False


@dataclass(frozen=True, slots=True)
class ReferencePatterns:
    """Regular expressions (with a ``value`` group) for dossier numbers and element codes."""

    dossier: tuple[str, ...] = DEFAULT_DOSSIER_PATTERNS
    element: tuple[str, ...] = DEFAULT_ELEMENT_PATTERNS

    def __post_init__(self) -> None:
        for pattern in (*self.dossier, *self.element):
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise InvalidInput(f"bad reference pattern {pattern!r}: {exc}") from exc
            if "value" not in compiled.groupindex:
                raise InvalidInput(f"reference pattern {pattern!r} has no (?P<value>...) group")


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything ``extract`` found, and the document date and total it chose, with reasons."""

    dates: tuple[DateMention, ...]
    document_date: date | None
    date_reason: str
    dossier_numbers: tuple[Reference, ...]
    element_codes: tuple[Reference, ...]
    national_ids: tuple[NationalId, ...]
    ibans: tuple[Iban, ...]
    amounts: tuple[Amount, ...]
    total: Amount | None
    total_reason: str

    @property
    def valid_national_ids(self) -> tuple[NationalId, ...]:
        return tuple(n for n in self.national_ids if n.valid)

    @property
    def valid_ibans(self) -> tuple[Iban, ...]:
        return tuple(i for i in self.ibans if i.valid)


def _on_copy_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(COPY_WORDS.intersection(words(text[line_start:start])))


def find_references(text: str, patterns: tuple[str, ...]) -> tuple[Reference, ...]:
    """Distinct values matched by ``patterns``, first mention of each, in text order."""
    first: dict[str, Reference] = {}
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            value = m.group("value")
            if value not in first or m.start() < first[value].start:
                first[value] = Reference(value, m.group().strip(), m.start(),
                                         _on_copy_line(text, m.start()))
    return tuple(sorted(first.values(), key=lambda r: r.start))


def extract(text: str, patterns: ReferencePatterns | None = None) -> Extraction:
    """Read dates, references, identifiers, IBANs and amounts from the text of a document."""
    patterns = patterns or ReferencePatterns()
    dates = find_dates(text)
    chosen_date, date_reason = choose_document_date(dates)
    amounts = find_amounts(text)
    total, total_reason = choose_total(amounts)
    return Extraction(
        dates=dates,
        document_date=chosen_date.value if chosen_date else None,
        date_reason=date_reason,
        dossier_numbers=find_references(text, patterns.dossier),
        element_codes=find_references(text, patterns.element),
        national_ids=find_national_ids(text),
        ibans=find_ibans(text),
        amounts=amounts,
        total=total,
        total_reason=total_reason,
    )

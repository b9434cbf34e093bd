"""Gathering evidence: what in the text points at which dossier, element or person.

Only valid identifiers count. Names forgive case, accents and an OCR slip or two per word, but
a name counts as strong evidence only with the person's birth date also on the page.
"""

from __future__ import annotations

from classify._candidates import (
    EVIDENCE_WEIGHTS,
    Evidence,
    EvidenceKind,
    LinkCandidates,
    PersonCandidate,
)
from classify._extract import Extraction
from classify._text import similar, words

NAME_WINDOW = 4


def _evidence(kind: EvidenceKind, dossier_id: int, reason: str, *, element_id: int | None = None,
              person_id: int | None = None) -> Evidence:
    return Evidence(kind, dossier_id, reason, element_id, person_id, EVIDENCE_WEIGHTS[kind])


def from_references(extraction: Extraction, candidates: LinkCandidates) -> list[Evidence]:
    """Dossier numbers and element codes that name a known dossier or element."""
    found = []
    by_number = {d.number: d for d in candidates.dossiers}
    for ref in extraction.dossier_numbers:
        if ref.value in by_number:
            kind: EvidenceKind = "copy_reference" if ref.copy else "dossier_number"
            what = "copy sent to dossier" if ref.copy else "dossier number"
            found.append(_evidence(kind, by_number[ref.value].id,
                                   f"{what} {ref.value} ('{ref.text}')"))
    by_reference = {e.reference.upper(): e for e in candidates.elements}
    for ref in extraction.element_codes:
        element = by_reference.get(ref.value.upper())
        if element is not None and ref.copy:
            found.append(_evidence("copy_reference", element.dossier_id,
                                   f"copy sent to element {ref.value}"))
        elif element is not None:
            found.append(_evidence("element_code", element.dossier_id,
                                   f"element code {ref.value}", element_id=element.id,
                                   person_id=element.person_id))
    return found


def _person_evidence(kind: EvidenceKind, person: PersonCandidate, reason: str,
                     candidates: LinkCandidates) -> list[Evidence]:
    return [_evidence(kind, d.id, reason, person_id=person.id)
            for d in candidates.dossiers_of(person.id)]


def from_identifiers(extraction: Extraction, candidates: LinkCandidates) -> list[Evidence]:
    """Valid national identifiers equal to a known person's."""
    found: list[Evidence] = []
    seen = {n.value.upper(): n for n in extraction.valid_national_ids}
    for person in candidates.persons:
        ident = person.compact_national_id
        if ident and ident in seen:
            reason = f"{seen[ident].kind} {seen[ident].text} of person {person.id}"
            found += _person_evidence("national_id", person, reason, candidates)
    return found


def name_found(person: PersonCandidate, text_words: list[str]) -> str | None:
    """The words where the person's family name and first given name stand close together."""
    family, given = words(person.family_name), words(person.given_names)[:1]
    if not family:
        return None
    for i in range(len(text_words) - len(family) + 1):
        window = text_words[i:i + len(family)]
        if not all(similar(a, b) for a, b in zip(window, family, strict=True)):
            continue
        lo, hi = max(0, i - NAME_WINDOW), i + len(family) + NAME_WINDOW
        near = text_words[lo:i] + text_words[i + len(family):hi]
        if not given or any(similar(w, given[0]) for w in near):
            return " ".join(text_words[max(lo, i - 1):i + len(family) + 1])
    return None


def from_names(extraction: Extraction, text: str, candidates: LinkCandidates) -> list[Evidence]:
    """Known persons named in the text; strong only with their birth date on the page."""
    text_words = words(text)
    dates = {m.value for m in extraction.dates}
    found: list[Evidence] = []
    for person in candidates.persons:
        seen = name_found(person, text_words)
        if seen is None:
            continue
        if person.birth_date is not None and person.birth_date in dates:
            reason = (f"name '{seen}' and birth date {person.birth_date.isoformat()} "
                      f"of person {person.id}")
            found += _person_evidence("name_birth_date", person, reason, candidates)
        else:
            reason = f"name '{seen}' of person {person.id}, without birth date or identifier"
            found += _person_evidence("name_only", person, reason, candidates)
    return found


def gather(extraction: Extraction, text: str, candidates: LinkCandidates) -> list[Evidence]:
    """All evidence for every candidate dossier."""
    return (from_references(extraction, candidates) + from_identifiers(extraction, candidates)
            + from_names(extraction, text, candidates))

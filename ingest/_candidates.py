"""Load from the catalog only the dossiers, elements and persons a text could be about.

Everything is looked up by what the text states: dossier numbers and element codes directly;
persons by a valid national identifier, by a birth date written on the page, or by a family
name that appears as a word of the text. Then the dossiers of those persons (as the dossier's
person or a member of its household). A few indexed queries per document, whatever the size
of the catalog; each lookup is capped so a page of common words cannot load the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from classify import (
    DossierCandidate,
    ElementCandidate,
    Extraction,
    LinkCandidates,
    PersonCandidate,
)
from core.catalog import Dossier, DossierElement, HouseholdMembership, Person

MAX_PERSONS = 200  # per kind of lookup
MAX_NAME_WORDS = 2000
_CHUNK = 500
_NAME_CHARS = str.maketrans("", "", ".- ")


def load_candidates(session: Session, *, extraction: Extraction, text: str) -> LinkCandidates:
    """The catalog rows ``classify.link`` needs to weigh the evidence in ``text``."""
    elements = _elements(session, [r.value for r in extraction.element_codes])
    persons = _persons(session, extraction, text)
    person_ids = {p.id for p in persons if p.id is not None}
    dossiers = _dossiers(session, numbers=[r.value for r in extraction.dossier_numbers],
                         ids={e.dossier_id for e in elements}, person_ids=person_ids)
    members = _members(session, {d.household_id for d in dossiers if d.household_id})
    return LinkCandidates(
        dossiers=tuple(_dossier_candidate(d, members, elements) for d in dossiers),
        elements=tuple(ElementCandidate(e.id, e.reference, e.dossier_id, e.person_id)
                       for e in elements if e.id is not None),
        persons=tuple(PersonCandidate(p.id, p.family_name, p.given_names, p.birth_date,
                                      p.national_id) for p in persons if p.id is not None))


def _dossier_candidate(dossier: Dossier, members: dict[int, set[int]],
                       elements: Sequence[DossierElement]) -> DossierCandidate:
    assert dossier.id is not None
    people = set(members.get(dossier.household_id or 0, set()))
    people |= {e.person_id for e in elements if e.dossier_id == dossier.id and e.person_id}
    if dossier.person_id:
        people.add(dossier.person_id)
    return DossierCandidate(dossier.id, dossier.number, dossier.household_id,
                            tuple(sorted(people)))


def _elements(session: Session, codes: Sequence[str]) -> list[DossierElement]:
    if not codes:
        return []
    wanted = {c.upper() for c in codes}
    query = select(DossierElement).where(func.upper(DossierElement.reference).in_(wanted))
    return list(session.exec(query).all())


def _persons(session: Session, extraction: Extraction, text: str) -> list[Person]:
    found: dict[int, Person] = {}
    ids = {n.value.upper() for n in extraction.valid_national_ids}
    if ids:
        compact = func.upper(func.replace(func.replace(func.replace(
            Person.national_id, ".", ""), "-", ""), " ", ""))
        _add(found, session.exec(select(Person).where(compact.in_(ids)).limit(MAX_PERSONS)))
    dates = sorted({m.value for m in extraction.dates})[:100]
    if dates:
        query = select(Person).where(col(Person.birth_date).in_(dates)).limit(MAX_PERSONS)
        _add(found, session.exec(query))
    names = _name_words(text)
    for chunk in _chunks(names, _CHUNK):
        if len(found) >= 3 * MAX_PERSONS:
            break
        query = select(Person).where(func.lower(Person.family_name).in_(chunk))
        _add(found, session.exec(query.limit(MAX_PERSONS)))
    return list(found.values())


def _name_words(text: str) -> list[str]:
    """Words of the text that could be a family name, as written and lower-cased."""
    seen: dict[str, None] = {}
    for word in text.split():
        cleaned = word.strip(".,;:!?()[]«»\"'").lower()
        if len(cleaned) >= 2 and not cleaned.translate(_NAME_CHARS).isdigit():
            seen.setdefault(cleaned)
    return list(seen)[:MAX_NAME_WORDS]


def _dossiers(session: Session, *, numbers: Sequence[str], ids: set[int],
              person_ids: set[int]) -> list[Dossier]:
    households = set()
    if person_ids:
        households = set(session.exec(select(HouseholdMembership.household_id).where(
            col(HouseholdMembership.person_id).in_(person_ids))).all())
    clauses = []
    if numbers:
        clauses.append(col(Dossier.number).in_(set(numbers)))
    if ids:
        clauses.append(col(Dossier.id).in_(ids))
    if person_ids:
        clauses.append(col(Dossier.person_id).in_(person_ids))
    if households:
        clauses.append(col(Dossier.household_id).in_(households))
    if not clauses:
        return []
    query = select(Dossier).where(or_(*clauses)).order_by(col(Dossier.id))
    return list(session.exec(query.limit(4 * MAX_PERSONS)).all())


def _members(session: Session, household_ids: set[int]) -> dict[int, set[int]]:
    members: dict[int, set[int]] = defaultdict(set)
    if household_ids:
        rows = session.exec(select(HouseholdMembership).where(
            col(HouseholdMembership.household_id).in_(household_ids))).all()
        for row in rows:
            members[row.household_id].add(row.person_id)
    return members


def _add(found: dict[int, Person], rows: Iterable[Person]) -> None:
    for person in rows:
        if person.id is not None:
            found.setdefault(person.id, person)


def _chunks(values: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]

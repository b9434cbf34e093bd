"""Finding a dossier as one types: by its number or title, its holder's or household members'
names (accents, case and umlaut spellings aside), its household's code or name, or a person's
national identifier. Used by the review station's re-link box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from core.catalog.dossiers import Dossier, DossierElement
from core.catalog.people import Household, HouseholdMembership, Person
from core.catalog.search_keys import fold, key_matches


@dataclass(frozen=True, slots=True)
class DossierMatch:
    """One dossier found, with what matched (``number``, ``name``, ``household``,
    ``national_id``), its holders' names and its elements."""

    dossier: Dossier
    matched: str
    holders: tuple[str, ...]
    elements: tuple[DossierElement, ...]


def _national_id_clause(query: str) -> ColumnElement[bool]:
    written = query.strip().upper()
    compact = "".join(c for c in written if c.isalnum())
    return or_(col(Person.national_id).like(f"{written}%"),
               col(Person.national_id).like(f"{compact}%"))


def _matching_people(session: Session, query: str) -> dict[int, str]:
    """Person id -> "name" or "national_id" for the people ``query`` finds."""
    found: dict[int, str] = {}
    rows = session.exec(select(Person.id, Person.national_id, Person.search_key).where(
        or_(key_matches(col(Person.search_key), query), _national_id_clause(query)))
        .limit(200)).all()
    folded = fold(query)
    for person_id, _national_id, key in rows:
        if person_id is not None:
            found[person_id] = "name" if folded and folded in key else "national_id"
    return found


def _household_ids(session: Session, query: str, people: dict[int, str]) -> dict[int, str]:
    """Household id -> what matched: its code or name, or one of its members."""
    found: dict[int, str] = {}
    for household_id in session.exec(select(Household.id).where(or_(
            key_matches(col(Household.search_key), query),
            col(Household.code).ilike(f"{query.strip()}%"))).limit(200)).all():
        if household_id is not None:
            found[household_id] = "household"
    if people:
        for household_id, person_id in session.exec(
                select(HouseholdMembership.household_id, HouseholdMembership.person_id)
                .where(col(HouseholdMembership.person_id).in_(list(people)))).all():
            found.setdefault(household_id, people[person_id])
    return found


def lookup_dossiers(session: Session, *, query: str, limit: int = 10,
                    visible: ColumnElement[bool] | None = None) -> list[DossierMatch]:
    """The dossiers ``query`` finds, those whose number starts with it first, then by number;
    ``visible``: a clause from ``core.access.dossier_filter`` (None: every dossier)."""
    if not fold(query):
        return []
    people = _matching_people(session, query)
    households = _household_ids(session, query, people)
    clauses = [key_matches(col(Dossier.search_key), query),
               col(Dossier.number).ilike(f"{query.strip()}%")]
    if people:
        clauses.append(col(Dossier.person_id).in_(list(people)))
    if households:
        clauses.append(col(Dossier.household_id).in_(list(households)))
    statement = select(Dossier).where(or_(*clauses)).order_by(col(Dossier.number))
    if visible is not None:
        statement = statement.where(visible)
    dossiers = session.exec(statement.limit(200)).all()
    start = query.strip().lower()
    dossiers = sorted(dossiers, key=lambda d: (not d.number.lower().startswith(start),
                                               d.number))[:limit]
    return [_match(session, d, _why(d, query, people, households)) for d in dossiers]


def _why(dossier: Dossier, query: str, people: dict[int, str],
         households: dict[int, str]) -> str:
    if dossier.number.lower().startswith(query.strip().lower()):
        return "number"
    if fold(query) in dossier.search_key:
        return "title"
    if dossier.person_id in people:
        return people[dossier.person_id]
    return households.get(dossier.household_id or 0, "title")


def _match(session: Session, dossier: Dossier, matched: str) -> DossierMatch:
    return DossierMatch(dossier, matched, _holders(session, dossier),
                        tuple(_elements(session, dossier)))


def _holders(session: Session, dossier: Dossier) -> tuple[str, ...]:
    ids: list[int] = [dossier.person_id] if dossier.person_id else []
    if dossier.household_id:
        ids += [p for p in session.exec(select(HouseholdMembership.person_id).where(
            HouseholdMembership.household_id == dossier.household_id)).all() if p not in ids]
    if not ids:
        return ()
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids)))}
    return tuple(f"{people[i].given_names} {people[i].family_name}".strip()
                 for i in ids if i in people)


def _elements(session: Session, dossier: Dossier) -> Sequence[DossierElement]:
    return session.exec(select(DossierElement).where(
        DossierElement.dossier_id == dossier.id).order_by(col(DossierElement.reference))).all()

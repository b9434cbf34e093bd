"""Import dossier data (households, persons, dossiers, elements) from a CSV file.

One row per person of a dossier; re-importing the same file changes nothing. Columns
(header row required, UTF-8, comma or semicolon separated; only ``dossier_number`` is mandatory):

    dossier_number, dossier_title, service, household_code, household_name,
    family_name, given_names, birth_date (YYYY-MM-DD or DD.MM.YYYY), national_id, role,
    element_reference, element_kind, element_title
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from typing import TextIO

from sqlmodel import Session, select

from core import InvalidInput
from core.catalog import (
    Dossier,
    DossierElement,
    Household,
    HouseholdMembership,
    Person,
)

COLUMNS = ("dossier_number", "dossier_title", "service", "household_code", "household_name",
           "family_name", "given_names", "birth_date", "national_id", "role",
           "element_reference", "element_kind", "element_title")


@dataclass
class ImportSummary:
    rows: int = 0
    dossiers: int = 0
    households: int = 0
    persons: int = 0
    elements: int = 0
    memberships: int = 0


def import_dossier_csv(session: Session, stream: TextIO) -> ImportSummary:
    """Create what the rows describe and is not in the catalog yet. Does not commit."""
    header = stream.readline()
    stream.seek(0)
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(stream, delimiter=delimiter)
    unknown = set(reader.fieldnames or ()) - set(COLUMNS)
    if not reader.fieldnames or "dossier_number" not in reader.fieldnames or unknown:
        raise InvalidInput("the CSV header must name dossier_number and only these columns: "
                           f"{', '.join(COLUMNS)}" + (f" (unknown: {', '.join(sorted(unknown))})"
                                                      if unknown else ""))
    summary = ImportSummary()
    for line, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if not values.get("dossier_number"):
            raise InvalidInput(f"line {line}: dossier_number is empty")
        try:
            _import_row(session, values, summary)
        except ValueError as exc:
            raise InvalidInput(f"line {line}: {exc}") from None
        summary.rows += 1
    return summary


def _import_row(session: Session, row: dict[str, str], summary: ImportSummary) -> None:
    household = _household(session, row, summary)
    person = _person(session, row, summary)
    dossier = _dossier(session, row, household, person, summary)
    if household and person:
        _membership(session, household, person, row.get("role") or "member", summary)
    if row.get("element_reference"):
        _element(session, row, dossier, person, summary)


def _household(session: Session, row: dict[str, str], s: ImportSummary) -> Household | None:
    code = row.get("household_code")
    if not code:
        return None
    found = session.exec(select(Household).where(Household.code == code)).first()
    if found is None:
        found = Household(code=code, name=row.get("household_name") or code)
        session.add(found)
        session.flush()
        s.households += 1
    return found


def _person(session: Session, row: dict[str, str], s: ImportSummary) -> Person | None:
    family = row.get("family_name")
    if not family:
        return None
    national_id = row.get("national_id") or None
    birth = _parse_date(row.get("birth_date", ""))
    query = select(Person).where(Person.national_id == national_id) if national_id else (
        select(Person).where(Person.family_name == family,
                             Person.given_names == row.get("given_names", ""),
                             Person.birth_date == birth))
    found = session.exec(query).first()
    if found is None:
        found = Person(family_name=family, given_names=row.get("given_names", ""),
                       birth_date=birth, national_id=national_id)
        session.add(found)
        session.flush()
        s.persons += 1
    return found


def _dossier(session: Session, row: dict[str, str], household: Household | None,
             person: Person | None, s: ImportSummary) -> Dossier:
    number = row["dossier_number"]
    found = session.exec(select(Dossier).where(Dossier.number == number)).first()
    if found is None:
        title = row.get("dossier_title") or (
            f"{person.family_name} {person.given_names}".strip() if person else number)
        found = Dossier(number=number, title=title, service=row.get("service", ""),
                        household_id=household.id if household else None,
                        person_id=person.id if person else None)
        session.add(found)
        session.flush()
        s.dossiers += 1
    return found


def _membership(session: Session, household: Household, person: Person, role: str,
                s: ImportSummary) -> None:
    exists = session.exec(select(HouseholdMembership).where(
        HouseholdMembership.household_id == household.id,
        HouseholdMembership.person_id == person.id)).first()
    if exists is None:
        assert household.id is not None and person.id is not None
        session.add(HouseholdMembership(household_id=household.id, person_id=person.id,
                                        role=role))
        s.memberships += 1


def _element(session: Session, row: dict[str, str], dossier: Dossier, person: Person | None,
             s: ImportSummary) -> None:
    reference = row["element_reference"]
    if session.exec(select(DossierElement).where(DossierElement.reference == reference)).first():
        return
    assert dossier.id is not None
    session.add(DossierElement(dossier_id=dossier.id, reference=reference,
                               kind=row.get("element_kind") or "element",
                               title=row.get("element_title", ""),
                               person_id=person.id if person else None))
    session.flush()
    s.elements += 1


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"birth_date {text!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)")

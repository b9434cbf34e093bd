"""What the catalog knows, as plain data handed to ``link``: dossiers, elements and persons.

The ingest pipeline loads these from the catalog; ``classify`` never touches a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True, slots=True)
class DossierCandidate:
    id: int
    number: str
    household_id: int | None = None
    person_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ElementCandidate:
    id: int
    reference: str
    dossier_id: int
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class PersonCandidate:
    id: int
    family_name: str
    given_names: str = ""
    birth_date: date | None = None
    national_id: str | None = None

    @property
    def compact_national_id(self) -> str | None:
        """The identifier without dots, dashes and spaces, upper-case."""
        if not self.national_id:
            return None
        return re.sub(r"[.\s-]", "", self.national_id).upper()


@dataclass(frozen=True, slots=True)
class LinkCandidates:
    dossiers: tuple[DossierCandidate, ...] = ()
    elements: tuple[ElementCandidate, ...] = ()
    persons: tuple[PersonCandidate, ...] = ()

    def dossier(self, dossier_id: int) -> DossierCandidate | None:
        return next((d for d in self.dossiers if d.id == dossier_id), None)

    def dossiers_of(self, person_id: int) -> tuple[DossierCandidate, ...]:
        return tuple(d for d in self.dossiers if person_id in d.person_ids)


EvidenceKind = Literal["dossier_number", "element_code", "national_id", "name_birth_date",
                       "copy_reference", "name_only"]

# How strongly one piece of evidence alone points at a dossier. Several combine as
# 1 - prod(1 - w). A name without a birth date or identifier, or a dossier the document
# was only copied to, never links on its own.
EVIDENCE_WEIGHTS: dict[str, float] = {
    "element_code": 0.95,
    "national_id": 0.93,
    "dossier_number": 0.90,
    "name_birth_date": 0.90,
    "copy_reference": 0.40,
    "name_only": 0.30,
}
STRONG = 0.9


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to believe the document belongs to ``dossier_id`` (and maybe a person)."""

    kind: EvidenceKind
    dossier_id: int
    reason: str
    element_id: int | None = None
    person_id: int | None = None
    weight: float = field(default=0.0)

    @property
    def strong(self) -> bool:
        return self.weight >= STRONG

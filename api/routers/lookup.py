"""Finding a dossier as one types (the review station's re-link box): by number, title,
holder's or household members' names (accents forgiven), household code or national
identifier; each found dossier comes with its elements to choose from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import SQLModel

from api._guard import GuardDep
from core.catalog.lookup import DossierMatch, lookup_dossiers

router = APIRouter(prefix="/lookup", tags=["dossiers"])


class ElementChoice(SQLModel):
    reference: str
    kind: str
    title: str


class DossierChoice(SQLModel):
    number: str
    title: str
    service: str
    matched: str  # number, title, name, household or national_id
    holders: list[str]
    elements: list[ElementChoice]


class DossierLookup(SQLModel):
    query: str
    dossiers: list[DossierChoice]


@router.get("/dossiers", response_model=DossierLookup)
def lookup(guard: GuardDep, q: Annotated[str, Query(max_length=100)] = "",
           limit: Annotated[int, Query(ge=1, le=30)] = 10) -> DossierLookup:
    """The dossiers the person may see that ``q`` finds, numbers starting with it first."""
    found = lookup_dossiers(guard.session, query=q, limit=limit,
                            visible=guard.dossier_filter())
    return DossierLookup(query=q, dossiers=[_choice(m) for m in found])


def _choice(match: DossierMatch) -> DossierChoice:
    d = match.dossier
    return DossierChoice(number=d.number, title=d.title, service=d.service,
                         matched=match.matched, holders=list(match.holders),
                         elements=[ElementChoice(reference=e.reference, kind=e.kind,
                                                 title=e.title) for e in match.elements])

"""Dossier screens: the list of the dossiers a person may see, and one dossier with its
elements, its documents in time order and its journal de vie."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import col, select

from api import GuardDep
from core.catalog import Document, Dossier, Household
from core.catalog.search_keys import key_matches
from viewer._api import get_journal, list_documents, list_elements
from viewer._render import render

router = APIRouter()


@router.get("/dossiers")
def dossier_list(request: Request, guard: GuardDep,
                 q: Annotated[str, Query(max_length=200)] = "") -> Response:
    return render(request, "dossiers.html", guard=guard, q=q,
                  dossiers=visible_dossiers(guard, q))


def visible_dossiers(guard: GuardDep, q: str, limit: int = 200) -> Sequence[Dossier]:
    """The dossiers the person may see whose number or title contains ``q`` (accents, case
    and umlaut spellings aside), by number."""
    query = select(Dossier).order_by(col(Dossier.number)).limit(limit)
    visible = guard.dossier_filter()
    if visible is not None:
        query = query.where(visible)
    if q.strip():
        query = query.where(key_matches(col(Dossier.search_key), q))
    return guard.session.exec(query).all()


@router.get("/dossiers/{number}")
def dossier_screen(request: Request, guard: GuardDep, number: str) -> Response:
    dossier = guard.dossier(number)
    documents = newest_first(list_documents(number, guard))
    household = (guard.session.get(Household, dossier.household_id)
                 if dossier.household_id else None)
    return render(request, "dossier.html", guard=guard, dossier=dossier, household=household,
                  elements=list_elements(number, guard), documents=documents,
                  journal=list(reversed(get_journal(number, guard))))


def newest_first(documents: Iterable[Document]) -> list[Document]:
    """By the document's date, newest first; undated documents last."""
    return sorted(documents, reverse=True,
                  key=lambda d: (d.doc_date is not None, d.doc_date or date.min, d.id or 0))

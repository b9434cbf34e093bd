"""Household screens (unité d'allocation): the registry's households, and one household with
its members, its dossiers and the documents of all of them, newest first, by type."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import col, or_, select

from api import GuardDep
from core.access import Action
from core.catalog import Document, DocumentPerson, Dossier, Household, queries
from viewer._api import household_members
from viewer._dossiers import newest_first
from viewer._render import render

router = APIRouter()
MAX_DOCUMENTS = 500


@router.get("/households")
def household_list(request: Request, guard: GuardDep,
                   q: Annotated[str, Query(max_length=200)] = "") -> Response:
    guard.require(Action.people_read)
    query = select(Household).order_by(col(Household.code)).limit(200)
    if q.strip():
        like = f"%{q.strip()}%"
        query = query.where(or_(col(Household.code).ilike(like),
                                col(Household.name).ilike(like)))
    return render(request, "households.html", guard=guard, q=q,
                  households=guard.session.exec(query).all())


@router.get("/households/{code}")
def household_screen(request: Request, guard: GuardDep, code: str,
                     type: Annotated[str, Query(max_length=40)] = "") -> Response:
    guard.require(Action.people_read)
    household = queries.household_by_code(guard.session, code=code)
    assert household.id is not None
    members = household_members(code, guard)
    dossiers = [d for d in queries.list_dossiers(guard.session, household_id=household.id,
                                                 limit=200, visible=guard.dossier_filter())]
    documents = household_documents(guard, household.id, [m.id for m in members if m.id])
    types = sorted({d.doc_type for d in documents if d.doc_type})
    shown = [d for d in documents if not type or d.doc_type == type]
    ids = {d.dossier_id for d in shown if d.dossier_id}
    numbers = {d.id: d.number for d in guard.session.exec(
        select(Dossier).where(col(Dossier.id).in_(ids))).all()}
    return render(request, "household.html", guard=guard, household=household,
                  members=members, dossiers=dossiers, documents=shown, types=types,
                  chosen_type=type, numbers=numbers)


def household_documents(guard: GuardDep, household_id: int,
                        member_ids: list[int]) -> list[Document]:
    """The documents of the household's dossiers and those tied to any member, that the
    person may read, newest first."""
    in_dossiers = select(Document.id).join(Dossier, col(Dossier.id) == col(Document.dossier_id)) \
        .where(Dossier.household_id == household_id)
    of_members = select(DocumentPerson.document_id).where(
        col(DocumentPerson.person_id).in_(member_ids or [-1]))
    query = select(Document).where(or_(col(Document.id).in_(in_dossiers),
                                       col(Document.id).in_(of_members))).limit(MAX_DOCUMENTS)
    return newest_first(d for d in guard.session.exec(query).all() if guard.may_read(d))

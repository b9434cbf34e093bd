"""Household screens (unité d'allocation): the registry's households, and one household with
its members, its dossiers and the documents of all of them, newest first, by type. A member's
documents count as the API's household view counts them: dated within the person's membership,
or undated while the person is a member today (``MemberPeriod``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import ColumnElement, false
from sqlmodel import and_, col, or_, select

from api import GuardDep
from core.access import Action
from core.catalog import Document, DocumentPerson, Dossier, Household, queries
from core.catalog.search_keys import key_matches
from index import MemberPeriod
from index._model import current_members
from viewer._api import household_members, household_periods
from viewer._dossiers import newest_first
from viewer._render import render

router = APIRouter()
MAX_DOCUMENTS = 500


@router.get("/households")
def household_list(request: Request, guard: GuardDep,
                   q: Annotated[str, Query(max_length=200)] = "") -> Response:
    guard.require(Action.people_read)
    query = select(Household).order_by(col(Household.code)).limit(200)
    if q.strip():  # in the code or name, accents, case and umlaut spellings aside
        query = query.where(key_matches(col(Household.search_key), q))
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
    periods = household_periods(guard.session, household.id)
    documents = household_documents(guard, household.id, periods)
    types = sorted({d.doc_type for d in documents if d.doc_type})
    shown = [d for d in documents if not type or d.doc_type == type]
    ids = {d.dossier_id for d in shown if d.dossier_id}
    numbers = {d.id: d.number for d in guard.session.exec(
        select(Dossier).where(col(Dossier.id).in_(ids))).all()}
    return render(request, "household.html", guard=guard, household=household,
                  members=members, dossiers=dossiers, documents=shown, types=types,
                  chosen_type=type, numbers=numbers)


def household_documents(guard: GuardDep, household_id: int,
                        periods: Sequence[MemberPeriod]) -> list[Document]:
    """The documents of the household's dossiers and those of its members while members,
    that the person may read, newest first."""
    in_dossiers = select(Document.id).join(Dossier, col(Dossier.id) == col(Document.dossier_id)) \
        .where(Dossier.household_id == household_id)
    query = select(Document).where(or_(col(Document.id).in_(in_dossiers),
                                       _of_members(periods))).limit(MAX_DOCUMENTS)
    return newest_first(d for d in guard.session.exec(query).all() if guard.may_read(d))


def _of_members(periods: Sequence[MemberPeriod]) -> ColumnElement[bool]:
    """Documents linked to a member and dated within that member's period, or undated and
    linked to one of today's members: the rule the index applies, in SQL."""
    day = col(Document.doc_date)
    clauses = [and_(_linked_to([period.person_id]), day.is_not(None), *_within(period))
               for period in periods]
    current = current_members(periods, date.today())
    if current:
        clauses.append(and_(_linked_to(current), day.is_(None)))
    return or_(false(), *clauses)


def _linked_to(person_ids: Sequence[int]) -> ColumnElement[bool]:
    return col(Document.id).in_(select(DocumentPerson.document_id)
                                .where(col(DocumentPerson.person_id).in_(person_ids)))


def _within(period: MemberPeriod) -> list[ColumnElement[bool]]:
    day = col(Document.doc_date)
    bounds = [] if period.start is None else [day >= period.start]
    return bounds if period.end is None else [*bounds, day <= period.end]

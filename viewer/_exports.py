"""Every list as a spreadsheet: the search results, the dossier list, a household's documents
and a disposition list, as CSV or XLSX, headed by the filters that produced them. Each list
is drawn exactly as its screen draws it (same permissions); its headings are in the reader's
language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlmodel import col, select

from api import GuardDep, IndexDep
from core.access import Action
from core.catalog import Dossier, queries
from reports import Column, Kind, list_table
from viewer._api import household_periods, retention_routes
from viewer._dossiers import visible_dossiers
from viewer._households import household_documents
from viewer._reports import download
from viewer._search import SearchForm, still_readable

router = APIRouter()
Format = Annotated[str, Path(pattern=r"^(csv|xlsx)$")]
MAX_ROWS = 10_000
MAX_HITS = 1000


def _columns(*spec: tuple[str, Kind]) -> list[Column]:
    return [Column(name=name, kind=kind) for name, kind in spec]


@router.get("/search.{fmt}")
def search_export(request: Request, guard: GuardDep, index: IndexDep, fmt: Format) -> Response:
    guard.require(Action.search)
    form = SearchForm.from_request(request)
    result = index.search(form.query(guard.visible_to(), limit=MAX_HITS, offset=0))
    hits = [h for h in result.hits if still_readable(guard, h)]
    rows: list[list[Any]] = [[h.document, h.title, h.dossier or "", h.doc_type or "",
                              getattr(h, "doc_date", None), h.page, round(h.score, 4)]
                             for h in hits]
    criteria = {k: v for k, v in (("q", form.q), ("type", form.type), ("dossier", form.dossier),
                                  ("year", form.year), ("element", form.element)) if v}
    table = list_table("search", columns=_columns(
        ("document", Kind.int), ("title", Kind.text), ("dossier", Kind.text),
        ("type", Kind.text), ("doc_date", Kind.date), ("page", Kind.int),
        ("score", Kind.float)), rows=rows, by=guard.principal.username, criteria=criteria)
    return download(request, table, fmt)


@router.get("/dossiers.{fmt}")
def dossiers_export(request: Request, guard: GuardDep, fmt: Format,
                    q: Annotated[str, Query(max_length=200)] = "") -> Response:
    rows: list[list[Any]] = [[d.number, d.title, d.service, str(d.status), str(d.sensitivity),
                              d.opened_on, d.closed_on, d.archived_on]
                             for d in visible_dossiers(guard, q, limit=MAX_ROWS)]
    table = list_table("dossiers", columns=_columns(
        ("number", Kind.text), ("title", Kind.text), ("service", Kind.text),
        ("status", Kind.text), ("sensitivity", Kind.text), ("opened_on", Kind.date),
        ("closed_on", Kind.date), ("archived_on", Kind.date)), rows=rows,
        by=guard.principal.username, criteria={"q": q} if q else {})
    return download(request, table, fmt)


@router.get("/households/{code}/documents.{fmt}")
def household_export(request: Request, guard: GuardDep, code: str, fmt: Format,
                     type: Annotated[str, Query(max_length=40)] = "") -> Response:
    guard.require(Action.people_read)
    household = queries.household_by_code(guard.session, code=code)
    assert household.id is not None
    documents = [d for d in household_documents(
        guard, household.id, household_periods(guard.session, household.id))
        if not type or d.doc_type == type]
    ids = {d.dossier_id for d in documents if d.dossier_id}
    numbers = dict(guard.session.exec(select(Dossier.id, Dossier.number).where(
        col(Dossier.id).in_(ids))).all())
    rows: list[list[Any]] = [[d.id, d.title, numbers.get(d.dossier_id or 0, ""),
                              d.doc_type or "", d.doc_date, d.language or "", d.page_count,
                              d.created_at] for d in documents]
    table = list_table("household-documents", columns=_columns(
        ("document", Kind.int), ("title", Kind.text), ("dossier", Kind.text),
        ("type", Kind.text), ("doc_date", Kind.date), ("language", Kind.text),
        ("pages", Kind.int), ("received", Kind.datetime)), rows=rows,
        by=guard.principal.username,
        criteria={"household": code, **({"type": type} if type else {})})
    return download(request, table, fmt)


@router.get("/archive/lists/{list_id}.{fmt}")
def disposition_export(request: Request, guard: GuardDep, fmt: Format,
                       list_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    data = retention_routes.get_list(list_id, guard)
    rows: list[list[Any]] = [[i.document_id, i.dossier_number, i.title, i.doc_type or "",
                              i.schedule_code, i.action, i.due_on, str(i.decision),
                              i.outcome] for i in data.items]
    table = list_table("disposition-list", columns=_columns(
        ("document", Kind.int), ("dossier", Kind.text), ("title", Kind.text),
        ("type", Kind.text), ("schedule", Kind.text), ("action", Kind.text),
        ("due_on", Kind.date), ("decision", Kind.text), ("outcome", Kind.text)), rows=rows,
        by=guard.principal.username,
        criteria={"list": str(list_id), "status": str(data.listing.status),
                  "as_of": data.listing.as_of.isoformat()})
    return download(request, table, fmt)

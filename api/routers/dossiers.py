"""Dossiers and their elements."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Query, status

from api._changes import commit_and_drain, dossier_document_ids, snapshot
from api._guard import GuardDep
from api.deps import ContextDep
from core.access import Action, ServiceScope, dossier_scope
from core.catalog import (
    Document,
    DocumentPublic,
    Dossier,
    DossierCreate,
    DossierElement,
    DossierElementCreate,
    DossierElementPublic,
    DossierPublic,
    DossierUpdate,
    account_queries,
    queries,
)
from core.catalog.dossiers import DossierElementBase

router = APIRouter(prefix="/dossiers", tags=["dossiers"])
# What a dossier lends its documents' index entries: access tokens, household and person.
INDEXED_FIELDS = ("service", "sensitivity", "status", "household_id", "person_id")


@router.get("", response_model=list[DossierPublic])
def list_dossiers(guard: GuardDep, service: str | None = None,
                  household_id: int | None = None,
                  q: str = Query(default="", max_length=200),
                  offset: int = Query(default=0, ge=0, le=1_000_000),
                  limit: int = Query(default=100, ge=1, le=1000)) -> Sequence[Dossier]:
    """The dossiers the person may see, by number; ``q``: in the number or title, accents,
    case and umlaut spellings aside ("muller" finds "MÜLLER Hans")."""
    return queries.list_dossiers(guard.session, service=service, household_id=household_id,
                                 offset=offset, limit=min(limit, 1000), text=q,
                                 visible=guard.dossier_filter())


@router.post("", response_model=DossierPublic, status_code=status.HTTP_201_CREATED)
def create_dossier(data: DossierCreate, guard: GuardDep) -> Dossier:
    """A caseworker creates dossiers in their own departments; a confidential dossier is
    assigned to the caseworker who creates it, so they keep seeing it."""
    guard.require(Action.dossier_create, ServiceScope(data.service))
    dossier = queries.create_dossier(guard.session, data=data)
    assert dossier.id is not None
    scope = dossier_scope(guard.session, dossier=dossier)
    if guard.principal.user_id is not None and not guard.allows(Action.dossier_read, scope):
        account_queries.set_assignments(guard.session, dossier_id=dossier.id,
                                        usernames=[guard.principal.username])
    guard.record(action="dossier.create", entity_type="dossier", entity_id=dossier.number,
                 dossier=dossier, after=snapshot(dossier))
    return dossier


@router.get("/{number}", response_model=DossierPublic)
def get_dossier(number: str, guard: GuardDep) -> Dossier:
    return guard.dossier(number)


@router.patch("/{number}", response_model=DossierPublic)
def update_dossier(number: str, data: DossierUpdate, guard: GuardDep,
                   context: ContextDep) -> Dossier:
    """Moving a dossier to another service needs the right to create dossiers there."""
    dossier = guard.dossier(number, Action.dossier_write)
    assert dossier.id is not None
    if data.service is not None and data.service != dossier.service:
        guard.require(Action.dossier_create, ServiceScope(data.service))
    before = snapshot(dossier)
    queries.update_dossier(guard.session, dossier=dossier, data=data)
    after = snapshot(dossier)
    guard.record(action="dossier.update", entity_type="dossier", entity_id=dossier.number,
                 dossier=dossier, before=before, after=after)
    moved = any(before[key] != after[key] for key in INDEXED_FIELDS)
    commit_and_drain(guard.session, context, reason="dossier updated",
                     queue=dossier_document_ids(guard.session, dossier_id=dossier.id) if moved
                     else [])
    return dossier


class ElementIn(DossierElementBase):
    """An element as posted under its dossier's URL (the dossier comes from the path)."""

    dossier_id: int = 0


@router.get("/{number}/elements", response_model=list[DossierElementPublic])
def list_elements(number: str, guard: GuardDep) -> Sequence[DossierElement]:
    dossier = guard.dossier(number)
    assert dossier.id is not None
    return queries.dossier_elements(guard.session, dossier_id=dossier.id)


@router.post("/{number}/elements", response_model=DossierElementPublic,
             status_code=status.HTTP_201_CREATED)
def create_element(number: str, data: ElementIn, guard: GuardDep) -> DossierElement:
    dossier = guard.dossier(number, Action.dossier_write)
    assert dossier.id is not None
    payload = DossierElementCreate.model_validate(data.model_dump() | {"dossier_id": dossier.id})
    element = queries.create_element(guard.session, data=payload)
    guard.record(action="element.create", entity_type="dossier_element",
                 entity_id=element.reference, dossier=dossier, after=snapshot(element))
    return element


@router.get("/{number}/documents", response_model=list[DocumentPublic])
def list_documents(number: str, guard: GuardDep) -> Sequence[Document]:
    """The dossier's documents the person may read (a confidential one stays hidden)."""
    dossier = guard.dossier(number)
    assert dossier.id is not None
    documents = queries.dossier_documents(guard.session, dossier_id=dossier.id)
    return [d for d in documents if guard.may_read(d)]

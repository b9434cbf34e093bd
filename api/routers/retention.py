"""The archivist's console over HTTP: retention schedules, legal holds, the disposition review
(sweep, dry run, decide, propose, approve by a second person, carry out), destruction
certificates and fixity reports. Everything needs ``retention.manage`` (archivists)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from sqlmodel import Field, SQLModel, col, select

import retention
from api._changes import commit_and_drain
from api._guard import Guard, GuardDep
from api.deps import BlobStoreDep, ContextDep
from core import InvalidInput, NotFound
from core.access import Action
from core.catalog import (
    DestructionCertificate,
    DestructionCertificatePublic,
    DestructionRecord,
    DestructionRecordPublic,
    DispositionItemPublic,
    DispositionList,
    DispositionListPublic,
    Dossier,
    DossierPublic,
    DossierStatus,
    FixityRun,
    FixityRunPublic,
    HoldScope,
    ItemDecision,
    LegalHold,
    LegalHoldCreate,
    LegalHoldPublic,
    RetentionSchedule,
    RetentionScheduleCreate,
    RetentionSchedulePublic,
    RetentionScheduleUpdate,
)
from core.catalog.search_keys import key_matches

router = APIRouter(prefix="/retention", tags=["retention"])
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _archivist(guard: Guard) -> Guard:
    guard.require(Action.retention_manage)
    return guard


# -- schedules ---------------------------------------------------------------------------------

@router.get("/schedules", response_model=list[RetentionSchedulePublic])
def list_schedules(guard: GuardDep) -> list[RetentionSchedule]:
    return retention.list_schedules(_archivist(guard).session)


@router.post("/schedules", response_model=RetentionSchedulePublic,
             status_code=status.HTTP_201_CREATED)
def create_schedule(data: RetentionScheduleCreate, guard: GuardDep) -> RetentionSchedule:
    """A rule; every document's date is recomputed (one schedule governs each document)."""
    _archivist(guard)
    return retention.create_schedule(guard.session, data=data, actor=guard.actor)


@router.patch("/schedules/{schedule_id}", response_model=RetentionSchedulePublic)
def update_schedule(schedule_id: Id, data: RetentionScheduleUpdate,
                    guard: GuardDep) -> RetentionSchedule:
    _archivist(guard)
    return retention.update_schedule(guard.session, schedule_id=schedule_id, data=data,
                                     actor=guard.actor)


@router.delete("/schedules/{schedule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(schedule_id: Id, guard: GuardDep) -> Response:
    _archivist(guard)
    retention.delete_schedule(guard.session, schedule_id=schedule_id, actor=guard.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- holds -------------------------------------------------------------------------------------

class Release(SQLModel):
    reason: str = Field(min_length=3, max_length=500)


class LegalHoldShown(LegalHoldPublic):
    holds: str = Field(description="What it holds, in words: dossier number and title, "
                                   "person's name and identifier, document number and title")


class HoldByWords(SQLModel):
    scope: HoldScope
    target: str = Field(min_length=1, max_length=200, description="A dossier number; a "
                        "person's national identifier or name; a document number or words "
                        "of its title")
    reason: str = Field(min_length=3, max_length=500)


@router.get("/holds", response_model=list[LegalHoldShown])
def list_holds(guard: GuardDep, standing: bool = False) -> list[LegalHoldShown]:
    session = _archivist(guard).session
    return [LegalHoldShown.model_validate(hold, update={
        "holds": retention.hold_target_label(session, hold)})
        for hold in retention.list_holds(session, standing_only=standing)]


@router.post("/holds/by-words", response_model=LegalHoldShown,
             status_code=status.HTTP_201_CREATED)
def place_hold_by_words(data: HoldByWords, guard: GuardDep,
                        blobs: BlobStoreDep) -> LegalHoldShown:
    """A hold on what ``target`` names (404 if nothing, 422 if it names several)."""
    session = _archivist(guard).session
    found = retention.find_hold_target(session, scope=data.scope, words=data.target)
    hold = retention.place_hold(session, blobs, data=LegalHoldCreate(
        scope=data.scope, target_id=found.target_id, reason=data.reason), actor=guard.actor)
    return LegalHoldShown.model_validate(hold, update={"holds": found.label})


@router.post("/holds", response_model=LegalHoldPublic, status_code=status.HTTP_201_CREATED)
def place_hold(data: LegalHoldCreate, guard: GuardDep, blobs: BlobStoreDep) -> LegalHold:
    """While it stands, nothing under it may be changed or destroyed, by anyone."""
    _archivist(guard)
    return retention.place_hold(guard.session, blobs, data=data, actor=guard.actor)


@router.post("/holds/{hold_id}/release", response_model=LegalHoldPublic)
def release_hold(hold_id: Id, body: Release, guard: GuardDep, blobs: BlobStoreDep) -> LegalHold:
    _archivist(guard)
    return retention.release_hold(guard.session, blobs, hold_id=hold_id, reason=body.reason,
                                  actor=guard.actor)


# -- dossiers in every state ------------------------------------------------------------------

@router.get("/dossiers", response_model=list[DossierPublic])
def dossiers(guard: GuardDep, state: DossierStatus | None = None,
             q: Annotated[str, Query(max_length=100)] = "",
             limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> list[Dossier]:
    """Dossiers open, closed or archived (``state``), by number or title words (``q``): the
    archivist acts on the lifecycle of any of them, without reading their documents."""
    query = select(Dossier).order_by(col(Dossier.number)).limit(limit)
    if state is not None:
        query = query.where(Dossier.status == state)
    if q.strip():
        query = query.where(key_matches(col(Dossier.search_key), q))
    return list(_archivist(guard).session.exec(query))


# -- disposition -------------------------------------------------------------------------------

class SweepRequest(SQLModel):
    as_of: date | None = Field(default=None, description="Default: today")


class ItemDecisionIn(SQLModel):
    decision: ItemDecision
    reason: str = Field(default="", max_length=500)


@router.get("/due")
def due(guard: GuardDep, as_of: date | None = None) -> list[dict[str, Any]]:
    """Dry run of a sweep: what has reached its date and would be listed (nothing is
    written)."""
    _archivist(guard)
    items = retention.due_items(guard.session, as_of=as_of or date.today())
    guard.session.rollback()
    return [item.as_json() for item in items]


@router.post("/lists", response_model=DispositionListPublic,
             status_code=status.HTTP_201_CREATED)
def sweep(body: SweepRequest, guard: GuardDep) -> DispositionList:
    """Draw up a disposition list of what has reached its date."""
    _archivist(guard)
    return retention.sweep(guard.session, as_of=body.as_of or date.today(), actor=guard.actor)


@router.get("/lists", response_model=list[DispositionListPublic])
def lists(guard: GuardDep) -> list[DispositionList]:
    return retention.all_lists(_archivist(guard).session)


class HeldItem(DispositionItemPublic):
    held_by: list[str] = Field(default_factory=list,
                               description="The standing holds over it, in words")


class ListShown(SQLModel):
    listing: DispositionListPublic = Field(alias="list")
    reference: str = Field(description="Typed to confirm carrying the list out")
    items: list[HeldItem]


@router.get("/lists/{list_id}", response_model=ListShown)
def get_list(list_id: Id, guard: GuardDep) -> ListShown:
    """The list and its items, each flagged with the holds standing over it now (a held item
    will be refused when the list is carried out)."""
    session = _archivist(guard).session
    listing = retention.list_by_id(session, list_id=list_id)
    items = retention.list_items(session, list_id=list_id)
    held = retention.held_documents(session, document_ids=[i.document_id for i in items])
    return ListShown.model_validate({
        "list": DispositionListPublic.model_validate(listing),
        "reference": retention.list_reference(listing),
        "items": [HeldItem.model_validate(i, update={"held_by": [
            f"{h.scope} {retention.hold_target_label(session, h)}: {h.reason}"
            for h in held.get(i.document_id, [])]}) for i in items]})


@router.patch("/lists/{list_id}/items/{item_id}", response_model=DispositionItemPublic)
def decide(list_id: Id, item_id: Id, body: ItemDecisionIn, guard: GuardDep) -> Any:
    _archivist(guard)
    return retention.decide_item(guard.session, list_id=list_id, item_id=item_id,
                                 decision=body.decision, reason=body.reason, actor=guard.actor)


@router.post("/lists/{list_id}/propose", response_model=DispositionListPublic)
def propose(list_id: Id, guard: GuardDep) -> DispositionList:
    _archivist(guard)
    return retention.propose(guard.session, list_id=list_id, actor=guard.actor)


@router.post("/lists/{list_id}/approve", response_model=DispositionListPublic)
def approve(list_id: Id, guard: GuardDep) -> DispositionList:
    """A second person approves; the one who proposed the list may not."""
    _archivist(guard)
    return retention.approve(guard.session, list_id=list_id, actor=guard.actor)


@router.post("/lists/{list_id}/cancel", response_model=DispositionListPublic)
def cancel(list_id: Id, guard: GuardDep) -> DispositionList:
    _archivist(guard)
    return retention.cancel(guard.session, list_id=list_id, actor=guard.actor)


@router.post("/lists/{list_id}/execute")
def execute(list_id: Id, guard: GuardDep, blobs: BlobStoreDep, context: ContextDep,
            dry_run: bool = Query(default=False),
            confirm: Annotated[str | None, Query(max_length=40)] = None) -> dict[str, Any]:
    """Carry out an approved list (``dry_run``: say what would happen, change nothing).
    ``confirm``, when given, must be the list's reference (the viewer always sends it)."""
    _archivist(guard)
    listing = retention.list_by_id(guard.session, list_id=list_id)
    if not dry_run and confirm is not None and \
            confirm.strip().upper() != retention.list_reference(listing):
        raise InvalidInput(f"type the list's reference {retention.list_reference(listing)} "
                           "to carry it out")
    report = retention.execute(guard.session, blobs, list_id=list_id, actor=guard.actor,
                               dry_run=dry_run)
    if dry_run:
        guard.session.rollback()
    else:
        commit_and_drain(guard.session, context)  # destruction queued its documents
    return report.as_json()


# -- certificates and residual records ---------------------------------------------------------

@router.get("/certificates", response_model=list[DestructionCertificatePublic])
def certificates(guard: GuardDep) -> list[DestructionCertificate]:
    session = _archivist(guard).session
    return list(session.exec(select(DestructionCertificate)
                             .order_by(col(DestructionCertificate.id).desc())))


@router.get("/certificates/{certificate_id}/records",
            response_model=list[DestructionRecordPublic])
def records(certificate_id: Id, guard: GuardDep) -> list[DestructionRecord]:
    session = _archivist(guard).session
    return list(session.exec(select(DestructionRecord).where(
        DestructionRecord.certificate_id == certificate_id).order_by(col(DestructionRecord.id))))


@router.get("/certificates/{certificate_id}.pdf", response_class=Response)
def certificate_pdf(certificate_id: Id, guard: GuardDep, blobs: BlobStoreDep) -> Response:
    certificate = _archivist(guard).session.get(DestructionCertificate, certificate_id)
    if certificate is None or not certificate.key:
        raise NotFound(f"no destruction certificate {certificate_id}")
    return Response(blobs.get(certificate.key), media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="destruction-{certificate_id}.pdf"',
        "X-Content-SHA256": certificate.sha256})


# -- fixity ------------------------------------------------------------------------------------

class FixityRequest(SQLModel):
    share: float = Field(default=1.0, gt=0, le=1)


@router.post("/fixity", response_model=FixityRunPublic, status_code=status.HTTP_201_CREATED)
def run_fixity(body: FixityRequest, guard: GuardDep, blobs: BlobStoreDep) -> FixityRun:
    _archivist(guard)
    return retention.run_fixity(guard.session, blobs, share=body.share, actor=guard.actor)


@router.get("/fixity", response_model=list[FixityRunPublic])
def fixity_reports(guard: GuardDep) -> list[FixityRun]:
    return retention.runs(_archivist(guard).session)

"""Batches: upload several files in one request, then follow their progress."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Path, Query, UploadFile, status
from sqlmodel import SQLModel, col, select

from api._guard import GuardDep
from api.deps import ContextDep
from core import NotFound
from core.access import Action
from core.catalog import Batch, Document
from core.catalog.batch_list import list_batches
from core.messages import accepted_language
from ingest import IncomingFile, batch_report, element_dossier_number, receive_batch

router = APIRouter(prefix="/batches", tags=["batches"])


class BatchSummary(SQLModel):
    id: int
    status: str
    source: str
    created_by: str
    files: int
    pages: int
    documents: int
    waiting: int  # documents waiting for review
    quarantined: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class BatchList(SQLModel):
    everyone: bool  # every batch (else only the reader's own)
    batches: list[BatchSummary]


@router.get("", response_model=BatchList)
def list_batch_summaries(guard: GuardDep, everyone: bool = False,
                         offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                         limit: Annotated[int, Query(ge=1, le=200)] = 50) -> BatchList:
    """The reader's batches, newest first; ``everyone``: all batches, for those who follow
    every batch (clerks, supervisors, administrators)."""
    everyone = everyone and guard.allows(Action.batch_read)
    lines = list_batches(guard.session, offset=offset, limit=limit,
                         created_by=None if everyone else guard.principal.username)
    return BatchList(everyone=everyone, batches=[BatchSummary(
        id=int(x.batch.id or 0), status=str(x.batch.status), source=x.batch.source,
        created_by=x.batch.created_by, files=x.files, pages=x.pages, documents=x.documents,
        waiting=x.waiting, quarantined=x.quarantined, created_at=x.batch.created_at,
        started_at=x.started_at, finished_at=x.batch.finished_at) for x in lines])


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def create_batch(context: ContextDep, guard: GuardDep,
                 files: Annotated[list[UploadFile], File()],
                 dossier: Annotated[str | None, Form(max_length=64)] = None,
                 element: Annotated[str | None, Form(max_length=64)] = None,
                 doc_type: Annotated[str | None, Form(max_length=40)] = None,
                 language: Annotated[str | None, Form(max_length=8)] = None) -> dict[str, Any]:
    """Store every file (with its SHA-256) and queue it for processing. Answers 202 at once.
    The dossier named must be one the person may see. Dossier, element and type are the
    clerk's for every document of the batch: Liasse never overrides them. ``language`` (fr,
    de, it, nl, en): the pages are read in it first (the reading still checks it)."""
    guard.require(Action.batch_create)
    target = guard.dossier(dossier) if dossier else None
    if element and target is None:
        target = guard.dossier(element_dossier_number(guard.session, reference=element))
    incoming = [IncomingFile(filename=f.filename or "upload", stream=f.file) for f in files]
    session = guard.session
    batch, items = receive_batch(session, context.blobs, incoming, source="api",
                                 created_by=guard.principal.username,
                                 dossier_number=dossier or None, element_reference=element or None,
                                 doc_type=doc_type or None, language=language,
                                 max_bytes=context.max_upload_bytes)
    item_ids = [i.id for i in items if i.id is not None]
    guard.record(action="batch.create", entity_type="batch", entity_id=batch.id, dossier=target,
                 after={"files": [i.filename for i in items], "dossier": dossier,
                        "element": element, "doc_type": doc_type, "language": batch.language})
    session.commit()  # the workers must see the batch before they get its items
    context.submit_items(item_ids)
    return {"batch": batch.id, "status": "pending", "files": len(item_ids),
            "href": f"/api/v1/batches/{batch.id}"}


@router.get("/{batch_id}")
def get_batch(batch_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
              guard: GuardDep,
              accept_language: Annotated[str, Header(max_length=200)] = "") -> dict[str, Any]:
    """Progress (files and pages done, time left) and each file's outcome. Everyone may follow
    their own batches; clerks, supervisors and administrators follow all of them. Documents the
    person may not read are left out and counted in ``not_visible``. A quarantine reason is
    in the language of ``Accept-Language`` (English by default), its ``reason_code`` and
    ``reason_params`` beside it."""
    batch = guard.session.get(Batch, batch_id)
    if batch is None or not (batch.created_by == guard.principal.username
                             or guard.allows(Action.batch_read)):
        raise NotFound(f"no batch {batch_id}")
    report = batch_report(guard.session, batch_id=batch_id)
    return report.seen_by(_readable(guard, report.document_ids)).as_json(
        accepted_language(accept_language, default="en"))


def _readable(guard: GuardDep, ids: set[int]) -> set[int]:
    """The documents among ``ids`` the person may read (``core.access.can``)."""
    if not ids:
        return set()
    documents = guard.session.exec(select(Document).where(col(Document.id).in_(ids))).all()
    return {d.id for d in documents if d.id is not None and guard.may_read(d)}

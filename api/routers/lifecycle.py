"""A dossier's lifecycle (close, archive, reactivate: each with a reason), its history, its
documents' retention dates, and its archival package (a BagIt bag as .tar.gz). Archivists
(``retention.manage``) act on any dossier: their work spans services."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from sqlmodel import Field, SQLModel, col, select
from starlette.background import BackgroundTask

from api._changes import commit_and_drain
from api._guard import Guard, GuardDep
from api.deps import BlobStoreDep, ContextDep
from core.access import Action
from core.catalog import (
    Document,
    DocumentRetention,
    Dossier,
    DossierPublic,
    LegalHoldPublic,
    LifecycleEvent,
    LifecycleRequest,
    Role,
    holds_over_dossier,
    queries,
)
from retention import (
    archive_dossier,
    close_dossier,
    export_bag,
    lifecycle,
    reactivate_dossier,
)

router = APIRouter(prefix="/dossiers", tags=["lifecycle"])


def _dossier(guard: Guard, number: str) -> Dossier:
    guard.require(Action.retention_manage)
    return queries.dossier_by_number(guard.session, number=number)


def _done(guard: Guard, context: ContextDep, dossier: Dossier) -> Dossier:
    """The lifecycle step queued its documents for the index; commit and drain."""
    commit_and_drain(guard.session, context)
    return dossier


def _closing(guard: Guard, number: str) -> Dossier:
    """Archivists close any dossier; a caseworker (that role only) one they may change (their
    service's, or assigned to them), unless a hold stands over it."""
    if guard.allows(Action.retention_manage) or Role.caseworker not in guard.principal.roles:
        return _dossier(guard, number)  # 403 for anyone else (retention is archivists' work)
    return guard.dossier(number, Action.dossier_write)


@router.post("/{number}/close", response_model=DossierPublic)
def close(number: str, body: LifecycleRequest, guard: GuardDep, context: ContextDep) -> Dossier:
    """open -> closed; the closure date starts closure-triggered retention periods."""
    dossier = _closing(guard, number)
    close_dossier(guard.session, dossier=dossier, actor=guard.actor, reason=body.reason,
                  on=body.on)
    return _done(guard, context, dossier)


@router.post("/{number}/archive")
def archive(number: str, body: LifecycleRequest, guard: GuardDep, blobs: BlobStoreDep,
            context: ContextDep) -> dict[str, Any]:
    """closed -> archived: frozen, originals copied to the archive with PDF/A renditions and
    locked until their disposition date where the store supports object lock."""
    dossier = _dossier(guard, number)
    _, report = archive_dossier(guard.session, blobs, dossier=dossier, actor=guard.actor,
                                reason=body.reason, on=body.on)
    _done(guard, context, dossier)
    return {"dossier": DossierPublic.model_validate(dossier).model_dump(mode="json"),
            "copied": report.copied, "renditions": report.renditions,
            "locked": report.locked, "problems": report.problems}


@router.post("/{number}/reactivate", response_model=DossierPublic)
def reactivate(number: str, body: LifecycleRequest, guard: GuardDep,
               context: ContextDep) -> Dossier:
    """closed or archived -> open, with its whole history; disposition suspended."""
    dossier = _dossier(guard, number)
    reactivate_dossier(guard.session, dossier=dossier, actor=guard.actor, reason=body.reason,
                       on=body.on)
    return _done(guard, context, dossier)


@router.get("/{number}/lifecycle", response_model=list[LifecycleEvent])
def history(number: str, guard: GuardDep) -> list[LifecycleEvent]:
    dossier = _dossier(guard, number)
    assert dossier.id is not None
    return lifecycle(guard.session, dossier_id=dossier.id)


class LifecyclePanel(SQLModel):
    dossier: DossierPublic
    events: list[LifecycleEvent]
    holds: list[LegalHoldPublic] = Field(description="Standing holds over the dossier itself "
                                                     "or a person it concerns")


@router.get("/{number}/lifecycle/state", response_model=LifecyclePanel)
def state(number: str, guard: GuardDep) -> LifecyclePanel:
    """The dossier's state, its lifecycle history and the holds over it (archivists, whatever
    the state: its metadata, never its documents)."""
    dossier = _dossier(guard, number)
    assert dossier.id is not None
    return LifecyclePanel(dossier=DossierPublic.model_validate(dossier),
                          events=lifecycle(guard.session, dossier_id=dossier.id),
                          holds=[LegalHoldPublic.model_validate(h) for h in
                                 holds_over_dossier(guard.session, dossier=dossier)])


@router.get("/{number}/retention")
def retention_dates(number: str, guard: GuardDep) -> list[dict[str, Any]]:
    """Each document's governing schedule, disposition date and the reason."""
    dossier = _dossier(guard, number)
    rows = guard.session.exec(
        select(Document, DocumentRetention).join(
            DocumentRetention, col(DocumentRetention.document_id) == col(Document.id),
            isouter=True).where(Document.dossier_id == dossier.id).order_by(col(Document.id)))
    return [{"document_id": d.id, "title": d.title, "doc_type": d.doc_type,
             "action": r.action if r else None, "disposition_on": r.disposition_on if r
             else None, "reason": r.reason if r else "not computed yet"} for d, r in rows]


@router.get("/{number}/bag", response_class=FileResponse)
def bag(number: str, guard: GuardDep, blobs: BlobStoreDep) -> FileResponse:
    """The archived dossier as a BagIt bag (RFC 8493) in a .tar.gz: originals, PDF/A
    renditions, page texts, METS structural map, PREMIS events, metadata."""
    dossier = _dossier(guard, number)
    folder = Path(tempfile.mkdtemp(prefix="liasse-bag-"))
    try:
        name = f"dossier-{dossier.number}"
        export_bag(guard.session, blobs, number=dossier.number, target=folder / name,
                   actor=guard.actor)
        guard.session.commit()  # the export is journaled before a byte leaves
        archive = folder / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder / name, arcname=name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(archive, media_type="application/gzip", filename=archive.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))

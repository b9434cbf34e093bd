"""The dossier lifecycle: open -> closed -> archived -> (reactivated ->) open.

Closing starts the clock of closure-triggered schedules; archiving freezes the dossier (the
guard then refuses changes to it and its documents), copies its originals to the archive
namespace with PDF/A renditions, and locks them where the store has object lock; reactivation
returns it to active work with its whole history and suspends its disposition until it is
closed again. Every step records who, when and why. No commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from core import Conflict
from core.catalog import (
    Actor,
    Document,
    Dossier,
    DossierStatus,
    LifecycleEvent,
    append_event,
    queue_for_index,
)
from retention._archive import ArchiveReport, archive_documents
from retention._dates import recompute
from storage import BlobStore

_VERB = {"closed": "close", "archived": "archive", "reactivated": "reactivate"}


def _state(dossier: Dossier) -> dict[str, Any]:
    return {"status": str(dossier.status), "closed_on": dossier.closed_on,
            "archived_on": dossier.archived_on}


def _step(session: Session, dossier: Dossier, *, action: str, on: date, actor: Actor,
          reason: str, before: dict[str, Any]) -> LifecycleEvent:
    assert dossier.id is not None
    session.add(dossier)
    event = LifecycleEvent(dossier_id=dossier.id, action=action, on=on, by=actor.username,
                           reason=reason[:500])
    session.add(event)
    session.flush()
    append_event(session, actor=actor, action=f"dossier.{_VERB[action]}",
                 entity_type="dossier", entity_id=dossier.number, dossier_id=dossier.id,
                 person_id=dossier.person_id, before=before, after=_state(dossier),
                 reason=reason)
    recompute(session, dossier_id=dossier.id)
    ids = session.exec(select(Document.id).where(Document.dossier_id == dossier.id)).all()
    queue_for_index(session, document_ids=[i for i in ids if i is not None],
                    reason=f"dossier {action}")
    return event


def close_dossier(session: Session, *, dossier: Dossier, actor: Actor, reason: str,
                  on: date | None = None) -> LifecycleEvent:
    """open -> closed: the closure date starts the clock of closure-triggered schedules."""
    if dossier.status != DossierStatus.open:
        raise Conflict(f"dossier {dossier.number} is {dossier.status}, not open")
    before = _state(dossier)
    dossier.status, dossier.closed_on = DossierStatus.closed, on or date.today()
    return _step(session, dossier, action="closed", on=dossier.closed_on, actor=actor,
                 reason=reason, before=before)


def archive_dossier(session: Session, blobs: BlobStore, *, dossier: Dossier, actor: Actor,
                    reason: str, on: date | None = None, renditions: bool = True,
                    ) -> tuple[LifecycleEvent, ArchiveReport]:
    """closed -> archived: frozen, originals copied to ``archive/`` with PDF/A renditions,
    locked until their disposition date where the store supports object lock."""
    if dossier.status != DossierStatus.closed:
        raise Conflict(f"dossier {dossier.number} is {dossier.status}: close it first")
    assert dossier.id is not None
    recompute(session, dossier_id=dossier.id)
    documents = list(session.exec(select(Document).where(Document.dossier_id == dossier.id)
                                  .order_by(col(Document.id))))
    report = archive_documents(session, blobs, documents, renditions=renditions)
    before = _state(dossier)
    dossier.status, dossier.archived_on = DossierStatus.archived, on or date.today()
    event = _step(session, dossier, action="archived", on=dossier.archived_on, actor=actor,
                  reason=reason, before=before)
    return event, report


def reactivate_dossier(session: Session, *, dossier: Dossier, actor: Actor, reason: str,
                       on: date | None = None) -> LifecycleEvent:
    """closed or archived -> open: back to active work with its whole history (documents,
    journal, lifecycle, archived copies); its disposition is suspended until it is closed
    again, when the clock restarts from the new closure."""
    if dossier.status == DossierStatus.open:
        raise Conflict(f"dossier {dossier.number} is already open")
    before = _state(dossier)
    dossier.status, dossier.closed_on, dossier.archived_on = DossierStatus.open, None, None
    return _step(session, dossier, action="reactivated", on=on or date.today(), actor=actor,
                 reason=reason, before=before)


def lifecycle(session: Session, *, dossier_id: int) -> list[LifecycleEvent]:
    return list(session.exec(select(LifecycleEvent).where(
        LifecycleEvent.dossier_id == dossier_id).order_by(col(LifecycleEvent.id))))

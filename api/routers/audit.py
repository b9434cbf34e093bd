"""The audit journal: search it by dossier, person or user, or export it as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api._guard import GuardDep
from core.access import Action
from core.catalog import AuditEvent, AuditEventPublic, find_events, queries

router = APIRouter(prefix="/audit", tags=["audit"])
CSV_COLUMNS = ("seq", "at", "username", "user_id", "action", "entity_type", "entity_id",
               "dossier_id", "person_id", "before", "after", "reason", "flagged", "prev_hash",
               "hash")


def _events(guard: GuardDep, dossier: str | None, person: int | None, user: str | None,
            action: str | None, offset: int, limit: int | None) -> Sequence[AuditEvent]:
    guard.require(Action.audit_read)
    dossier_id = queries.dossier_by_number(guard.session, number=dossier).id if dossier else None
    events = find_events(guard.session, dossier_id=dossier_id, person_id=person, username=user,
                         action=action, offset=offset, limit=limit)
    guard.record(action="audit.read", entity_type="audit", after={
        "dossier": dossier, "person": person, "user": user, "action": action})
    return events


@router.get("", response_model=list[AuditEventPublic])
def search_journal(guard: GuardDep, dossier: str | None = None,
                   person: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   user: str | None = None, action: str | None = None,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Sequence[AuditEvent]:
    """Newest first. Supervisors and administrators only; the search itself is journaled."""
    return _events(guard, dossier, person, user, action, offset, limit)


@router.get("/export.csv", response_class=StreamingResponse)
def export_journal(guard: GuardDep, dossier: str | None = None,
                   person: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   user: str | None = None) -> StreamingResponse:
    events = _events(guard, dossier, person, user, None, 0, None)
    return StreamingResponse(journal_csv(events), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition":
                                      'attachment; filename="liasse-journal.csv"'})


def journal_csv(events: Sequence[AuditEvent]) -> Iterator[str]:
    """The journal as CSV rows, oldest first (before/after as JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in sorted(events, key=lambda e: e.seq):
        row = event.model_dump(mode="json")
        writer.writerow([json.dumps(row[c], ensure_ascii=False) if c in ("before", "after")
                         else row[c] for c in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

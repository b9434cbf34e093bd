"""The audit journal: search it by dossier, person or user, or export it as CSV.

The journal quotes what was read and changed (titles, types, file names, reasons). An entry
about a document, or in a dossier, whose documents the reader may not read is shown redacted:
who did what, when, on which ids, but every value in ``before``/``after`` and the reason
replaced by ``REDACTED`` (and ``redacted`` true). Its hash is the stored one, so a redacted
export does not verify: ``liasse audit verify`` checks the chain on the server.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api._guard import GuardDep
from core.access import Action, DocumentScope, document_scope, dossier_scope
from core.catalog import AuditEventBase, AuditEventPublic, Document, Dossier, find_events, queries

router = APIRouter(prefix="/audit", tags=["audit"])
CSV_COLUMNS = ("seq", "at", "username", "user_id", "action", "entity_type", "entity_id",
               "dossier_id", "person_id", "before", "after", "reason", "flagged", "prev_hash",
               "hash", "redacted")
REDACTED = "[redacted]"


def _events(guard: GuardDep, dossier: str | None, person: int | None, user: str | None,
            action: str | None, offset: int, limit: int | None) -> list[AuditEventPublic]:
    guard.require(Action.audit_read)
    dossier_id = queries.dossier_by_number(guard.session, number=dossier).id if dossier else None
    events = find_events(guard.session, dossier_id=dossier_id, person_id=person, username=user,
                         action=action, offset=offset, limit=limit)
    guard.record(action="audit.read", entity_type="audit", after={
        "dossier": dossier, "person": person, "user": user, "action": action})
    return _Redactor(guard).public(events)


class _Redactor:
    """Decides, once per dossier and per document, whether the reader may read its content."""

    def __init__(self, guard: GuardDep) -> None:
        self.guard = guard
        self.dossiers: dict[int, bool] = {}
        self.documents: dict[int, bool] = {}

    def public(self, events: Sequence[AuditEventBase]) -> list[AuditEventPublic]:
        return [self.redacted(e) if self.hidden(e) else AuditEventPublic.model_validate(
            e, from_attributes=True) for e in events]

    def hidden(self, event: AuditEventBase) -> bool:
        if event.entity_type == "document" and not self.document(event.entity_id):
            return True
        return event.dossier_id is not None and not self.dossier(event.dossier_id)

    def dossier(self, dossier_id: int) -> bool:
        if dossier_id not in self.dossiers:
            row = self.guard.session.get(Dossier, dossier_id)
            scope = dossier_scope(self.guard.session, dossier=row) if row else None
            self.dossiers[dossier_id] = scope is not None and self.guard.allows(
                Action.document_read, DocumentScope(dossier=scope))
        return self.dossiers[dossier_id]

    def document(self, entity_id: str) -> bool:
        """A document that no longer exists (destroyed) is not readable."""
        if not entity_id.isdigit() or int(entity_id) > 2**31 - 1:
            return False
        key = int(entity_id)
        if key not in self.documents:
            row = self.guard.session.get(Document, key)
            self.documents[key] = row is not None and self.guard.allows(
                Action.document_read, document_scope(self.guard.session, document=row))
        return self.documents[key]

    @staticmethod
    def redacted(event: AuditEventBase) -> AuditEventPublic:
        def blank(values: dict[str, Any] | None) -> dict[str, Any] | None:
            return None if values is None else dict.fromkeys(values, REDACTED)

        shown = AuditEventPublic.model_validate(event, from_attributes=True)
        return shown.model_copy(update={
            "before": blank(event.before), "after": blank(event.after),
            "reason": REDACTED if event.reason else "", "redacted": True})


@router.get("", response_model=list[AuditEventPublic])
def search_journal(guard: GuardDep, dossier: str | None = None,
                   person: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   user: str | None = None, action: str | None = None,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[AuditEventPublic]:
    """Newest first. Supervisors and administrators only; the search itself is journaled.
    Entries about what the reader may not read are redacted (module doc)."""
    return _events(guard, dossier, person, user, action, offset, limit)


@router.get("/export.csv", response_class=StreamingResponse)
def export_journal(guard: GuardDep, dossier: str | None = None,
                   person: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   user: str | None = None) -> StreamingResponse:
    events = _events(guard, dossier, person, user, None, 0, None)
    return StreamingResponse(journal_csv(events), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition":
                                      'attachment; filename="liasse-journal.csv"'})


def journal_csv(events: Sequence[AuditEventBase]) -> Iterator[str]:
    """The journal as CSV rows, oldest first (before/after as JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in sorted(events, key=lambda e: e.seq):
        row = event.model_dump(mode="json")
        writer.writerow([json.dumps(row[c], ensure_ascii=False) if c in ("before", "after")
                         else row.get(c, False) for c in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

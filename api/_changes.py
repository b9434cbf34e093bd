"""Helpers for routes that change the catalog: snapshots for the journal, and the way a change
reaches the search index (access tokens live there too): through the index outbox, queued in
the request's transaction and drained once it is committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from api.deps import ApiContext
from core.catalog import Document, queue_for_index
from ingest import drain_after_commit


def snapshot(row: SQLModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """A row as JSON-ready data for the journal's before/after."""
    return row.model_dump(mode="json", exclude=exclude or set(), warnings=False)


def dossier_document_ids(session: Session, *, dossier_id: int) -> list[int]:
    ids = session.exec(select(Document.id).where(Document.dossier_id == dossier_id)
                       .order_by(col(Document.id))).all()
    return [i for i in ids if i is not None]


def commit_and_drain(session: Session, context: ApiContext, *,
                     queue: Iterable[int] = (), reason: str = "") -> None:
    """Queue ``queue``'s documents for the index in the request's transaction (with what the
    domain functions already queued), commit, then drain the outbox. An index that is down
    leaves the rows queued for the scheduler's periodic drain; the change stands either way,
    and search results are re-checked against the catalog meanwhile."""
    queue_for_index(session, document_ids=queue, reason=reason)
    session.commit()
    drain_after_commit(context.sessions, context.index)

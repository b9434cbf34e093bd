"""Drain the index outbox: write to the index what the catalog has committed."""

from __future__ import annotations

import logging

from sqlmodel import col, delete

from core import LiasseError, SessionFactory
from core.catalog.work import IndexOutbox, pending_index_work
from index import SearchIndex
from ingest._indexing import index_documents

log = logging.getLogger(__name__)
DRAIN_BATCH = 200


def drain_index_outbox(sessions: SessionFactory, index: SearchIndex, *,
                       limit: int = DRAIN_BATCH) -> int:
    """Index the documents queued in the outbox, oldest first, and remove their rows.

    Returns how many documents were written. On an index failure the rows stay (with the
    attempt counted and the error kept) and the error is raised, so a task can retry later."""
    with sessions.transaction() as session:
        rows = pending_index_work(session, limit=limit)
        if not rows:
            return 0
        ids = sorted({row.document_id for row in rows})
        try:
            index_documents(session, index, ids)
        except LiasseError as exc:
            for row in rows:
                row.attempts += 1
                row.last_error = str(exc)[:500]
            session.commit()
            log.warning("index outbox: %s document(s) not indexed yet: %s", len(ids), exc)
            raise
        session.exec(delete(IndexOutbox).where(
            col(IndexOutbox.id).in_([row.id for row in rows])))
        return len(ids)


def drain_all(sessions: SessionFactory, index: SearchIndex) -> int:
    """Drain until the outbox is empty (or an error stops it)."""
    total = 0
    while written := drain_index_outbox(sessions, index):
        total += written
    return total

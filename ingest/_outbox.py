"""Drain the index outbox: write to the index what the catalog has committed.

The one way to the index: whatever changes what a search may return (text, type, links,
access, lifecycle, destruction) queues its documents with ``core.catalog.queue_for_index`` in
the transaction that makes the change; after the commit the caller drains with
``drain_after_commit``, and the scheduler's periodic ``drain_all`` retries what an index
failure left queued. A document no longer in the catalog is removed from the index."""

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


def drain_after_commit(sessions: SessionFactory, index: SearchIndex) -> int:
    """Drain what the caller (and anyone before it) committed to the outbox; returns how many
    documents were written. The change is committed either way: an index failure is logged,
    not raised, and the rows stay queued (their attempt counted) for the scheduler's next
    periodic drain. Never called inside an open transaction that queued rows: those rows are
    not visible to the drain until committed."""
    try:
        return drain_all(sessions, index)
    except LiasseError as exc:
        log.warning("index outbox: left queued for the scheduler's next drain: %s", exc)
        return 0

"""Drain the index outbox: write to the index what the catalog has committed.

The one way to the index: whatever changes what a search may return (text, type, links,
access, lifecycle, destruction) queues its documents with ``core.catalog.queue_for_index`` in
the transaction that makes the change; after the commit the caller drains with
``drain_after_commit``, and the scheduler's periodic ``drain_all`` retries what a transient
index failure left queued. A write the backend refuses as wrong is marked refused, not retried,
and shown in the batch report. A document no longer in the catalog is removed from the index."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, delete

from core import BackendRefused, LiasseError, SessionFactory
from core.catalog import utcnow
from core.catalog.work import IndexOutbox, pending_index_work
from index import SearchIndex
from ingest._indexing import index_documents

log = logging.getLogger(__name__)
DRAIN_BATCH = 200


def drain_index_outbox(sessions: SessionFactory, index: SearchIndex, *,
                       limit: int = DRAIN_BATCH) -> int:
    """Index the documents queued in the outbox, oldest first, and remove their rows.

    Returns how many documents were written. On a transient index failure the rows stay (with
    the attempt counted and the error kept) and the error is raised, so a task can retry later.
    A write the backend refuses as wrong (``BackendRefused``) is isolated document by document:
    the refused ones are marked ``refused_at`` with the reason (not retried; the batch report
    shows them), the others are written."""
    with sessions.transaction() as session:
        rows = pending_index_work(session, limit=limit)
        if not rows:
            return 0
        ids = sorted({row.document_id for row in rows})
        try:
            index_documents(session, index, ids)
        except BackendRefused:
            return _one_by_one(session, index, rows)
        except LiasseError as exc:
            _keep_for_retry(session, rows, exc)
            raise
        _remove(session, rows)
        return len(ids)


def _one_by_one(session: Session, index: SearchIndex, rows: list[IndexOutbox]) -> int:
    """Write each queued document alone, so one refused document does not hold back others."""
    written = 0
    for document_id in sorted({row.document_id for row in rows}):
        mine = [row for row in rows if row.document_id == document_id]
        try:
            index_documents(session, index, [document_id])
        except BackendRefused as exc:
            log.error("index outbox: document %s refused, not retried: %s", document_id, exc)
            for row in mine:
                row.refused_at, row.last_error = utcnow(), str(exc)[:500]
                row.attempts += 1
            continue
        except LiasseError as exc:
            _keep_for_retry(session, [r for r in rows if r.refused_at is None], exc)
            raise
        _remove(session, mine)
        rows = [r for r in rows if r not in mine]
        written += 1
    return written


def _keep_for_retry(session: Session, rows: list[IndexOutbox], exc: LiasseError) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = str(exc)[:500]
    session.commit()
    log.warning("index outbox: %s row(s) not indexed yet: %s", len(rows), exc)


def _remove(session: Session, rows: list[IndexOutbox]) -> None:
    session.exec(delete(IndexOutbox).where(col(IndexOutbox.id).in_([row.id for row in rows])))


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

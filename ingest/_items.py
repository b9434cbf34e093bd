"""Batch-item bookkeeping shared by the pipeline's stages: status, progress, outcomes."""

from __future__ import annotations

import logging

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from core import LiasseError, SessionFactory
from core.catalog import Batch, BatchItem, BatchStatus, Document, Dossier, ItemStatus, utcnow
from core.messages import error_message

log = logging.getLogger(__name__)


def load_item(session: Session, item_id: int) -> BatchItem:
    item = session.get(BatchItem, item_id)
    if item is None:
        raise LiasseError(f"batch item {item_id} does not exist")
    return item


def read_item(sessions: SessionFactory, item_id: int) -> BatchItem:
    with sessions() as session:
        return load_item(session, item_id)


def reading_language(sessions: SessionFactory, batch_id: int) -> str | None:
    """The language to read a batch's pages in first: the clerk's for the batch, else the one
    most of its dossier's documents are in (their pages as read), else ``None``."""
    with sessions() as session:
        batch = session.get(Batch, batch_id)
        if batch is None or batch.language:
            return batch.language if batch is not None else None
        if not batch.dossier_number:
            return None
        row = session.exec(
            select(Document.language, func.count())
            .join(Dossier, col(Document.dossier_id) == col(Dossier.id))
            .where(Dossier.number == batch.dossier_number, col(Document.language).is_not(None))
            .group_by(col(Document.language)).order_by(func.count().desc()).limit(1)).first()
        return row[0] if row else None


def update_item(sessions: SessionFactory, item_id: int, **values: object) -> None:
    with sessions.transaction() as session:
        item = load_item(session, item_id)
        for name, value in values.items():
            setattr(item, name, value)


def start_item(sessions: SessionFactory, item_id: int) -> BatchItem:
    """Mark the item (and its batch) as being processed, unless it is finished already."""
    with sessions.transaction() as session:
        item = load_item(session, item_id)
        if not item.is_finished:
            item.status = ItemStatus.processing
            item.started_at = item.started_at or utcnow()
            batch = session.get(Batch, item.batch_id)
            if batch is not None and batch.status == BatchStatus.pending:
                batch.status = BatchStatus.running
        return item


def count_page_done(sessions: SessionFactory, item_id: int) -> None:
    """One more page read (an atomic increment: ranges of one item run on several workers)."""
    with sessions.transaction() as session:
        session.execute(update(BatchItem).where(col(BatchItem.id) == item_id)
                        .values(pages_done=BatchItem.pages_done + 1))


def existing_document(sessions: SessionFactory, sha256: str) -> Document | None:
    with sessions() as session:
        query = select(Document).where(Document.original_sha256 == sha256)
        return session.exec(query.order_by(col(Document.part))).first()


def finish_item(sessions: SessionFactory, item_id: int, status: ItemStatus,
                **values: object) -> None:
    """Record the item's outcome; the batch is done when its last item is."""
    update_item(sessions, item_id, status=status, finished_at=utcnow(), **values)
    finish_batch_if_complete(sessions, read_item(sessions, item_id).batch_id)


def mark_duplicate_or_done(sessions: SessionFactory, item: BatchItem,
                           existing: Document) -> None:
    """A retry of this very item finds its own document: done. Another item's: duplicate."""
    assert item.id is not None
    if existing.batch_item_id == item.id:
        finish_item(sessions, item.id, ItemStatus.done)
    else:
        finish_item(sessions, item.id, ItemStatus.duplicate, duplicate_of=existing.id)


def quarantine(sessions: SessionFactory, item_id: int, exc: Exception) -> None:
    """The item is quarantined; its reason is stored as a message code with parameters."""
    detail = str(exc) if isinstance(exc, LiasseError) else type(exc).__name__
    log.info("batch item %s quarantined: %s", item_id, detail)
    finish_item(sessions, item_id, ItemStatus.quarantined,
                reason=error_message(exc).encoded()[:500])


def finish_batch_if_complete(sessions: SessionFactory, batch_id: int) -> None:
    with sessions.transaction() as session:
        batch = session.get(Batch, batch_id)
        items = session.exec(select(BatchItem).where(BatchItem.batch_id == batch_id)).all()
        if batch is not None and all(i.is_finished for i in items):
            batch.status, batch.finished_at = BatchStatus.done, batch.finished_at or utcnow()

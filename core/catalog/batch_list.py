"""The list of batches, newest first, each with its counters (files, pages, documents, waiting
for review, quarantined) counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from core.catalog.batches import Batch, BatchItem, ItemStatus
from core.catalog.documents import Document, DocumentStatus


@dataclass(frozen=True, slots=True)
class BatchLine:
    batch: Batch
    files: int
    pages: int
    documents: int
    waiting: int
    quarantined: int
    started_at: datetime | None


def list_batches(session: Session, *, created_by: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[BatchLine]:
    """Batches newest first (only ``created_by``'s when given)."""
    query = select(Batch).order_by(col(Batch.id).desc()).offset(offset).limit(limit)
    if created_by is not None:
        query = query.where(Batch.created_by == created_by)
    batches = list(session.exec(query).all())
    ids = [b.id for b in batches]
    if not ids:
        return []
    files: dict[Any, Any] = {row[0]: row[1:] for row in session.execute(sql_select(
        col(BatchItem.batch_id), func.count(), func.coalesce(func.sum(BatchItem.pages_total), 0),
        func.sum(case((col(BatchItem.status) == ItemStatus.quarantined, 1), else_=0)),
        func.min(BatchItem.started_at)).where(col(BatchItem.batch_id).in_(ids))
        .group_by(col(BatchItem.batch_id))).all()}
    docs: dict[Any, Any] = {row[0]: row[1:] for row in session.execute(sql_select(
        col(BatchItem.batch_id), func.count(),
        func.sum(case((col(Document.status) == DocumentStatus.review, 1), else_=0)))
        .join(Document, col(Document.batch_item_id) == col(BatchItem.id))
        .where(col(BatchItem.batch_id).in_(ids)).group_by(col(BatchItem.batch_id))).all()}
    lines = []
    for b in batches:
        n_files, pages, quarantined, started = files.get(b.id, (0, 0, 0, None))
        n_docs, waiting = docs.get(b.id, (0, 0))
        lines.append(BatchLine(b, int(n_files), int(pages), int(n_docs), int(waiting or 0),
                               int(quarantined or 0), started))
    return lines

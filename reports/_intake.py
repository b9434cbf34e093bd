"""The clerks' intake work: batches, files, pages and documents per day and per clerk with
pages per minute, quarantined files by reason, and the review queue (its size, its oldest
waiting document, the share of documents filed without review)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from core.catalog import LIASSE, Batch, BatchItem, Document, DocumentStatus, Dossier, ItemStatus
from reports._context import ReportContext, as_date, aware
from reports._model import Column, Kind

Table = tuple[list[Column], list[list[Any]], int]


def intake_report(context: ReportContext) -> Table:
    day = context.period("day", col(Batch.created_at))
    quarantined = func.sum(case((col(BatchItem.status) == ItemStatus.quarantined, 1), else_=0))
    query = (select(day, col(Batch.created_by), func.count(func.distinct(col(Batch.id))),
                    func.count(col(BatchItem.id)), func.sum(col(BatchItem.pages_done)),
                    quarantined, func.min(col(BatchItem.started_at)),
                    func.max(col(BatchItem.finished_at)))
             .join(BatchItem, col(BatchItem.batch_id) == col(Batch.id))
             .where(*context.within(col(Batch.created_at)))
             .group_by(day, col(Batch.created_by)).order_by(day, col(Batch.created_by)))
    documents = _documents_per_day(context)
    rows = []
    for d, clerk, batches, files, pages, held, first, last in context.session.execute(query):
        minutes = _minutes(aware(first), aware(last))
        rate = round(int(pages or 0) / minutes, 1) if minutes else None
        rows.append([as_date(d), clerk, int(batches), int(files), int(pages or 0),
                     documents.get((d, clerk), 0), int(held or 0), rate])
    return [Column(name="day", kind=Kind.date), Column(name="clerk", kind=Kind.text),
            Column(name="batches", kind=Kind.int), Column(name="files", kind=Kind.int),
            Column(name="pages", kind=Kind.int), Column(name="documents", kind=Kind.int),
            Column(name="quarantined", kind=Kind.int),
            Column(name="pages_per_minute", kind=Kind.float)], rows, 0


def _documents_per_day(context: ReportContext) -> dict[tuple[str, str], int]:
    """Documents the batches made, counting only those the reader may read: counted per
    batch item first (one pass over the documents), then summed per day and clerk."""
    day = context.period("day", col(Batch.created_at))
    visible = context.documents
    per_item: Any = (select(col(Document.batch_item_id).label("item"),
                       func.count(col(Document.id)).label("n"))
                .where(col(Document.batch_item_id).is_not(None))
                .group_by(col(Document.batch_item_id)))
    if visible is not None:
        per_item = per_item.outerjoin(
            Dossier, col(Dossier.id) == col(Document.dossier_id)).where(visible)
    counted = per_item.subquery()
    query = (select(day, col(Batch.created_by), func.sum(counted.c.n))
             .select_from(counted)
             .join(BatchItem, col(BatchItem.id) == counted.c.item)
             .join(Batch, col(Batch.id) == col(BatchItem.batch_id))
             .where(*context.within(col(Batch.created_at)))
             .group_by(day, col(Batch.created_by)))
    return {(d, clerk): int(n) for d, clerk, n in context.session.execute(query)}


def _minutes(first: Any, last: Any) -> float | None:
    if first is None or last is None or last <= first:
        return None
    return (last - first).total_seconds() / 60


def quarantine_report(context: ReportContext) -> Table:
    reason = func.coalesce(col(BatchItem.reason), "")
    query = (select(reason, func.count(col(BatchItem.id)), func.max(col(Batch.created_at)))
             .join(Batch, col(Batch.id) == col(BatchItem.batch_id))
             .where(col(BatchItem.status) == ItemStatus.quarantined,
                    *context.within(col(Batch.created_at)))
             .group_by(reason).order_by(func.count(col(BatchItem.id)).desc(), reason))
    rows = [[r, int(n), aware(last)] for r, n, last in context.session.execute(query)]
    return [Column(name="reason", kind=Kind.text), Column(name="files", kind=Kind.int),
            Column(name="latest", kind=Kind.datetime)], rows, 0


def review_report(context: ReportContext) -> Table:
    """One row: what waits (and since when), what was filed in the period, and the share of
    it Liasse filed on its own (no person confirmed or corrected the link)."""
    visible = context.documents
    base = select().select_from(Document).outerjoin(
        Dossier, col(Dossier.id) == col(Document.dossier_id))
    if visible is not None:
        base = base.where(visible)
    waiting = base.add_columns(func.count(col(Document.id)), func.min(col(Document.created_at))
                               ).where(col(Document.status) == DocumentStatus.review,
                                       *context.of_service())
    count, oldest = context.session.execute(waiting).one()
    alone = func.sum(case((col(Document.link_made_by) == LIASSE, 1), else_=0))
    filed_q = base.add_columns(func.count(col(Document.id)), alone).where(
        col(Document.status) == DocumentStatus.active, col(Document.dossier_id).is_not(None),
        *context.within(col(Document.created_at)), *context.of_service())
    filed, without = context.session.execute(filed_q).one()
    oldest = aware(oldest)
    age = (context.today - oldest.date()).days if oldest is not None else None
    share = round(int(without or 0) / filed, 4) if filed else None
    return [Column(name="waiting", kind=Kind.int), Column(name="oldest_waiting",
                                                          kind=Kind.datetime),
            Column(name="oldest_age_days", kind=Kind.int), Column(name="filed", kind=Kind.int),
            Column(name="filed_without_review", kind=Kind.int),
            Column(name="share_without_review", kind=Kind.float)], [
        [int(count), oldest, age, int(filed), int(without or 0), share]], 0

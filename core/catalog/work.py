"""Work-in-progress tables of the pipeline: pages read but not yet stored as a document, and the
outbox of index writes that follow catalog commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from core.catalog._base import created_at_field, timestamp_field


class PageDraft(SQLModel, table=True):
    """One page's text as read by an OCR task, kept until the item is stored as a document.

    Page ranges of a large scan are read by different workers (no shared disk between them);
    each writes its pages here, and the last one to finish triggers the merge in page order.
    ``(item_id, number)`` is unique, so a range read twice leaves one row per page."""

    __tablename__ = "page_draft"
    __table_args__ = (UniqueConstraint("item_id", "number", name="uq_page_draft_item_number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="batch_item.id", index=True)
    number: int
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    words: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    confidence: float | None = None
    source: str = Field(default="none", max_length=16)
    reason: str = Field(default="", max_length=300)
    width_pt: float | None = None
    height_pt: float | None = None
    rotation: int = 0
    blank: bool = False
    codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    language: str | None = Field(default=None, max_length=8)
    steps: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class IndexOutbox(SQLModel, table=True):
    """A document whose index entry must be (re)written. Added in the same transaction as the
    catalog change, removed once the index holds the change: the index is never ahead of the
    catalog, and a lost index write is retried by the next drain."""

    __tablename__ = "index_outbox"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(index=True, description="Not a foreign key: deletions are queued too")
    reason: str = Field(default="", max_length=100)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = created_at_field()
    # The backend refused the write as wrong (a 4xx): not retried, ``last_error`` says why;
    # ``liasse reindex`` clears the row once the cause is fixed.
    refused_at: datetime | None = timestamp_field()


def queue_for_index(session: Session, *, document_ids: Iterable[int], reason: str) -> None:
    """Ask for these documents to be (re)indexed once the caller's transaction commits."""
    for document_id in sorted(set(document_ids)):
        session.add(IndexOutbox(document_id=document_id, reason=reason[:100]))


def pending_index_work(session: Session, *, limit: int) -> list[IndexOutbox]:
    """The oldest outbox rows, locked for this drain where the database can (PostgreSQL skips
    rows another worker is draining; SQLite serialises writers anyway)."""
    query = (select(IndexOutbox).where(col(IndexOutbox.refused_at).is_(None))
             .order_by(col(IndexOutbox.id)).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query).all())

"""Batches (one intake: an upload, a CLI run, a scanner drop) and their items (one file each)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, String
from sqlmodel import Field, SQLModel

from core.catalog._base import created_at_field, timestamp_field


class BatchStatus(StrEnum):
    pending = "pending"
    running = "running"
    done = "done"


class ItemStatus(StrEnum):
    received = "received"
    processing = "processing"
    done = "done"
    duplicate = "duplicate"
    quarantined = "quarantined"

    @property
    def finished(self) -> bool:
        return self in (ItemStatus.done, ItemStatus.duplicate, ItemStatus.quarantined)


class Batch(SQLModel, table=True):
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(default="cli", max_length=16, description="cli, api or watch")
    created_by: str = Field(default="", max_length=100)
    dossier_number: str | None = Field(
        default=None, max_length=64, description="Dossier every document of the batch goes to")
    element_reference: str | None = Field(
        default=None, max_length=64, description="Dossier element every document goes to")
    doc_type: str | None = Field(
        default=None, max_length=40, description="Type the clerk gave every document")
    language: str | None = Field(
        default=None, max_length=8,
        description="Language the clerk said the pages are in (ISO 639-1), read first by the OCR")
    status: BatchStatus = Field(default=BatchStatus.pending, sa_type=String(16))
    created_at: datetime = created_at_field()
    finished_at: datetime | None = timestamp_field()


class BatchItem(SQLModel, table=True):
    __tablename__ = "batch_item"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    filename: str = Field(max_length=300)
    size: int = Field(sa_type=BigInteger)
    sha256: str = Field(max_length=64, index=True)
    original_key: str = Field(max_length=300)
    mime_type: str | None = Field(default=None, max_length=100)
    status: ItemStatus = Field(default=ItemStatus.received, sa_type=String(16))
    reason: str | None = Field(default=None, max_length=500,
                               description="Why it was quarantined, in words a clerk can read")
    duplicate_of: int | None = Field(default=None, description="Document id this file repeats")
    pages_total: int = 0
    pages_done: int = 0
    blank_pages: int = Field(default=0, description="Blank pages left out of its documents")
    started_at: datetime | None = timestamp_field()
    finished_at: datetime | None = timestamp_field()

    @property
    def is_finished(self) -> bool:
        return ItemStatus(self.status).finished

"""Disposition in the catalog: the lists a sweep draws up, the archivist's proposal and a second
person's approval, the minimal residual record kept of each destroyed document, destruction
certificates, and fixity runs. Data only; ``retention`` decides and acts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from core.catalog._base import created_at_field, timestamp_field


class ListStatus(StrEnum):
    draft = "draft"            # drawn up by a sweep; the archivist reviews each item
    proposed = "proposed"      # the archivist proposes it; waits for a second person
    approved = "approved"      # a second person approved it; ready to carry out
    executed = "executed"
    cancelled = "cancelled"


class ItemDecision(StrEnum):
    pending = "pending"
    destroy = "destroy"
    keep = "keep"
    transfer = "transfer"


class DispositionList(SQLModel, table=True):
    __tablename__ = "disposition_list"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice

    id: int | None = Field(default=None, primary_key=True)
    as_of: date
    status: ListStatus = Field(default=ListStatus.draft, sa_type=String(16))
    created_by: str = Field(max_length=100)
    created_at: datetime = created_at_field()
    proposed_by: str | None = Field(default=None, max_length=100)
    proposed_at: datetime | None = timestamp_field()
    approved_by: str | None = Field(default=None, max_length=100)
    approved_at: datetime | None = timestamp_field()
    executed_by: str | None = Field(default=None, max_length=100)
    executed_at: datetime | None = timestamp_field()
    certificate_id: int | None = None
    note: str = Field(default="", max_length=500)


class DispositionListPublic(SQLModel):
    id: int
    as_of: date
    status: ListStatus
    created_by: str
    created_at: datetime
    proposed_by: str | None
    approved_by: str | None
    executed_by: str | None
    executed_at: datetime | None
    certificate_id: int | None
    note: str


class DispositionItem(SQLModel, table=True):
    """One document that reached its date, what its schedule says, what the archivist decided
    and what happened."""

    __tablename__ = "disposition_item"

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="disposition_list.id", index=True)
    document_id: int = Field(index=True)
    dossier_id: int | None = None
    dossier_number: str = Field(default="", max_length=64)
    title: str = Field(default="", max_length=300)
    doc_type: str | None = Field(default=None, max_length=40)
    original_sha256: str = Field(default="", max_length=64)
    schedule_id: int | None = None
    schedule_code: str = Field(default="", max_length=64)
    action: str = Field(default="", max_length=16, description="The schedule's action")
    due_on: date | None = None
    due_reason: str = Field(default="", max_length=500)
    decision: ItemDecision = Field(default=ItemDecision.pending, sa_type=String(16))
    decision_reason: str = Field(default="", max_length=500)
    outcome: str = Field(default="", max_length=16, description="destroyed, kept, refused")
    outcome_reason: str = Field(default="", max_length=500)


class DispositionItemPublic(SQLModel):
    id: int
    document_id: int
    dossier_number: str
    title: str
    doc_type: str | None
    original_sha256: str
    schedule_code: str
    action: str
    due_on: date | None
    due_reason: str
    decision: ItemDecision
    decision_reason: str
    outcome: str
    outcome_reason: str


class DestructionRecord(SQLModel, table=True):
    """What is left of a destroyed document: what it was, which rule, who approved, when."""

    __tablename__ = "destruction_record"

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int | None = Field(default=None, index=True)
    list_id: int = Field(index=True)
    document_id: int = Field(index=True)
    dossier_number: str = Field(default="", max_length=64, index=True)
    title: str = Field(default="", max_length=300)
    doc_type: str | None = Field(default=None, max_length=40)
    doc_date: date | None = None
    original_sha256: str = Field(max_length=64)
    objects: list[Any] = Field(default_factory=list, sa_type=JSON,
                               description="[{key, sha256}] of every object removed")
    schedule_code: str = Field(default="", max_length=64)
    rule: str = Field(default="", max_length=500)
    due_on: date | None = None
    proposed_by: str = Field(max_length=100)
    approved_by: str = Field(max_length=100)
    destroyed_by: str = Field(max_length=100)
    destroyed_at: datetime = created_at_field()


class DestructionRecordPublic(SQLModel):
    document_id: int
    dossier_number: str
    title: str
    doc_type: str | None
    original_sha256: str
    schedule_code: str
    rule: str
    due_on: date | None
    proposed_by: str
    approved_by: str
    destroyed_by: str
    destroyed_at: datetime


class DestructionCertificate(SQLModel, table=True):
    __tablename__ = "destruction_certificate"

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(index=True)
    issued_by: str = Field(max_length=100)
    issued_at: datetime = created_at_field()
    key: str = Field(default="", max_length=300, description="Where the PDF is stored")
    sha256: str = Field(default="", max_length=64)
    items: int = 0


class DestructionCertificatePublic(SQLModel):
    id: int
    list_id: int
    issued_by: str
    issued_at: datetime
    sha256: str
    items: int


class FixityRun(SQLModel, table=True):
    """One pass of the fixity job over a share of the stored objects, and what it found."""

    __tablename__ = "fixity_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = created_at_field()
    finished_at: datetime | None = timestamp_field()
    started_by: str = Field(default="", max_length=100)
    share: float = 1.0
    total: int = Field(default=0, description="Objects known to the catalog")
    checked: int = 0
    mismatched: int = 0
    missing: int = 0
    cursor: str = Field(default="", max_length=300, description="Last key checked")
    problems: list[Any] = Field(default_factory=list, sa_type=JSON,
                                description="[{key, document_id, problem, expected, actual}]")


class FixityRunPublic(SQLModel):
    id: int
    started_at: datetime
    finished_at: datetime | None
    started_by: str
    share: float
    total: int
    checked: int
    mismatched: int
    missing: int
    cursor: str
    problems: list[Any]

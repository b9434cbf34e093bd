"""Documents and their pages."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.catalog._base import created_at_field


class DocumentSource(StrEnum):
    scan = "scan"
    upload = "upload"
    generated = "generated"


class DocumentStatus(StrEnum):
    active = "active"
    review = "review"


class DocumentBase(SQLModel):
    title: str = Field(max_length=300)
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id", index=True)
    element_id: int | None = Field(default=None, foreign_key="dossier_element.id", index=True)
    doc_type: str | None = Field(default=None, max_length=40, index=True)
    doc_date: date | None = Field(default=None, index=True)
    language: str | None = Field(default=None, max_length=8)
    status: DocumentStatus = Field(default=DocumentStatus.active, sa_type=String(16))
    source: DocumentSource = Field(default=DocumentSource.upload, sa_type=String(16))
    confidential: bool = Field(default=False, description="Only the dossier's assigned "
                               "caseworkers and named roles see it (e.g. child protection)")
    # Who decided what, and why (core.catalog.classification): "liasse" or "person:<user>".
    type_confidence: float | None = None
    type_reason: str = Field(default="", max_length=500)
    type_made_by: str | None = Field(default=None, max_length=64)
    date_reason: str = Field(default="", max_length=300)
    date_made_by: str | None = Field(default=None, max_length=64)
    link_confidence: float | None = None
    link_reason: str = Field(default="", max_length=500)
    link_made_by: str | None = Field(default=None, max_length=64)


class Document(DocumentBase, table=True):
    """One document. ``(original_sha256, part)`` is unique, so re-running the pipeline on the
    same original (a retry, a duplicate upload) can never create a second row."""

    __table_args__ = (
        UniqueConstraint("original_sha256", "part", name="uq_document_original_part"),
        {"sqlite_autoincrement": True})  # an id is never given twice (bookmarks, links)

    id: int | None = Field(default=None, primary_key=True)
    original_sha256: str = Field(max_length=64, index=True)
    original_key: str = Field(max_length=300)
    original_filename: str = Field(default="", max_length=300)
    mime_type: str = Field(max_length=100)
    part: int = Field(default=0, description="0-based index of this document within its original")
    first_page: int = Field(default=1, description="1-based page of the original it starts at")
    page_count: int = 0
    ocr_confidence: float | None = None
    batch_item_id: int | None = Field(default=None, foreign_key="batch_item.id", index=True)
    suggestions: list[Any] | None = Field(
        default=None, sa_type=JSON, description="Ranked dossier suggestions for review")
    created_at: datetime = created_at_field()


class DocumentUpdate(SQLModel):
    title: str | None = Field(default=None, max_length=300)
    doc_type: str | None = Field(default=None, max_length=40)
    doc_date: date | None = None
    confidential: bool | None = None


class DocumentPublic(DocumentBase):
    id: int
    original_sha256: str
    original_filename: str
    mime_type: str
    page_count: int
    ocr_confidence: float | None
    created_at: datetime


class Page(SQLModel, table=True):
    """One page of a document: its text, word boxes and how the text was obtained."""

    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_page_document_number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number: int = Field(description="1-based page number within the document")
    source_page: int = Field(description="1-based page number within the original file")
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    words: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    confidence: float | None = None
    text_source: str = Field(default="none", max_length=16)
    text_reason: str = Field(default="", max_length=300)
    width_pt: float | None = None
    height_pt: float | None = None
    rotation: int = Field(default=0, description="Clockwise turn applied before OCR")
    language: str | None = Field(default=None, max_length=8,
                                 description="ISO 639-1 language of the page's text, as read")
    steps: list[Any] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False),
        description="What was done to the page image before and while reading it, and why: "
                    "[{code, params}] (core.PageStep)")


class PagePublic(SQLModel):
    number: int
    source_page: int
    text: str
    confidence: float | None
    text_source: str
    rotation: int = 0
    language: str | None = None
    steps: list[Any] = []  # [{code, params}]: cleanup stages, a second reading, unreadable

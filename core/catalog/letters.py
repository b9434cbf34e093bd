"""Letters the service writes: their templates (versioned DOCX files with fields), each letter
generated from one (a document of source ``generated``), and the copies that came back.

A template's ``name`` is stable; uploading the same name again adds a version. A letter keeps
the template version it used. When a signed copy of a letter comes back in a batch, the copy
is linked to it (``LetterReturn``) and the letter's reply-by line in the dossier's journal is
marked answered (``record_letter_return``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, func, select

from core.catalog._base import created_at_field
from core.catalog.classification import JournalEntry
from core.errors import NotFound


class LetterTemplateBase(SQLModel):
    name: str = Field(max_length=64, index=True, description="Stable name, e.g. demande-pieces")
    title: str = Field(default="", max_length=300)
    doc_type: str = Field(max_length=40, description="Type of the letters it makes")
    language: str = Field(default="fr", max_length=8)
    service: str = Field(default="", max_length=64)
    reply_days: int | None = Field(default=None, description="Days the addressee has to "
                                   "answer; sets the letter's reply-by date")


class LetterTemplate(LetterTemplateBase, table=True):
    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_letter_template_version"),)

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1
    fields: list[Any] = Field(default_factory=list, sa_type=JSON,
                              description="Every field the template uses")
    required: list[Any] = Field(default_factory=list, sa_type=JSON,
                                description="Fields that must have a value")
    free_fields: list[Any] = Field(default_factory=list, sa_type=JSON,
                                   description="Fields asked at generation (fields.KEY)")
    docx_sha256: str = Field(max_length=64)
    docx_key: str = Field(max_length=300)
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()


class LetterTemplatePublic(LetterTemplateBase):
    id: int
    version: int
    fields: list[str]
    required: list[str]
    free_fields: list[str]
    docx_sha256: str
    created_by: str
    created_at: datetime


class Letter(SQLModel, table=True):
    """One generated letter: its document, the template version, what was filled in."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", unique=True)
    template_id: int = Field(foreign_key="letter_template.id", index=True)
    template_name: str = Field(max_length=64)
    template_version: int
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    element_id: int | None = Field(default=None, foreign_key="dossier_element.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    language: str = Field(default="fr", max_length=8)
    reply_by: date | None = None
    answered_on: date | None = None
    free_values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    docx_sha256: str = Field(default="", max_length=64)
    docx_key: str = Field(default="", max_length=300)
    failure: str = Field(default="", max_length=500, description="Why no document could be "
                         "made (LibreOffice failed); empty once made")
    created_by: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()


class LetterReturn(SQLModel, table=True):
    """A document that came back as a copy of a letter (signed, filled in)."""

    __tablename__ = "letter_return"

    id: int | None = Field(default=None, primary_key=True)
    letter_id: int = Field(foreign_key="letter.id", index=True)
    document_id: int = Field(foreign_key="document.id", unique=True)
    reason: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()


class LetterPublic(SQLModel):
    id: int
    document_id: int | None
    template_name: str
    template_version: int
    language: str
    reply_by: date | None
    answered_on: date | None
    returned_documents: list[int] = []


def latest_template(session: Session, *, name: str) -> LetterTemplate:
    row = session.exec(select(LetterTemplate).where(LetterTemplate.name == name)
                       .order_by(col(LetterTemplate.version).desc())).first()
    if row is None:
        raise NotFound(f"no letter template named {name!r}")
    return row


def next_template_version(session: Session, *, name: str) -> int:
    current = session.exec(select(func.max(LetterTemplate.version))
                           .where(LetterTemplate.name == name)).one()
    return int(current or 0) + 1


def latest_templates(session: Session) -> Sequence[LetterTemplate]:
    """The newest version of each template, by name."""
    newest = (select(LetterTemplate.name, func.max(LetterTemplate.version).label("v"))
              .group_by(col(LetterTemplate.name)).subquery())
    query = select(LetterTemplate).join(newest, (col(LetterTemplate.name) == newest.c.name)
                                        & (col(LetterTemplate.version) == newest.c.v))
    return session.exec(query.order_by(col(LetterTemplate.name))).all()


def letter_of_document(session: Session, *, document_id: int) -> Letter | None:
    return session.exec(select(Letter).where(Letter.document_id == document_id)).first()


def letter_public(session: Session, letter: Letter) -> LetterPublic:
    returned = session.exec(select(LetterReturn.document_id).where(
        LetterReturn.letter_id == letter.id).order_by(col(LetterReturn.id))).all()
    assert letter.id is not None
    return LetterPublic(id=letter.id, document_id=letter.document_id,
                        template_name=letter.template_name,
                        template_version=letter.template_version, language=letter.language,
                        reply_by=letter.reply_by, answered_on=letter.answered_on,
                        returned_documents=list(returned))


def returned_copy_of(session: Session, *, document_id: int) -> Letter | None:
    """The letter a document is a returned copy of, if it is one."""
    back = session.exec(select(LetterReturn).where(
        LetterReturn.document_id == document_id)).first()
    return session.get(Letter, back.letter_id) if back is not None else None


def record_letter_return(session: Session, *, letter: Letter, document_id: int,
                         on: date, reason: str) -> LetterReturn:
    """Link ``document_id`` to ``letter`` as its returned copy; the first return answers the
    letter and its journal line (no commit). Idempotent for the same document."""
    existing = session.exec(select(LetterReturn).where(
        LetterReturn.document_id == document_id)).first()
    if existing is not None:
        return existing
    assert letter.id is not None
    row = LetterReturn(letter_id=letter.id, document_id=document_id, reason=reason[:300])
    session.add(row)
    if letter.answered_on is None:
        letter.answered_on = on
        session.add(letter)
        entry = session.exec(select(JournalEntry).where(
            JournalEntry.document_id == letter.document_id)).first()
        if entry is not None:
            entry.answered_on, entry.answered_by_document_id = on, document_id
            session.add(entry)
    return row

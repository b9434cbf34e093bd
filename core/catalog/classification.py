"""What Liasse and people decided about a document: the persons it concerns, the dossier's
journal ("journal de vie"), who made each decision, and the data-access functions over them.

``made_by`` is ``"liasse"`` for Liasse's own findings, ``"person:<username>"`` for a person's
(a clerk's desk metadata, a reviewer's correction). A person's decision is never overwritten
by Liasse: ``is_person`` tells the pipeline to keep it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, delete, select

from core.catalog._base import created_at_field
from core.catalog.dossiers import DossierElement
from core.errors import NotFound

LIASSE = "liasse"
PERSON_PREFIX = "person:"


def made_by_person(username: str) -> str:
    """The ``made_by`` value of a decision a person took."""
    return f"{PERSON_PREFIX}{username or 'unknown'}"[:64]


def is_person(made_by: str | None) -> bool:
    """True when a person (not Liasse) made this decision."""
    return bool(made_by) and str(made_by).startswith(PERSON_PREFIX)


class JournalKind(StrEnum):
    """What a journal entry records: a document received, or one the service produced."""

    incoming = "incoming"
    produced = "produced"


class DocumentPerson(SQLModel, table=True):
    """A person a document concerns, why Liasse or a person says so, and who did."""

    __tablename__ = "document_person"
    __table_args__ = (UniqueConstraint("document_id", "person_id", name="uq_document_person"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    reason: str = Field(default="", max_length=500)
    made_by: str = Field(default=LIASSE, max_length=64)
    created_at: datetime = created_at_field()


class JournalEntryBase(SQLModel):
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    element_id: int | None = Field(default=None, foreign_key="dossier_element.id")
    happened_on: date = Field(index=True, description="The document's date, else the day it "
                              "was received")
    kind: JournalKind = Field(default=JournalKind.incoming, sa_type=String(16))
    title: str = Field(max_length=300)
    doc_type: str | None = Field(default=None, max_length=40)
    made_by: str = Field(default=LIASSE, max_length=64, description="Who filed the document "
                         "in this dossier")


class JournalEntry(JournalEntryBase, table=True):
    """One line of a dossier's journal de vie: at most one per (dossier, document)."""

    __tablename__ = "dossier_journal"
    __table_args__ = (UniqueConstraint("dossier_id", "document_id", name="uq_journal_document"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = created_at_field()
    # A letter the service sent that asks for an answer (core.catalog.letters); kept apart
    # from the base so that refiling the document never resets them.
    reply_by: date | None = None
    answered_on: date | None = None
    answered_by_document_id: int | None = Field(default=None, foreign_key="document.id")


class JournalEntryPublic(JournalEntryBase):
    id: int
    created_at: datetime
    reply_by: date | None = None
    answered_on: date | None = None
    answered_by_document_id: int | None = None


class DocumentPersonPublic(SQLModel):
    person_id: int
    reason: str
    made_by: str


def element_by_reference(session: Session, *, reference: str) -> DossierElement:
    """The dossier element with this code (case as written or upper-case)."""
    element = session.exec(select(DossierElement).where(
        col(DossierElement.reference).in_({reference, reference.upper()}))).first()
    if element is None:
        raise NotFound(f"no dossier element with reference {reference}")
    return element


def document_persons(session: Session, *, document_id: int) -> Sequence[DocumentPerson]:
    query = select(DocumentPerson).where(DocumentPerson.document_id == document_id)
    return session.exec(query.order_by(col(DocumentPerson.person_id))).all()


def set_document_persons(session: Session, *, document_id: int, persons: Mapping[int, str],
                         made_by: str) -> list[DocumentPerson]:
    """Replace the persons of a document with ``persons`` (id -> reason; no commit)."""
    session.exec(delete(DocumentPerson).where(
        col(DocumentPerson.document_id) == document_id))
    rows = [DocumentPerson(document_id=document_id, person_id=p, reason=reason[:500],
                           made_by=made_by) for p, reason in persons.items()]
    session.add_all(rows)
    return rows


def record_in_journal(session: Session, *, entry: JournalEntryBase) -> JournalEntry:
    """File a document in its dossier's journal: the document's only entry (no commit).

    An entry of the same document in another dossier is removed: the document moved.
    """
    if entry.document_id is not None:
        session.exec(delete(JournalEntry).where(
            col(JournalEntry.document_id) == entry.document_id,
            col(JournalEntry.dossier_id) != entry.dossier_id))
        existing = session.exec(select(JournalEntry).where(
            JournalEntry.document_id == entry.document_id,
            JournalEntry.dossier_id == entry.dossier_id)).first()
        if existing is not None:
            existing.sqlmodel_update(entry.model_dump())
            session.add(existing)
            return existing
    row = JournalEntry.model_validate(entry)
    session.add(row)
    return row


def remove_from_journal(session: Session, *, document_id: int) -> None:
    """The document no longer belongs to any dossier (no commit)."""
    session.exec(delete(JournalEntry).where(
        col(JournalEntry.document_id) == document_id))


def dossier_journal(session: Session, *, dossier_id: int) -> Sequence[JournalEntry]:
    """A dossier's journal, oldest first (ties in the order they were recorded)."""
    query = select(JournalEntry).where(JournalEntry.dossier_id == dossier_id)
    return session.exec(query.order_by(col(JournalEntry.happened_on),
                                       col(JournalEntry.id))).all()

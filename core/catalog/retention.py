"""Retention in the catalog: schedules, legal holds, each document's disposition date, the
dossier lifecycle's history, disposition lists, residual records of destroyed documents,
archived objects and fixity runs; and the one question every change asks: is it held?

The rules that *decide* (which schedule governs, what date, may it be destroyed) live in
``retention``; these are the tables and the data-access functions over them. Nothing here
commits: the route, command or task owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String, or_
from sqlmodel import Field, Session, SQLModel, col, select

from core.catalog._base import created_at_field, timestamp_field, unset_field
from core.catalog.classification import DocumentPerson
from core.catalog.documents import Document
from core.catalog.dossiers import Dossier
from core.catalog.people import HouseholdMembership
from core.errors import Conflict


class RetentionTrigger(StrEnum):
    """What starts a schedule's clock."""

    dossier_closure = "dossier_closure"
    document_date = "document_date"
    birth_date = "birth_date"      # of the person(s) the document concerns
    death_date = "death_date"
    fixed_date = "fixed_date"


class RetentionAction(StrEnum):
    """What happens when the period has run."""

    destroy = "destroy"
    review = "review"              # an archivist decides then: destroy, keep or transfer
    transfer = "transfer"          # to the historical archives
    keep = "keep"                  # permanently


# -- schedules ---------------------------------------------------------------------------------

class RetentionScheduleBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=64,
                      description="The rule's reference in the service's retention plan")
    title: str = Field(default="", max_length=300)
    doc_type: str | None = Field(default=None, max_length=40, index=True,
                                 description="Document type it governs (none: any type)")
    service: str | None = Field(default=None, max_length=64, index=True,
                                description="Dossier service it governs (none: any service)")
    trigger: RetentionTrigger = Field(default=RetentionTrigger.dossier_closure,
                                      sa_type=String(24))
    period_years: int = Field(default=10, ge=0, le=200)
    period_months: int = Field(default=0, ge=0, le=11)
    fixed_date: date | None = Field(default=None, description="For the fixed_date trigger")
    action: RetentionAction = Field(default=RetentionAction.destroy, sa_type=String(16))


class RetentionScheduleCreate(RetentionScheduleBase):
    pass


class RetentionScheduleUpdate(SQLModel):
    title: str = unset_field(max_length=300)
    trigger: RetentionTrigger = unset_field()
    period_years: int = unset_field(ge=0, le=200)
    period_months: int = unset_field(ge=0, le=11)
    fixed_date: date | None = None
    action: RetentionAction = unset_field()


class RetentionSchedule(RetentionScheduleBase, table=True):
    __tablename__ = "retention_schedule"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = created_at_field()
    updated_at: datetime | None = timestamp_field()


class RetentionSchedulePublic(RetentionScheduleBase):
    id: int


# -- each document's destiny -------------------------------------------------------------------

class DocumentRetention(SQLModel, table=True):
    """The schedule governing a document and the date it yields, with the reason; recomputed
    whenever a rule, the document or its dossier changes. ``disposition_on`` is None while no
    date applies (dossier open, kept permanently, a date not known yet)."""

    __tablename__ = "document_retention"

    document_id: int = Field(primary_key=True, foreign_key="document.id")
    schedule_id: int | None = Field(default=None, foreign_key="retention_schedule.id",
                                    index=True)
    action: RetentionAction | None = Field(default=None, sa_type=String(16))
    disposition_on: date | None = Field(default=None, index=True)
    reason: str = Field(default="", max_length=500)
    computed_at: datetime = created_at_field()


class DocumentRetentionPublic(SQLModel):
    document_id: int
    schedule_id: int | None
    action: RetentionAction | None
    disposition_on: date | None
    reason: str


# -- legal holds -------------------------------------------------------------------------------

class HoldScope(StrEnum):
    dossier = "dossier"
    person = "person"
    document = "document"


class LegalHoldCreate(SQLModel):
    scope: HoldScope
    target_id: int = Field(ge=1, le=2**31 - 1,
                           description="The dossier, person or document id")
    reason: str = Field(min_length=3, max_length=500)


class LegalHold(SQLModel, table=True):
    """A hold on a dossier, a person or a document: while it stands (``released_at`` is None)
    nothing under it may be changed or destroyed, by anyone."""

    __tablename__ = "legal_hold"

    id: int | None = Field(default=None, primary_key=True)
    scope: HoldScope = Field(sa_type=String(16))
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    document_id: int | None = Field(default=None, index=True,
                                    description="Not a foreign key: the hold outlives nothing")
    reason: str = Field(max_length=500)
    placed_by: str = Field(max_length=100)
    placed_at: datetime = created_at_field()
    released_by: str | None = Field(default=None, max_length=100)
    released_at: datetime | None = timestamp_field()
    release_reason: str = Field(default="", max_length=500)


class LegalHoldPublic(SQLModel):
    id: int
    scope: HoldScope
    dossier_id: int | None
    person_id: int | None
    document_id: int | None
    reason: str
    placed_by: str
    placed_at: datetime
    released_by: str | None
    released_at: datetime | None
    release_reason: str


def _dossier_persons(session: Session, dossier: Dossier) -> set[int]:
    persons = {dossier.person_id} if dossier.person_id else set()
    if dossier.household_id is not None:
        persons |= set(session.exec(select(HouseholdMembership.person_id).where(
            HouseholdMembership.household_id == dossier.household_id)).all())
    return persons


def holds_over_dossier(session: Session, *, dossier: Dossier) -> list[LegalHold]:
    """Standing holds on the dossier itself or on a person it concerns (its person, the
    members of its household)."""
    persons = sorted(_dossier_persons(session, dossier))
    query = select(LegalHold).where(col(LegalHold.released_at).is_(None)).where(or_(
        col(LegalHold.dossier_id) == dossier.id, col(LegalHold.person_id).in_(persons)))
    return list(session.exec(query.order_by(col(LegalHold.id))).all())


def holds_over_document(session: Session, *, document: Document) -> list[LegalHold]:
    """Standing holds on the document, its dossier, or a person it or its dossier concerns."""
    persons = set(session.exec(select(DocumentPerson.person_id).where(
        DocumentPerson.document_id == document.id)).all())
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    dossier_ids: list[int] = []
    if dossier is not None and dossier.id is not None:
        persons |= _dossier_persons(session, dossier)
        dossier_ids.append(dossier.id)
    query = select(LegalHold).where(col(LegalHold.released_at).is_(None)).where(or_(
        col(LegalHold.document_id) == document.id, col(LegalHold.dossier_id).in_(dossier_ids),
        col(LegalHold.person_id).in_(sorted(persons))))
    return list(session.exec(query.order_by(col(LegalHold.id))).all())


def _held(what: str, holds: Sequence[LegalHold]) -> Conflict:
    first = holds[0]
    return Conflict(f"{what} is under legal hold #{first.id} ({first.scope}: {first.reason}): "
                    "nothing under a hold may be changed or destroyed")


def refuse_if_held(session: Session, *, dossier: Dossier | None = None,
                   document: Document | None = None) -> None:
    """``Conflict`` when a standing hold covers the dossier or document: whoever asks,
    administrators and the command line included. Also refuses changes to an archived
    (frozen) dossier's documents and metadata."""
    if document is not None:
        holds = holds_over_document(session, document=document)
        if holds:
            raise _held(f"document {document.id}", holds)
        if dossier is None and document.dossier_id is not None:
            dossier = session.get(Dossier, document.dossier_id)
    if dossier is not None:
        holds = holds_over_dossier(session, dossier=dossier)
        if holds:
            raise _held(f"dossier {dossier.number}", holds)
        if (frozen := frozen_because(dossier)) is not None:
            raise Conflict(f"{frozen}: reactivate it before changing it or its documents")


def frozen_because(dossier: Dossier) -> str | None:
    """Why ``dossier`` takes no change and no new document (it is archived), or ``None``.
    A legal hold does not freeze a dossier for new documents: evidence may still arrive."""
    if str(dossier.status) == "archived":
        return f"dossier {dossier.number} is archived (frozen)"
    return None


def refuse_filing_into(dossier: Dossier) -> None:
    """``Conflict`` when a document may not be filed into ``dossier`` (archived)."""
    if (frozen := frozen_because(dossier)) is not None:
        raise Conflict(f"{frozen}: reactivate it before filing documents into it")


# -- the dossier lifecycle ---------------------------------------------------------------------

class LifecycleEvent(SQLModel, table=True):
    """One step of a dossier's life: closed, archived, reactivated; who, when and why."""

    __tablename__ = "dossier_lifecycle"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    action: str = Field(max_length=16, description="closed, archived, reactivated")
    on: date
    by: str = Field(max_length=100)
    reason: str = Field(default="", max_length=500)
    at: datetime = created_at_field()


class LifecycleRequest(SQLModel):
    reason: str = Field(min_length=3, max_length=500)
    on: date | None = Field(default=None, description="Default: today")


# -- archived objects --------------------------------------------------------------------------

class ArchivedObject(SQLModel, table=True):
    """A copy made when a dossier was archived: the original, its PDF/A rendition. The SHA-256
    is the one recorded when it was written (fixity checks compare against it)."""

    __tablename__ = "archived_object"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(index=True, description="Not a foreign key: see destruction")
    kind: str = Field(max_length=16, description="original, pdfa")
    key: str = Field(max_length=300, index=True)
    sha256: str = Field(max_length=64)
    size: int = 0
    locked_until: date | None = None
    note: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()


def archived_objects(session: Session, *, document_id: int) -> list[ArchivedObject]:
    return list(session.exec(select(ArchivedObject).where(
        ArchivedObject.document_id == document_id).order_by(col(ArchivedObject.id))).all())

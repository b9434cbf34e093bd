"""Each document's disposition date, computed from the catalog with the pure rules and stored
(``DocumentRetention``); recomputed when a rule, a document or its dossier changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from core.catalog import (
    Document,
    DocumentPerson,
    DocumentRetention,
    Dossier,
    Person,
    RetentionSchedule,
    utcnow,
)
from retention._rules import DossierFacts, PersonFacts, disposition_date, governing_schedule


def _persons(session: Session, document: Document, dossier: Dossier | None) -> list[Person]:
    """The persons a document concerns: those linked to it, else its dossier's person."""
    ids = list(session.exec(select(DocumentPerson.person_id).where(
        DocumentPerson.document_id == document.id)).all())
    if not ids and dossier is not None and dossier.person_id is not None:
        ids = [dossier.person_id]
    return [p for p in (session.get(Person, i) for i in ids) if p is not None]


def compute(session: Session, document: Document,
            schedules: Sequence[RetentionSchedule]) -> DocumentRetention:
    """The document's retention row, brought up to date (added to the session, no commit)."""
    assert document.id is not None
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    facts = (DossierFacts(status=str(dossier.status), service=dossier.service,
                          closed_on=dossier.closed_on) if dossier is not None else None)
    schedule, why = governing_schedule(schedules, doc_type=document.doc_type,
                                       service=dossier.service if dossier else None)
    persons = [PersonFacts(p.birth_date, p.death_date)
               for p in _persons(session, document, dossier)]
    due, because = disposition_date(schedule, doc_date=document.doc_date, dossier=facts,
                                    persons=persons)
    row = session.get(DocumentRetention, document.id) or DocumentRetention(
        document_id=document.id)
    row.schedule_id = schedule.id if schedule else None
    row.action = schedule.action if schedule else None
    row.disposition_on = due
    row.reason = (because if schedule is None else f"{why}; {because}")[:500]
    row.computed_at = utcnow()
    session.add(row)
    return row


def all_schedules(session: Session) -> list[RetentionSchedule]:
    return list(session.exec(select(RetentionSchedule).order_by(col(RetentionSchedule.code))))


def recompute(session: Session, *, document_ids: Iterable[int] | None = None,
              dossier_id: int | None = None) -> int:
    """Recompute the dates of these documents (or a dossier's, or every document's when
    neither is given). Returns how many were computed."""
    schedules = all_schedules(session)
    query = select(Document).order_by(col(Document.id))
    if document_ids is not None:
        query = query.where(col(Document.id).in_(sorted(set(document_ids))))
    elif dossier_id is not None:
        query = query.where(Document.dossier_id == dossier_id)
    count = 0
    for document in session.exec(query):
        compute(session, document, schedules)
        count += 1
    session.flush()
    return count


def due_documents(session: Session, *, as_of: object) -> list[tuple[Document, DocumentRetention]]:
    """Documents whose disposition date has come by ``as_of`` (a date), oldest date first."""
    query = (select(Document, DocumentRetention)
             .join(DocumentRetention, col(DocumentRetention.document_id) == col(Document.id))
             .where(col(DocumentRetention.disposition_on).is_not(None))
             .where(col(DocumentRetention.disposition_on) <= as_of)
             .order_by(col(DocumentRetention.disposition_on), col(Document.id)))
    return [(document, row) for document, row in session.exec(query).all()]

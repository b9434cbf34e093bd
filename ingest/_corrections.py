"""A person's correction of a document's type, date, dossier, element or persons.

What a person sets is recorded as theirs (``made_by = "person:<username>"``), so Liasse never
overwrites it (``ingest._filing``); a type a person set or confirmed is training data for the
next ``train``. The journal de vie follows the document to its (new) dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from classify import Taxonomy, confirm_link
from core import InvalidInput, NotFound
from core.catalog import (
    Document,
    DocumentStatus,
    Dossier,
    DossierElement,
    Person,
    document_persons,
    element_by_reference,
    made_by_person,
    queries,
    refuse_filing_into,
    refuse_if_held,
    set_document_persons,
)
from ingest._filing import update_journal


@dataclass(frozen=True, slots=True)
class Correction:
    """What a person sets; ``None`` leaves a field as it is. Setting a field to the value
    Liasse found confirms it."""

    doc_type: str | None = None
    doc_date: date | None = None
    dossier_number: str | None = None
    element_reference: str | None = None
    person_ids: tuple[int, ...] | None = None
    note: str = ""

    @property
    def touches_link(self) -> bool:
        return (self.dossier_number is not None or self.element_reference is not None
                or self.person_ids is not None)


def apply_correction(session: Session, *, document_id: int, correction: Correction,
                     username: str, taxonomy: Taxonomy | None = None) -> Document:
    """Apply a person's correction to a document (no commit: the caller owns the transaction)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    refuse_if_held(session, document=document)  # held, or in an archived (frozen) dossier
    by = made_by_person(username)
    if correction.doc_type is not None:
        _correct_type(document, correction.doc_type, by, taxonomy or Taxonomy.default())
    if correction.doc_date is not None:
        document.doc_date, document.date_made_by = correction.doc_date, by
        document.date_reason = f"set by {username}"
    if correction.touches_link:
        _correct_link(session, document, correction, username)
    session.add(document)
    session.flush()
    update_journal(session, document=document)
    return document


def _correct_type(document: Document, code: str, by: str, taxonomy: Taxonomy) -> None:
    if code not in taxonomy.codes:
        raise InvalidInput(f"unknown document type {code!r}; known: {', '.join(taxonomy.codes)}")
    who = by.removeprefix("person:")
    if code == document.doc_type:
        reason = f"confirmed by {who} (Liasse: {document.type_reason})"
    elif document.doc_type:
        reason = f"set by {who}, replacing {document.doc_type} ({document.type_reason})"
    else:
        reason = f"set by {who}"
    document.doc_type, document.type_confidence, document.type_made_by = code, 1.0, by
    document.type_reason = reason[:500]


def _correct_link(session: Session, document: Document, correction: Correction,
                  username: str) -> None:
    assert document.id is not None
    dossier, element = _target(session, document, correction)
    refuse_filing_into(dossier)
    moved = dossier.id != document.dossier_id
    if correction.person_ids is not None:
        person_ids = _known_persons(session, correction.person_ids)
    elif moved:
        person_ids = ()
    else:
        person_ids = tuple(p.person_id for p in document_persons(session,
                                                                 document_id=document.id))
    assert dossier.id is not None
    decision = confirm_link(dossier_id=dossier.id, by=username, element_id=element.id
                            if element else None, person_ids=person_ids,
                            household_id=dossier.household_id, note=correction.note)
    document.dossier_id, document.element_id = decision.dossier_id, decision.element_id
    document.link_confidence, document.link_reason = decision.confidence, decision.reason[:500]
    document.link_made_by = made_by_person(username)
    document.status, document.suggestions = DocumentStatus.active, None
    set_document_persons(session, document_id=document.id,
                         persons=dict.fromkeys(person_ids, decision.reason[:500]),
                         made_by=made_by_person(username))


def _target(session: Session, document: Document,
            correction: Correction) -> tuple[Dossier, DossierElement | None]:
    """The dossier and element the document goes to after the correction."""
    element = (element_by_reference(session, reference=correction.element_reference)
               if correction.element_reference else None)
    if correction.dossier_number:
        dossier = queries.dossier_by_number(session, number=correction.dossier_number)
    elif element is not None:
        dossier = _dossier(session, element.dossier_id)
    elif document.dossier_id is not None:
        dossier = _dossier(session, document.dossier_id)
    else:
        raise InvalidInput("name the dossier (or an element) this document belongs to")
    if element is not None and element.dossier_id != dossier.id:
        raise InvalidInput(f"element {element.reference} is not part of dossier {dossier.number}")
    if element is None and correction.element_reference is None and document.element_id:
        kept = session.get(DossierElement, document.element_id)
        element = kept if kept is not None and kept.dossier_id == dossier.id else None
    return dossier, element


def _dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound(f"no dossier {dossier_id}")
    return dossier


def _known_persons(session: Session, person_ids: tuple[int, ...]) -> tuple[int, ...]:
    missing = [p for p in person_ids if session.get(Person, p) is None]
    if missing:
        raise NotFound(f"no person with id {', '.join(map(str, missing))}")
    return tuple(dict.fromkeys(person_ids))

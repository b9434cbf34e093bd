"""The dossier's metadata as it goes into an archival package (``metadata/dossier.json``)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from core.catalog import (
    Document,
    DocumentRetention,
    Dossier,
    Household,
    LifecycleEvent,
    Person,
    document_persons,
    queries,
)


def _row(model: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude=exclude or set(),
                                         warnings=False)
    return data


def dossier_metadata(session: Session, dossier: Dossier) -> dict[str, Any]:
    assert dossier.id is not None
    household = session.get(Household, dossier.household_id) if dossier.household_id else None
    persons = (queries.household_members(session, household_id=household.id)
               if household is not None and household.id is not None else [])
    if dossier.person_id and all(p.id != dossier.person_id for p in persons):
        person = session.get(Person, dossier.person_id)
        persons = [*persons, person] if person else list(persons)
    documents = session.exec(select(Document).where(Document.dossier_id == dossier.id)
                             .order_by(col(Document.id))).all()
    lifecycle = session.exec(select(LifecycleEvent).where(
        LifecycleEvent.dossier_id == dossier.id).order_by(col(LifecycleEvent.id))).all()
    return {
        "dossier": _row(dossier),
        "household": _row(household) if household else None,
        "persons": [_row(p) for p in persons],
        "elements": [_row(e) for e in queries.dossier_elements(session, dossier_id=dossier.id)],
        "lifecycle": [_row(e) for e in lifecycle],
        "documents": [_document(session, d) for d in documents],
    }


def _document(session: Session, document: Document) -> dict[str, Any]:
    assert document.id is not None
    data = _row(document, {"suggestions"})
    data["persons"] = [p.person_id for p in document_persons(session, document_id=document.id)]
    retention = session.get(DocumentRetention, document.id)
    data["retention"] = _row(retention) if retention else None
    return data

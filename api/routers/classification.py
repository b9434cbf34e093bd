"""Classification: a person's correction of a document's type, date and links, the review
suggestions of a doubtful document, and retraining the classifier on demand."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlmodel import Field, Session, SQLModel

from api._changes import commit_and_drain, snapshot
from api._guard import GuardDep
from api.deps import ContextDep
from core import NotFound
from core.access import Action
from core.catalog import Document, Dossier, document_persons
from ingest import Correction, apply_correction, current_pointer, train_classifier

router = APIRouter(tags=["classification"])

DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ClassificationCorrection(SQLModel):
    """Any subset: what is left out stays as it is. Sending the value Liasse found confirms
    it. A person's value is never overwritten by Liasse later."""

    doc_type: str | None = Field(default=None, max_length=40)
    doc_date: date | None = None
    dossier: str | None = Field(default=None, max_length=64, description="Dossier number")
    element: str | None = Field(default=None, max_length=64, description="Element reference")
    person_ids: list[int] | None = Field(default=None, max_length=50)
    note: str = Field(default="", max_length=300)


def classification(session: Session, document: Document) -> dict[str, Any]:
    """A document's type, date and links, each with its reason and who made it."""
    assert document.id is not None
    persons = document_persons(session, document_id=document.id)
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    data = snapshot(document, exclude={"original_key", "suggestions"})
    data["dossier"] = dossier.number if dossier else None
    data["persons"] = [{"person_id": p.person_id, "reason": p.reason, "made_by": p.made_by}
                       for p in persons]
    return data


@router.patch("/documents/{document_id}/classification")
def correct_classification(document_id: DocumentId, body: ClassificationCorrection,
                           guard: GuardDep, context: ContextDep) -> dict[str, Any]:
    """Correct or confirm a document's type, date, dossier, element and persons. The dossier
    named must be one the person may see."""
    opened = guard.document(document_id, Action.document_write)
    target = guard.dossier(body.dossier) if body.dossier else opened.dossier
    before = snapshot(opened.document, exclude={"original_key"})
    correction = Correction(
        doc_type=body.doc_type, doc_date=body.doc_date, dossier_number=body.dossier,
        element_reference=body.element, note=body.note,
        person_ids=tuple(body.person_ids) if body.person_ids is not None else None)
    document = apply_correction(guard.session, document_id=document_id, correction=correction,
                                username=guard.principal.username)
    if target is None or target.id != document.dossier_id:
        target = guard.session.get(Dossier, document.dossier_id) if document.dossier_id else None
    guard.record(action="document.classify", entity_type="document", entity_id=document_id,
                 dossier=target, before=before, after=snapshot(document, exclude={"original_key"}))
    commit_and_drain(guard.session, context, queue=[document_id], reason="classified")
    return classification(guard.session, document)


@router.get("/documents/{document_id}/suggestions")
def get_suggestions(document_id: DocumentId, guard: GuardDep) -> dict[str, Any]:
    """Why the document waits in review, and the dossiers it may belong to, best first (only
    those the person may see)."""
    document = guard.document(document_id).document
    visible = []
    for suggestion in document.suggestions or []:
        try:
            guard.dossier(str(suggestion.get("dossier")))
        except NotFound:
            continue
        visible.append(suggestion)
    return {"document": document_id, "status": str(document.status),
            "link_reason": document.link_reason, "link_made_by": document.link_made_by,
            "suggestions": visible}


@router.post("/classifier/train")
def train(context: ContextDep, guard: GuardDep) -> dict[str, Any]:
    """Retrain the classifier now from every document whose type a person set or confirmed.
    Every worker uses the new model from its next document on."""
    guard.require(Action.batch_read)
    report = train_classifier(context.sessions, context.blobs)
    pointer = current_pointer(context.blobs)
    result = {"examples": report.examples, "per_type": dict(report.per_type),
              "reason": report.reason, "model": pointer.key if pointer else None}
    guard.record(action="classifier.train", entity_type="classifier",
                 entity_id=pointer.trained_at if pointer else "", after=result)
    return result

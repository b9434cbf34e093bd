"""The review queue: documents waiting for a clerk (no dossier, a doubtful link, low OCR
confidence, a doubtful split), and the clerk's answers, one by one or in bulk. Clerks and
supervisors (``Action.review``), on documents they may read; every change is journaled."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlmodel import Field, SQLModel

from api._changes import commit_and_drain, snapshot
from api._guard import GuardDep
from api.deps import ContextDep
from core import InvalidInput
from core.access import Action
from core.catalog import Document, DocumentPublic, Dossier
from ingest import (
    BulkOutcome,
    ReviewReason,
    ReviewRules,
    confirm_document,
    merge_documents,
    relink_document,
    retype_document,
    review_queue,
    run_bulk,
    split_document,
)

router = APIRouter(prefix="/review", tags=["review"])

DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
BULK_LIMIT = 200


DEFAULT_RULES = ReviewRules()


def review_rules(context: ContextDep) -> ReviewRules:
    """The installation's review rules (``LIASSE_REVIEW_MIN_CONFIDENCE``)."""
    return context.review


class ReviewActionKind(StrEnum):
    confirm = "confirm"
    relink = "relink"
    retype = "retype"
    merge = "merge"
    split_at = "split"  # (not "split": str.split)


class ConfirmIn(SQLModel):
    note: str = Field(default="", max_length=300)


class RelinkIn(SQLModel):
    dossier: str | None = Field(default=None, max_length=64, description="Dossier number")
    element: str | None = Field(default=None, max_length=64, description="Element reference")
    note: str = Field(default="", max_length=300)


class RetypeIn(SQLModel):
    doc_type: str = Field(max_length=40)


class MergeIn(SQLModel):
    other: int = Field(ge=1, le=2**31 - 1, description="The document joined into this one "
                       "(and removed)")


class SplitIn(SQLModel):
    page: int = Field(ge=2, le=100_000, description="The page that starts the new document")


class ReviewAction(SQLModel):
    """One item of a bulk request: the action and what it needs."""

    document: int = Field(ge=1, le=2**31 - 1)
    action: ReviewActionKind
    dossier: str | None = Field(default=None, max_length=64)
    element: str | None = Field(default=None, max_length=64)
    doc_type: str | None = Field(default=None, max_length=40)
    other: int | None = Field(default=None, ge=1, le=2**31 - 1)
    page: int | None = Field(default=None, ge=2, le=100_000)
    note: str = Field(default="", max_length=300)


class BulkIn(SQLModel):
    actions: list[ReviewAction] = Field(min_length=1, max_length=BULK_LIMIT)


@router.get("")
def list_review(guard: GuardDep, reason: ReviewReason | None = None,
                batch: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                limit: Annotated[int, Query(ge=1, le=200)] = 50,
                rules: Annotated[ReviewRules, Depends(review_rules)] = DEFAULT_RULES,
                ) -> dict[str, Any]:
    """The documents waiting in review that the person may read, oldest first, each with its
    reasons (``no_dossier``, ``doubtful_link``, ``low_confidence``, ``unreadable_page``,
    ``doubtful_split``)."""
    guard.require(Action.review)
    page = review_queue(guard.session, reason=reason, batch_id=batch, rules=rules,
                        visible=guard.may_read, offset=offset, limit=limit)
    return {"total": page.total, "offset": offset, "limit": limit,
            "documents": [entry.as_json() for entry in page.entries]}


@router.post("/bulk")
def bulk(body: BulkIn, guard: GuardDep, context: ContextDep) -> dict[str, Any]:
    """Several actions at once; each succeeds or fails on its own (``outcomes``, in order)."""
    guard.require(Action.review)
    outcomes = run_bulk(guard.session, body.actions, lambda a: _apply(guard, a),
                        lambda a: (a.document, str(a.action)))
    commit_and_drain(guard.session, context)  # the actions queued their documents
    return {"done": sum(o.ok for o in outcomes), "failed": sum(not o.ok for o in outcomes),
            "outcomes": [o.as_json() for o in outcomes]}


@router.post("/{document_id}/confirm")
def confirm(document_id: DocumentId, guard: GuardDep, context: ContextDep,
            body: ConfirmIn | None = None) -> dict[str, Any]:
    """The document's type and dossier are right: it leaves the queue, as the person's."""
    action = ReviewAction(document=document_id, action=ReviewActionKind.confirm,
                          note=body.note if body else "")
    return _single(guard, context, action)


@router.post("/{document_id}/relink")
def relink(document_id: DocumentId, body: RelinkIn, guard: GuardDep,
           context: ContextDep) -> dict[str, Any]:
    """File the document in another dossier (and element); it leaves the queue."""
    return _single(guard, context, ReviewAction(document=document_id,
                                                action=ReviewActionKind.relink,
                                                dossier=body.dossier, element=body.element,
                                                note=body.note))


@router.post("/{document_id}/retype")
def retype(document_id: DocumentId, body: RetypeIn, guard: GuardDep,
           context: ContextDep) -> dict[str, Any]:
    """Set the document's type; it stays in the queue until confirmed."""
    return _single(guard, context, ReviewAction(document=document_id,
                                                action=ReviewActionKind.retype,
                                                doc_type=body.doc_type))


@router.post("/{document_id}/merge")
def merge(document_id: DocumentId, body: MergeIn, guard: GuardDep,
          context: ContextDep) -> dict[str, Any]:
    """Join another part of the same scanned file into this document (pages in their
    original order); the other document is removed."""
    return _single(guard, context, ReviewAction(document=document_id,
                                                action=ReviewActionKind.merge, other=body.other))


@router.post("/{document_id}/split")
def split(document_id: DocumentId, body: SplitIn, guard: GuardDep,
          context: ContextDep) -> dict[str, Any]:
    """Cut the document before ``page``: the rest becomes a new document, in review."""
    return _single(guard, context, ReviewAction(document=document_id,
                                                action=ReviewActionKind.split_at, page=body.page))


def _single(guard: GuardDep, context: ContextDep, action: ReviewAction) -> dict[str, Any]:
    guard.require(Action.review)
    outcome = _apply(guard, action)
    commit_and_drain(guard.session, context)  # the actions queued their documents
    result = outcome.as_json()
    kept = guard.session.get(Document, outcome.result) if outcome.result else None
    result["document_after"] = _public(guard, kept) if kept is not None else None
    return result


def _apply(guard: GuardDep, action: ReviewAction) -> BulkOutcome:
    """Check, apply and journal one action (raises ``LiasseError`` when refused)."""
    opened = guard.document(action.document, Action.document_write)
    other = (guard.document(action.other, Action.document_write)
             if action.action == ReviewActionKind.merge and action.other else None)
    if action.action == ReviewActionKind.relink and action.dossier:
        guard.dossier(action.dossier)  # a dossier the person may see (else 404)
    before = snapshot(opened.document, exclude={"original_key"})
    others_before = snapshot(other.document, exclude={"original_key"}) if other else None
    result = _run(guard, action)
    after = snapshot(result, exclude={"original_key"})
    if action.action == ReviewActionKind.split_at:
        after = {"document": snapshot(opened.document, exclude={"original_key"}), "new": after}
    dossier = guard.session.get(Dossier, result.dossier_id) if result.dossier_id else None
    guard.record(action=f"review.{action.action}", entity_type="document",
                 entity_id=action.document, dossier=dossier or opened.dossier,
                 before={"document": before, "other": others_before} if other else before,
                 after=after, reason=action.note)
    return BulkOutcome(action.document, str(action.action), True, result=result.id)


def _run(guard: GuardDep, action: ReviewAction) -> Document:
    session, user, document_id = guard.session, guard.principal.username, action.document
    match action.action:
        case ReviewActionKind.confirm:
            return confirm_document(session, document_id=document_id, username=user,
                                    note=action.note)
        case ReviewActionKind.relink:
            return relink_document(session, document_id=document_id,
                                   dossier_number=action.dossier,
                                   element_reference=action.element, username=user,
                                   note=action.note)
        case ReviewActionKind.retype:
            if not action.doc_type:
                raise InvalidInput("retype needs doc_type")
            return retype_document(session, document_id=document_id, doc_type=action.doc_type,
                                   username=user)
        case ReviewActionKind.merge:
            if action.other is None:
                raise InvalidInput("merge needs the other document (other)")
            return merge_documents(session, document_id=document_id, other_id=action.other)
        case ReviewActionKind.split_at:
            if action.page is None:
                raise InvalidInput("split needs the page that starts the new document (page)")
            return split_document(session, document_id=document_id, at_page=action.page,
                                  username=user)
    raise InvalidInput(f"unknown review action {action.action}")  # pragma: no cover


def _public(guard: GuardDep, document: Document) -> dict[str, Any]:
    data = DocumentPublic.model_validate(document).model_dump(mode="json")
    dossier = guard.session.get(Dossier, document.dossier_id) if document.dossier_id else None
    data["dossier"] = dossier.number if dossier else None
    return data

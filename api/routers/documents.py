"""Documents: metadata, page text and the original file. Every opening is journaled."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlmodel import Session, col, select

from api._changes import commit_and_drain, snapshot
from api._guard import Guard, GuardDep, OpenedDocument
from api.deps import BlobStoreDep, ContextDep
from core import Gone, NotFound
from core.access import Action
from core.catalog import (
    Document,
    DocumentPublic,
    DocumentUpdate,
    Dossier,
    Page,
    PagePublic,
    letter_of_document,
    letter_public,
    returned_copy_of,
)
from retention import Tombstone, tombstone

router = APIRouter(prefix="/documents", tags=["documents"])

DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PageNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


def document_details(session: Session, document: Document) -> dict[str, Any]:
    """A document's metadata with its pages' text, as ``liasse show --json`` prints it."""
    pages = session.exec(select(Page).where(Page.document_id == document.id)
                         .order_by(col(Page.number))).all()
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    data = DocumentPublic.model_validate(document).model_dump(mode="json")
    data["dossier"] = dossier.number if dossier else None
    data.update(_letter_details(session, document))
    data["pages"] = [PagePublic.model_validate(p).model_dump(mode="json") for p in pages]
    return data


def _letter_details(session: Session, document: Document) -> dict[str, Any]:
    """A generated letter's template (name, version), reply-by date and returned copies; the
    letter a returned copy belongs to."""
    assert document.id is not None
    letter = letter_of_document(session, document_id=document.id)
    back = returned_copy_of(session, document_id=document.id)
    return {"letter": letter_public(session, letter).model_dump(mode="json") if letter else None,
            "template": letter.template_name if letter else None,
            "template_version": letter.template_version if letter else None,
            "returned_copy_of": back.document_id if back else None}


class DocumentDestroyed(BaseModel):
    """410: the document was destroyed under a disposition list (its tombstone)."""

    code: str = "destroyed"
    detail: str
    document_id: int
    title: str
    dossier_number: str
    destroyed_at: datetime
    destroyed_by: str
    certificate_id: int | None
    list_id: int
    schedule_code: str
    rule: str


GONE: dict[int | str, dict[str, Any]] = {410: {"model": DocumentDestroyed,
                                               "description": "Destroyed: its tombstone"}}


def destroyed(guard: Guard, document_id: int) -> Tombstone | None:
    """The tombstone of a destroyed document, for archivists and for whoever may see its
    dossier (to anyone else it simply does not exist)."""
    grave = tombstone(guard.session, document_id=document_id)
    if grave is None or guard.allows(Action.retention_manage):
        return grave
    try:
        guard.dossier(grave.dossier_number)
    except NotFound:
        return None
    return grave


def opened_or_gone(guard: Guard, document_id: int) -> OpenedDocument:
    """``guard.document``, except that a destroyed document answers 410 with its tombstone."""
    grave = destroyed(guard, document_id)
    if grave is not None:
        body = DocumentDestroyed(detail="", **asdict(grave))
        raise Gone(f"document {document_id} was destroyed on {grave.destroyed_at:%Y-%m-%d}"
                   f" under certificate {grave.certificate_id}",
                   payload=body.model_dump(mode="json", exclude={"code", "detail"}))
    return guard.document(document_id)


@router.get("/{document_id}", responses=GONE)
def get_document(document_id: DocumentId, guard: GuardDep) -> dict[str, Any]:
    opened = opened_or_gone(guard, document_id)
    guard.read(opened, "document.view")
    return document_details(guard.session, opened.document)


@router.patch("/{document_id}", response_model=DocumentPublic)
def update_document(document_id: DocumentId, data: DocumentUpdate, guard: GuardDep,
                    context: ContextDep) -> Document:
    """Correct a document's metadata or mark it confidential (only the dossier's assigned
    caseworkers and named roles then see it)."""
    opened = guard.document(document_id, Action.document_write)
    document = opened.document
    before = snapshot(document, exclude={"original_key"})
    document.sqlmodel_update(data.model_dump(exclude_unset=True, exclude_none=True))
    guard.session.add(document)
    guard.record(action="document.update", entity_type="document", entity_id=document_id,
                 dossier=opened.dossier, before=before,
                 after=snapshot(document, exclude={"original_key"}),
                 reason=opened.decision.reason if opened.decision.flagged else "",
                 flagged=opened.decision.flagged)
    commit_and_drain(guard.session, context, queue=[document_id], reason="document updated")
    return document


@router.get("/{document_id}/pages/{number}", responses=GONE)
def get_page(document_id: DocumentId, number: PageNumber, guard: GuardDep) -> dict[str, Any]:
    """One page's text, confidence and word boxes (fractions of the page, origin top-left)."""
    opened = opened_or_gone(guard, document_id)
    page = guard.session.exec(select(Page).where(Page.document_id == document_id,
                                                 Page.number == number)).first()
    if page is None:
        raise NotFound(f"document {document_id} has no page {number}")
    guard.read(opened, "document.page", detail=str(number))
    data = PagePublic.model_validate(page).model_dump(mode="json")
    data["words"] = page.words
    return data


@router.get("/{document_id}/original", responses=GONE)
def download_original(document_id: DocumentId, guard: GuardDep,
                      blobs: BlobStoreDep) -> StreamingResponse:
    opened = opened_or_gone(guard, document_id)
    document = opened.document
    guard.read(opened, "document.download")
    guard.session.commit()  # the journal entry is written before any byte leaves
    stream = blobs.open(document.original_key)
    return StreamingResponse(stream, media_type=document.mime_type,
                             headers={"Content-Disposition": content_disposition(
                                 document.original_filename or f"document-{document_id}"),
                                 "X-Content-SHA256": document.original_sha256})


def content_disposition(name: str) -> str:
    """An attachment header that no file name can break: a plain ASCII fallback and the
    UTF-8 name percent-encoded (no quote, CR or LF can get through)."""
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_"
                         for c in name)[:150] or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name[:150])}"

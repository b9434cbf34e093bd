"""The document screen: the page image with the searched words highlighted on it, the page's
OCR text beside it, the metadata and links, and downloads. Opening it is journaled as the API
journals ``GET /documents/{id}``; each page image as a page read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from api import GuardDep, document_details
from core import NotFound
from core.access import Action
from core.catalog import (
    ArchivedObject,
    DossierElement,
    Household,
    Page,
    Person,
    document_persons,
)
from viewer._api import destroyed_document
from viewer._highlight import decode_boxes, marked_text, word_boxes
from viewer._pages import page_tools
from viewer._render import render

router = APIRouter()
IMAGE_WIDTH = 1200


@router.get("/documents/{document_id}")
def document_screen(request: Request, guard: GuardDep,
                    document_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                    q: Annotated[str, Query(max_length=1000)] = "",
                    boxes: Annotated[str, Query(max_length=2000)] = "",
                    zoom: Annotated[int, Query(ge=10, le=400)] = 100,
                    rotate: Annotated[int, Query(ge=0, le=360)] = 0) -> Response:
    grave = destroyed_document(guard, document_id)
    if grave is not None:  # destroyed under a disposition list: say so, not "not found"
        return render(request, "tombstone.html", guard=guard, grave=grave, status=410)
    opened = guard.document(document_id)
    guard.read(opened, "document.view")
    document, session = opened.document, guard.session
    details = document_details(session, document)
    row = session.exec(select(Page).where(Page.document_id == document_id,
                                          Page.number == page)).first()
    if row is None and page != 1:
        raise NotFound(f"document {document_id} has no page {page}")
    highlights = (decode_boxes(boxes) if boxes else
                  word_boxes(row.words, q) if row is not None else [])
    return render(request, "document.html", guard=guard, document=document, details=details,
                  dossier=opened.dossier, page=row, q=q, highlights=highlights,
                  text=marked_text(row.text, q) if row else "",
                  image=f"/api/v1/documents/{document_id}/pages/{page}/image?width={IMAGE_WIDTH}",
                  links=_links(session, guard, document.id or 0, opened.dossier,
                               document.element_id),
                  archival_pdf=session.exec(select(ArchivedObject.id).where(
                      ArchivedObject.document_id == document_id,
                      ArchivedObject.kind == "pdfa")).first() is not None,
                  can_review=guard.allows(Action.document_write),
                  tools=page_tools(document_id, page, document.page_count, q, zoom, rotate))


def _links(session: Session, guard: GuardDep, document_id: int, dossier: Any,
           element_id: int | None) -> dict[str, Any]:
    """The element, persons and household the document is tied to."""
    element = session.get(DossierElement, element_id) if element_id else None
    household = (session.get(Household, dossier.household_id)
                 if dossier is not None and dossier.household_id else None)
    persons: list[Person] = []
    if guard.allows(Action.people_read):
        ids = [p.person_id for p in document_persons(session, document_id=document_id)]
        persons = list(session.exec(select(Person).where(col(Person.id).in_(ids))).all())
    return {"element": element, "household": household, "persons": persons}

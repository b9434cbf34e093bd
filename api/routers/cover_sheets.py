"""Cover sheets: a PDF page the clerk puts in front of a document before scanning. In a stack it
both starts a new document and files it in the dossier (element, type) it names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api._guard import GuardDep
from api.routers.documents import content_disposition
from core import InvalidInput, NotFound
from core.access import Action
from core.catalog import DossierElement, element_by_reference
from ingest import CoverSheet, check_desk_metadata, render_cover_sheet

router = APIRouter(prefix="/dossiers", tags=["cover sheets"])


@router.get("/{number}/cover-sheet", response_class=Response,
            responses={200: {"content": {"application/pdf": {}},
                             "description": "A one-page A4 PDF"}})
def cover_sheet(number: str, guard: GuardDep,
                element: Annotated[str | None, Query(max_length=64,
                                                     description="Element reference")] = None,
                doc_type: Annotated[str | None, Query(alias="type", max_length=40,
                                                      description="Document type code")] = None,
                ) -> Response:
    """A cover sheet for the dossier, optionally for one of its elements and a document type.
    For people who send batches, on dossiers they may see."""
    guard.require(Action.batch_create)
    dossier = guard.dossier(number)
    chosen = _element(guard, dossier.id, element) if element else None
    check_desk_metadata(guard.session, dossier_number=None, element_reference=None,
                        doc_type=doc_type or None)
    sheet = CoverSheet(dossier_number=dossier.number, dossier_title=dossier.title,
                       element_reference=chosen.reference if chosen else None,
                       element_title=chosen.title if chosen else None,
                       doc_type=doc_type or None, service=dossier.service or None)
    name = "-".join(p for p in ("cover-sheet", dossier.number, element, doc_type) if p) + ".pdf"
    return Response(render_cover_sheet(sheet), media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition(name)})


def _element(guard: GuardDep, dossier_id: int | None, reference: str) -> DossierElement:
    try:
        found = element_by_reference(guard.session, reference=reference)
    except NotFound:
        found = None
    if found is None or found.dossier_id != dossier_id:
        raise InvalidInput(f"dossier has no element {reference!r}")
    return found

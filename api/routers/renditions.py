"""Renditions of a document made from its stored original and kept in the blob store under
``derived/renditions/`` for the next reader: page images, turned as they were for OCR so the
word boxes of ``GET /documents/{id}/pages/{n}`` fall on them (journaled as page reads), and the
document alone as a PDF (journaled as a download)."""

from __future__ import annotations

import hashlib
import io
import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pikepdf
from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import Response, StreamingResponse
from PIL import Image
from sqlmodel import col, select

from api._guard import GuardDep
from api.deps import BlobStoreDep
from api.routers.documents import content_disposition
from core import NotFound
from core.catalog import ArchivedObject, Document, Page
from ocr import render_page
from storage import BlobStore

router = APIRouter(prefix="/documents", tags=["documents"])

DocumentId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
PageNumber = Annotated[int, PathParam(ge=1, le=2**31 - 1)]
#: Widths actually rendered: a request is served at the next one up, so the cache stays small.
WIDTHS = (200, 400, 800, 1200, 1600, 2000)
MAX_DPI = 300
PDF_DPI = 200  # scanned pages put into a PDF
#: Clockwise turns as Pillow transpositions (the same as ``ocr`` applies before OCR).
TURN_CLOCKWISE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
                  270: Image.Transpose.ROTATE_90}
FORMATS = {"webp": "image/webp", "png": "image/png"}


def rendition_width(requested: int) -> int:
    """The rendered width serving a request: the smallest of ``WIDTHS`` not below it."""
    return next((w for w in WIDTHS if w >= requested), WIDTHS[-1])


def rendition_key(document_id: int, page: Page, width: int, fmt: str) -> str:
    """Derived from what the picture depends on: document, page, turn, width and format."""
    return (f"derived/renditions/{document_id}/page-{page.number}-r{page.rotation % 360}"
            f"-w{width}.{fmt}")


@router.get("/{document_id}/pages/{number}/image",
            responses={200: {"content": {"image/webp": {}, "image/png": {}}}})
def page_image(document_id: DocumentId, number: PageNumber, guard: GuardDep,
               blobs: BlobStoreDep, width: int = Query(default=1200, ge=50, le=4000),
               fmt: str = Query(default="webp", alias="format", pattern="^(webp|png)$"),
               ) -> Response:
    """The page as an image ``width`` pixels wide (rounded up to a rendered size), upright
    as OCR saw it: word boxes (fractions of the page) can be drawn straight over it."""
    opened = guard.document(document_id)
    page = guard.session.exec(select(Page).where(Page.document_id == document_id,
                                                 Page.number == number)).first()
    if page is None:
        raise NotFound(f"document {document_id} has no page {number}")
    guard.read(opened, "document.page", detail=f"{number} image")
    guard.session.commit()  # the journal entry is written before any byte leaves
    key = rendition_key(document_id, page, rendition_width(width), fmt)
    if blobs.exists(key):
        data = blobs.get(key)
    else:
        data = render_rendition(blobs, opened.document, page, rendition_width(width), fmt)
        blobs.put(key, data, content_type=FORMATS[fmt])
    return Response(content=data, media_type=FORMATS[fmt],
                    headers={"Cache-Control": "private, no-store"})


@router.get("/{document_id}/pdf", responses={200: {"content": {"application/pdf": {}}}})
def document_pdf(document_id: DocumentId, guard: GuardDep, blobs: BlobStoreDep) -> Response:
    """The document alone as a PDF, pages upright: a split document's own pages cut out of
    its original, a scanned image turned into PDF pages. Journaled as a download."""
    opened = guard.document(document_id)
    pages = guard.session.exec(select(Page).where(Page.document_id == document_id)
                               .order_by(col(Page.number))).all()
    if not pages:
        raise NotFound(f"document {document_id} has no pages")
    decision = opened.decision
    guard.record(action="document.download", entity_type="document", entity_id=document_id,
                 dossier=opened.dossier, after={"rendition": "pdf"},
                 reason=decision.reason if decision.flagged else "", flagged=decision.flagged)
    guard.session.commit()
    layout = hashlib.sha256(repr([(p.source_page, p.rotation) for p in pages]).encode())
    key = f"derived/renditions/{document_id}/document-{layout.hexdigest()[:16]}.pdf"
    if blobs.exists(key):
        data = blobs.get(key)
    else:
        data = render_pdf(blobs, opened.document, pages)
        blobs.put(key, data, content_type="application/pdf")
    name = Path(opened.document.original_filename or f"document-{document_id}").stem + ".pdf"
    return Response(content=data, media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition(name),
                             "Cache-Control": "private, no-store"})


def render_pdf(blobs: BlobStore, document: Document, pages: Sequence[Page]) -> bytes:
    with original_copy(blobs, document) as path:
        if document.mime_type == "application/pdf":
            return _cut_pdf(path, pages)
        images = [upright(render_page(path, document.mime_type, p.source_page, dpi=PDF_DPI),
                          p.rotation, None) for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:],
                   resolution=PDF_DPI)
    return out.getvalue()


def _cut_pdf(path: Path, pages: Sequence[Page]) -> bytes:
    out = io.BytesIO()
    with pikepdf.open(path) as source, pikepdf.new() as target:
        for page in pages:
            target.pages.append(source.pages[page.source_page - 1])
            if page.rotation % 360:
                target.pages[-1].rotate(page.rotation % 360, relative=True)
        target.save(out)
    return out.getvalue()


@contextmanager
def original_copy(blobs: BlobStore, document: Document) -> Iterator[Path]:
    """The original in a temporary file (the renderers read files), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="liasse-render-") as folder:
        path = Path(folder) / "original"
        with blobs.open(document.original_key) as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield path


def render_rendition(blobs: BlobStore, document: Document, page: Page, width: int,
                     fmt: str) -> bytes:
    """Render the page from the original."""
    with original_copy(blobs, document) as path:
        image = render_page(path, document.mime_type, page.source_page,
                            dpi=_dpi_for(page, width))
    return encode(upright(image, page.rotation, width), fmt)


def _dpi_for(page: Page, width: int) -> int:
    """Enough resolution for ``width`` pixels across whichever side ends up horizontal."""
    side_pt = min(page.width_pt or 0, page.height_pt or 0)
    if side_pt <= 0:
        return 150
    return max(36, min(MAX_DPI, math.ceil(width * 72 / side_pt)))


def upright(image: Image.Image, rotation: int, width: int | None) -> Image.Image:
    """Turned clockwise by ``rotation`` and scaled to ``width`` pixels across (if given)."""
    turn = TURN_CLOCKWISE.get(rotation % 360)
    if turn is not None:
        image = image.transpose(turn)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    if width is None:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, format="WEBP", quality=82, method=4)
    else:
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@router.get("/{document_id}/archival-pdf",
            responses={200: {"content": {"application/pdf": {}}}})
def archival_pdf(document_id: DocumentId, guard: GuardDep, blobs: BlobStoreDep,
                 ) -> StreamingResponse:
    """The PDF/A rendition made when the document's dossier was archived (404 before that).
    Journaled as a download."""
    opened = guard.document(document_id)
    rendition = guard.session.exec(
        select(ArchivedObject).where(ArchivedObject.document_id == document_id,
                                     ArchivedObject.kind == "pdfa")
        .order_by(col(ArchivedObject.id).desc())).first()
    if rendition is None:
        raise NotFound(f"document {document_id} has no archival PDF yet: it is made when "
                       "its dossier is archived")
    guard.read(opened, "document.download")
    guard.session.commit()  # the journal entry is written before any byte leaves
    name = f"{opened.document.title or 'document'}-pdfa.pdf"
    return StreamingResponse(blobs.open(rendition.key), media_type="application/pdf",
                             headers={"Content-Disposition": content_disposition(name),
                                      "X-Content-SHA256": rendition.sha256})

"""The whole trip of a letter: generated from the starter request, found in search, printed,
signed and scanned back in an unrelated batch, where it files itself."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from sqlmodel import select

from core.catalog import Document, DocumentSource, JournalEntry, Letter, LetterReturn
from index import SearchQuery
from ingest import IncomingFile, drain_all, process_item, receive_batch
from letters import LetterOrder, generate_letter
from liasse.wiring import Services
from tests.letters.conftest import CASEWORKER, needs_libreoffice
from tests.support.dossiers import SeededCatalog

pytestmark = [needs_libreoffice, pytest.mark.slow]


def scanned_back(pdf: bytes, *, dpi: int = 200, skew: float = 1.2) -> bytes:
    """What a scanner makes of the printed, signed letter: each page rasterised at ``dpi``,
    grey, turned a little, with a pen signature, as an image-only PDF."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        pen = ImageDraw.Draw(image)
        width, height = image.size
        pen.line([(width * 0.55, height * 0.62), (width * 0.62, height * 0.58),
                  (width * 0.7, height * 0.63), (width * 0.78, height * 0.57)], fill=40, width=4)
        pages.append(image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255,
                                  expand=False))
    document.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_a_signed_request_comes_back_and_files_itself(services: Services,
                                                      seeded: SeededCatalog) -> None:
    """GIVEN the starter request for missing documents generated for dossier 824415, element
    DEM-APLAC-002 (reply within 30 days)
    WHEN it is found by a word of its text in the dossier, printed, signed, scanned at 200 dpi
    in grey with a slight skew and sent in a batch that names no dossier
    THEN the scan is filed to the same dossier and element without review, linked to the
    letter as its returned copy, and the letter's reply-by line in the journal is answered."""
    letter = generate_letter(services.letters, template="demande-pieces-fr", actor=CASEWORKER,
                             order=LetterOrder("824415", "DEM-APLAC-002",
                                               {"missing_documents": "attestation de loyer"}))
    drain_all(services.sessions, services.index)
    found = services.index.search(SearchQuery(text="loyer", dossier="824415"))
    assert [hit.document for hit in found.hits] == [letter.document_id]
    with services.sessions() as session:
        generated = session.get(Document, letter.document_id)
        assert generated is not None and generated.source == DocumentSource.generated
        pdf = services.blobs.get(generated.original_key)

    with services.sessions.transaction() as session:
        _, items = receive_batch(session, services.blobs,
                                 [IncomingFile("scan-0001.pdf", io.BytesIO(scanned_back(pdf)))],
                                 source="cli", created_by="clerk")
        item_id = items[0].id
    assert item_id is not None
    process_item(item_id, services.pipeline)

    with services.sessions() as session:
        back = session.exec(select(Document).where(Document.id != letter.document_id)).one()
        assert (back.dossier_id, back.element_id) == (seeded.dossier_id, seeded.element_id)
        assert back.status == "active" and back.source == DocumentSource.scan
        assert "letter" in back.link_reason and str(letter.letter_id) in back.link_reason
        link = session.exec(select(LetterReturn)).one()
        assert (link.letter_id, link.document_id) == (letter.letter_id, back.id)
        row = session.get(Letter, letter.letter_id)
        assert row is not None and row.answered_on is not None
        line = session.exec(select(JournalEntry).where(
            JournalEntry.document_id == letter.document_id)).one()
        assert line.kind == "produced" and line.reply_by == letter.reply_by
        assert line.answered_on == row.answered_on and line.answered_by_document_id == back.id

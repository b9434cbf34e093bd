"""A stack as a clerk scans it, through the real pipeline and real tesseract: a cover sheet, a
two-page letter with one page upside down, a blank backside, a separator sheet, another
document."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pypdfium2 as pdfium
import pytest
import segno
from PIL import Image
from sqlmodel import col, select

from core.catalog import BatchItem, Document, Page
from index import SearchQuery
from ingest import (
    BatchReport,
    CoverSheet,
    IncomingFile,
    ItemReport,
    batch_report,
    process_item,
    render_cover_sheet,
)
from ingest import receive_batch as receive
from liasse.wiring import Services
from tests.support.documents import page_image
from tests.support.dossiers import SeededCatalog, seed_catalog

DPI = 200
LETTER_PAGE_1 = "\n".join([
    "Service social de la Ville de Lausanne",
    "Madame Amélie Dubois, Rue du Midi 4, 1003 Lausanne",
    "Objet : demande de participation aux frais de garde",
    "Madame, nous avons bien reçu votre demande du 3 mai.",
    "Pour la traiter, nous avons besoin des pièces suivantes :",
    "vos trois dernières fiches de salaire et votre contrat de bail."])
LETTER_PAGE_2 = "\n".join([
    "Les documents peuvent être déposés au guichet de Montbenon",
    "ou envoyés par la poste avant la fin du mois prochain.",
    "Sans réponse de votre part, la demande sera classée.",
    "Nous vous prions d'agréer, Madame, nos salutations distinguées.",
    "La responsable du secteur hippocampe"])
OTHER = "\n".join([
    "Attestation de domicile",
    "Le contrôle des habitants certifie que Monsieur Mario Rossi",
    "est domicilié à Lausanne depuis le 1er janvier 2019."])


def cover_page(sheet: CoverSheet) -> Image.Image:
    """Liasse's own cover sheet PDF, printed and scanned: rasterised at the stack's DPI."""
    document = pdfium.PdfDocument(render_cover_sheet(sheet))
    image = document[0].render(scale=DPI / 72).to_pil().convert("L")
    document.close()
    return image


def separator_page(size: tuple[int, int]) -> Image.Image:
    """A PATCHT separator sheet, as a QR code (like paperless-ngx's patch-code-t-qr sample)."""
    page = Image.new("L", size, 255)
    png = io.BytesIO()
    segno.make("PATCHT", micro=False).save(png, kind="png", scale=12, border=4)
    page.paste(Image.open(io.BytesIO(png.getvalue())).convert("L"),
               (size[0] // 3, size[1] // 3))
    return page


def stack_pdf() -> bytes:
    letter_1, letter_2 = page_image(LETTER_PAGE_1, dpi=DPI), page_image(LETTER_PAGE_2, dpi=DPI)
    cover = cover_page(CoverSheet(dossier_number="824415", dossier_title="Famille Dubois",
                                  doc_type="letter", service="DEM")).resize(letter_1.size)
    pages = [cover, letter_1, letter_2.rotate(180), Image.new("L", letter_1.size, 250),
             separator_page(letter_1.size), page_image(OTHER, dpi=DPI)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return out.getvalue()


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


@pytest.mark.slow
def test_a_scanned_stack_becomes_the_right_documents(services: Services,
                                                     seeded: SeededCatalog) -> None:
    """GIVEN a stack: cover sheet for dossier 824415 (type letter), a two-page letter whose
    second page is upside down, a blank backside, a PATCHT separator, an attestation
    WHEN it goes through the pipeline THEN two documents: the letter (2 pages, in dossier
    824415, typed letter, by the clerk's cover sheet) and the attestation (1 page, no cover);
    the blank page is counted; the upside-down page was turned and its words are searchable."""
    with services.sessions.transaction() as session:
        batch, [item] = receive(session, services.blobs,
                                [IncomingFile("pile.pdf", io.BytesIO(stack_pdf()))],
                                source="watch", created_by="claire")
    assert item.id is not None and batch.id is not None
    config = replace(services.intake, ocr_languages=("fra",))
    process_item(item.id, replace(services.pipeline, config=config))
    with services.sessions() as session:
        letter, other = session.exec(select(Document).where(Document.batch_item_id == item.id)
                                     .order_by(col(Document.part))).all()
        letter_pages = session.exec(select(Page).where(Page.document_id == letter.id)
                                    .order_by(col(Page.number))).all()
        stored = session.get(BatchItem, item.id)
        progress = batch_report(session, batch_id=batch.id).as_json()["progress"]
    assert (letter.page_count, letter.first_page, other.page_count, other.first_page) == (
        2, 2, 1, 6)
    assert letter.dossier_id == seeded.dossier_id and letter.doc_type == "letter"
    assert letter.link_made_by == "person:claire" and other.link_made_by != "person:claire"
    assert [(p.source_page, p.rotation) for p in letter_pages] == [(2, 0), (3, 180)]
    assert "Montbenon" in letter_pages[1].text
    assert stored is not None and stored.blank_pages == 1
    assert progress["documents_found"] == 2 and progress["pages_done"] == 6
    found = services.index.search(SearchQuery(text="Montbenon"))
    assert [(hit.document, hit.page) for hit in found.hits] == [(letter.id, 2)]


def test_time_left_follows_the_recent_pace() -> None:
    """GIVEN a batch queued an hour ago whose first file (100 pages) was read in the last
    5 minutes and whose second (100 pages) has 50 read in the last minute WHEN progress is
    asked THEN the pace is that of the last minutes (the hour in the queue does not count),
    the time left follows from it, and documents found add up per file."""
    now = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    report = BatchReport(batch=1, status="running", created_at=now - timedelta(hours=1),
                         finished_at=None, items=(
        ItemReport(1, "a.pdf", "done", "", 100, 100, documents_found=3,
                   started_at=now - timedelta(minutes=5), finished_at=now - timedelta(minutes=1)),
        ItemReport(2, "b.pdf", "processing", "", 100, 50, documents_found=2,
                   started_at=now - timedelta(minutes=1))))
    rate = report.pages_per_second(now)
    assert rate is not None and rate == pytest.approx(150 / 300)
    assert report.seconds_left(now) == pytest.approx(50 / rate)
    assert report.documents_found == 5
    quiet = replace(report, items=(replace(report.items[1], pages_done=0),))
    assert quiet.pages_per_second(now) is None and quiet.seconds_left(now) is None


def test_the_bar_never_goes_backwards_when_a_file_opens() -> None:
    """GIVEN a 6-file batch read file by file, each file's page count known only once it is
    opened (the case where pages done / pages total ran 75 % -> 57 % -> 100 %) WHEN progress
    is sampled after every page THEN the percent never decreases, ends at 100, and the files
    not opened yet are counted as such."""
    now = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    sizes = (3, 1, 4, 2, 6, 1)
    samples, unopened = [], []
    for current, size in enumerate(sizes):
        for done in range(size + 1):
            items = tuple(
                ItemReport(n, f"{n}.pdf", "done" if n < current else
                           ("processing" if n == current else "received"), "",
                           sizes[n] if n <= current else 0,
                           sizes[n] if n < current else (done if n == current else 0))
                for n in range(len(sizes)))
            report = BatchReport(batch=1, status="running", created_at=now,
                                 finished_at=None, items=items)
            samples.append(report.percent)
            unopened.append(report.files_unopened)
    finished = BatchReport(batch=1, status="done", created_at=now, finished_at=now, items=tuple(
        ItemReport(n, f"{n}.pdf", "done", "", s, s) for n, s in enumerate(sizes)))
    assert all(a <= b for a, b in pairwise(samples)), samples
    assert finished.percent == 100 and samples[0] == 0
    assert unopened[0] == 5 and unopened[-1] == 0

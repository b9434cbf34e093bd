"""The separator samples of ../shared/corpus/separators/ (paperless-ngx's barcode test files,
GPL-3.0: read from the shared corpus, never copied here) split as their MANIFEST says, through
the real pipeline and real tesseract.

Expected documents are written as the pages of the original each document holds. Blank pages
are left out of documents (Liasse's rule), so paperless's "pages 6–8" is "page 6" here when
pages 7 and 8 are empty. Two samples need the setting their MANIFEST line names: the
Code 128 "CUSTOM BARCODE" sample splits only with that value configured as a separator, and
the ASN sample splits at its ASN labels only with "ASN" configured as a document-start prefix
(``LIASSE_SPLIT_START_CODES``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

import pytest
from sqlmodel import col, select

from core.catalog import BatchItem, Document, ItemStatus, Page
from ingest import IncomingFile, process_item, receive_batch
from liasse.wiring import Services
from tests.conftest import CORPUS, corpus_file


@dataclass(frozen=True)
class Expected:
    documents: tuple[tuple[int, ...], ...]  # pages of the original, per document
    separators: tuple[str, ...] = ("PATCHT",)
    starts: tuple[str, ...] = ()


EXPECTED = {
    "paperless_patch-code-t.pdf": Expected(()),  # only a separator sheet: nothing to keep
    "paperless_patch-code-t-middle.pdf": Expected(((1,), (3,))),
    "paperless_several-patcht-codes.pdf": Expected(((1, 2), (4, 5), (7,))),
    "paperless_patch-code-t-qr.pdf": Expected(()),  # a QR separator, on a born-digital page
    "paperless_patch-code-t-middle-unreadable.pdf": Expected(((1, 2, 3),)),  # does NOT split
    "paperless_barcode-fax-image.pdf": Expected(((1,), (3,))),
    "paperless_barcode-39-asn-123.pdf": Expected(((1,),), starts=("ASN",)),
    "paperless_barcode-qr-asn-000123-upscale-dpi.pdf": Expected(((1,),), starts=("ASN",)),
    "paperless_split-by-asn-2.pdf": Expected(((1,), (4,), (5,), (6,), (9,), (11,)),
                                             starts=("ASN",)),
    "paperless_barcode-128-custom.pdf": Expected((), separators=("CUSTOM BARCODE",)),
}


def documents_of(services: Services, name: str, expected: Expected) -> tuple[
        str, list[tuple[int, ...]]]:
    """Ingest one sample with the settings it needs; its item status and documents' pages."""
    data = corpus_file(f"separators/{name}").read_bytes()
    with services.sessions.transaction() as session:
        _, [item] = receive_batch(session, services.blobs, [IncomingFile(name, io.BytesIO(data))],
                                  source="watch")
    assert item.id is not None
    analysis = replace(services.intake.analysis, separators=expected.separators)
    config = replace(services.intake, analysis=analysis, split_starts=expected.starts,
                     ocr_languages=("eng",))
    process_item(item.id, replace(services.pipeline, config=config))
    with services.sessions() as session:
        stored = session.get(BatchItem, item.id)
        documents = session.exec(select(Document).where(Document.batch_item_id == item.id)
                                 .order_by(col(Document.part))).all()
        pages = [tuple(session.exec(select(Page.source_page).where(Page.document_id == d.id)
                                    .order_by(col(Page.number))).all()) for d in documents]
    assert stored is not None
    return str(stored.status), pages


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_splits_as_its_manifest_says(services: Services, name: str) -> None:
    """GIVEN a separator sample WHEN it goes through the pipeline with the settings its MANIFEST
    line names THEN it becomes exactly the documents listed (a file holding nothing but marker
    sheets is quarantined with its reason, as no document is left)."""
    expected = EXPECTED[name]
    status, pages = documents_of(services, name, expected)
    assert pages == list(expected.documents)
    assert status == (ItemStatus.done if expected.documents else ItemStatus.quarantined)


def test_every_separator_sample_of_the_manifest_is_checked() -> None:
    """GIVEN the corpus MANIFEST WHEN its separators/ lines are read THEN each has an
    expectation here (a new sample cannot be left out silently)."""
    manifest = corpus_file("MANIFEST.tsv")
    with manifest.open(encoding="utf-8") as lines:
        rows = [row["path"] for row in csv.DictReader(lines, delimiter="\t")]
    listed = {path.removeprefix("separators/") for path in rows if path.startswith("separators/")}
    assert listed == set(EXPECTED), f"see {CORPUS / 'MANIFEST.tsv'}"

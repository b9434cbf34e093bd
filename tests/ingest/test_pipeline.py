"""The pipeline's promises: retries never duplicate, failures quarantine and lose nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image
from sqlmodel import select

from core.catalog import BatchItem, Document, ItemStatus, Page
from core.messages import Message, render
from ingest import IncomingFile, PipelineContext, process_item, receive_batch
from liasse.wiring import Services
from ocr import OcrResult
from tests.support.documents import scanned_pdf, text_pdf


@dataclass(frozen=True)
class CrashingEngine:
    """A real OCR engine that fails on every page, as a broken tesseract would."""

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        raise RuntimeError("tesseract crashed (signal 11)")


@dataclass(frozen=True)
class FixedTextEngine:
    text: str

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        return OcrResult(text=self.text, confidence=91.0)


def receive(services: Services, *files: tuple[str, bytes]) -> list[int]:
    with services.sessions.transaction() as session:
        _, items = receive_batch(session, services.blobs,
                                 [IncomingFile(n, io.BytesIO(b)) for n, b in files], source="cli")
        return [i.id for i in items if i.id is not None]


def documents(services: Services) -> list[Document]:
    with services.sessions() as session:
        return list(session.exec(select(Document)).all())


def test_a_retried_item_never_creates_a_second_document(services: Services) -> None:
    """GIVEN an item processed once WHEN the task runs again (a redelivered message), also after
    its status was reset as if a worker had died mid-way THEN there is still one document."""
    [item_id] = receive(services, ("a.pdf", text_pdf(["Attestation de revenus"])))
    assert process_item(item_id, services.pipeline) == ItemStatus.done
    assert process_item(item_id, services.pipeline) == ItemStatus.done
    with services.sessions.transaction() as session:
        session.get(BatchItem, item_id).status = ItemStatus.processing
    assert process_item(item_id, services.pipeline) == ItemStatus.done
    [doc] = documents(services)
    with services.sessions() as session:
        assert len(session.exec(select(Page).where(Page.document_id == doc.id)).all()) == 1


def test_same_bytes_twice_in_one_batch_give_one_document_and_one_duplicate(
        services: Services) -> None:
    """GIVEN one batch holding the same file twice WHEN both items are processed
    THEN the first is a document and the second a duplicate of it."""
    data = text_pdf(["Contrat de bail"])
    first, second = receive(services, ("bail.pdf", data), ("bail (1).pdf", data))
    assert process_item(first, services.pipeline) == ItemStatus.done
    assert process_item(second, services.pipeline) == ItemStatus.duplicate
    [doc] = documents(services)
    with services.sessions() as session:
        assert session.get(BatchItem, second).duplicate_of == doc.id


def test_an_ocr_crash_quarantines_the_file_and_keeps_the_original(services: Services) -> None:
    """GIVEN an OCR engine that crashes WHEN a scan is processed
    THEN the item is quarantined with a reason naming the page; its original is still stored."""
    [item_id] = receive(services, ("scan.pdf", scanned_pdf(["Rapport social"])))
    broken = replace(services.pipeline, ocr_engine=CrashingEngine())
    assert process_item(item_id, broken) == ItemStatus.quarantined
    with services.sessions() as session:
        item = session.get(BatchItem, item_id)
    reason = Message.read(item.reason)
    assert reason == Message("quarantine.ocr_failed", {"page": 1})
    assert render(reason, "de").startswith("der Text von Seite 1 konnte nicht gelesen werden")
    assert services.blobs.stat(item.original_key).sha256 == item.sha256
    assert documents(services) == []


def test_the_engine_text_is_what_gets_stored_and_indexed(services: Services) -> None:
    """GIVEN an engine that reads fixed text WHEN a scan is processed
    THEN the page keeps that text and confidence, and search finds it."""
    [item_id] = receive(services, ("scan.pdf", scanned_pdf(["ignored"])))
    ctx: PipelineContext = replace(services.pipeline,
                                   ocr_engine=FixedTextEngine("Relazione sociale di Rossi"))
    assert process_item(item_id, ctx) == ItemStatus.done
    [doc] = documents(services)
    assert doc.ocr_confidence == 91.0
    from index import SearchQuery
    assert services.index.search(SearchQuery(text="relazione")).total == 1

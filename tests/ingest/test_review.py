"""The review queue: why a document waits, and a clerk's confirm, re-link, re-type, merge and
split, one by one or in bulk, inside the caller's transaction."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pytest
from PIL import Image
from sqlmodel import col, select

from core import InvalidInput, NotFound
from core.catalog import BatchItem, Document, DocumentStatus, IndexOutbox, Page, dossier_journal
from ingest import (
    BulkOutcome,
    IncomingFile,
    ReviewReason,
    ReviewRules,
    confirm_document,
    continuation_marker,
    merge_documents,
    process_item,
    receive_batch,
    relink_document,
    retype_document,
    review_queue,
    run_bulk,
    split_document,
)
from ingest._doubts import PageFacts, review_doubts
from liasse.wiring import Services
from ocr import OcrResult
from tests.support.documents import scanned_pdf, text_pdf
from tests.support.dossiers import SeededCatalog, ingest_file, seed_catalog

LETTER = ["Lettre de Madame Martin\nObjet : demande d'aide\nPage 1/3",
          "Suite de la lettre\nmes revenus ont baissé\nPage 2/3",
          "Fin de la lettre\nVeuillez agréer\nPage 3/3"]


@dataclass(frozen=True)
class BlurryEngine:
    """A real OCR engine that reads every page with a low confidence, as a faint fax would:
    running text still (a reading of noise, without one common word, would make the page
    unreadable instead, ``ocr._reread``)."""

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        return OcrResult(text="Attestation de domicile : la personne est domiciliée à la rue "
                              "du Midi", confidence=41.0)


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


@pytest.fixture
def unfiled(services: Services, seeded: SeededCatalog) -> Document:
    """GIVEN a three-page letter naming no dossier: it waits in review, in no dossier."""
    document = ingest_file(services, "lettre.pdf", text_pdf(LETTER))
    assert document.status == DocumentStatus.review and document.dossier_id is None
    return document


def queued(services: Services, **filters: object) -> list[tuple[int, tuple[ReviewReason, ...]]]:
    with services.sessions() as session:
        page = review_queue(session, **filters)  # type: ignore[arg-type]
        return [(e.document.id or 0, e.reasons) for e in page.entries]


def test_the_rules_name_low_confidence_empty_pages_and_continuations() -> None:
    """GIVEN page facts WHEN the review rules look at them THEN each doubt is named with its
    reason; a continuation only counts when the file was cut; text-layer pages never lower the
    confidence."""
    low = [PageFacts(1, "texte", "ocr", 40.0), PageFacts(2, "", "none", None)]
    reasons = [d.reason for d in review_doubts(low, split=False)]
    assert reasons == [ReviewReason.low_confidence, ReviewReason.doubtful_split]
    assert review_doubts([PageFacts(1, "texte", "text-layer", None)], split=False) == ()
    assert review_doubts([PageFacts(1, "texte", "ocr", 70.0)], split=False,
                         rules=ReviewRules(min_confidence=80))[0].detail.startswith(
        "OCR confidence 70 is below 80")
    follow = [PageFacts(1, "Seite 2 von 3\nweiter im Text", "ocr", 90.0)]
    assert review_doubts(follow, split=False) == ()
    assert "Seite 2 von 3" in review_doubts(follow, split=True)[0].detail
    assert continuation_marker("Madame,\n...\n- 3 -") == "- 3 -"
    assert continuation_marker("Page 1/2\nObjet") is None
    assert continuation_marker("Loyer 12/10 payé") is None


def ingest_faint(services: Services) -> Document:
    """A one-page scan filed at the desk in dossier 824415, read by a faint OCR."""
    with services.sessions.transaction() as session:
        _, [item] = receive_batch(session, services.blobs, [IncomingFile(
            "fax.pdf", io.BytesIO(scanned_pdf(["Attestation"])))], source="cli",
            created_by="clerk", dossier_number="824415")
    assert item.id is not None
    process_item(item.id, replace(services.pipeline, ocr_engine=BlurryEngine()))
    with services.sessions() as session:
        return session.exec(select(Document).where(Document.batch_item_id == item.id)).one()


def batch_of(services: Services, document: Document) -> int:
    with services.sessions() as session:
        item = session.get(BatchItem, document.batch_item_id)
        assert item is not None
        return item.batch_id


def test_the_queue_lists_each_document_with_its_reasons(services: Services,
                                                        unfiled: Document) -> None:
    """GIVEN a letter in no dossier and a faint scan filed at the desk in dossier 824415
    WHEN the queue is listed, whole, by reason, by batch and for a person who may not see the
    letter THEN both wait, each with its own reason, and each filter keeps the matching ones."""
    faint = ingest_faint(services)
    assert faint.status == DocumentStatus.review and faint.dossier_id is not None
    assert queued(services) == [(unfiled.id, (ReviewReason.no_dossier,)),
                                (faint.id, (ReviewReason.low_confidence,))]
    assert queued(services, reason=ReviewReason.low_confidence) == [
        (faint.id, (ReviewReason.low_confidence,))]
    assert queued(services, reason=ReviewReason.no_dossier) == [
        (unfiled.id, (ReviewReason.no_dossier,))]
    assert queued(services, reason=ReviewReason.doubtful_split) == []
    assert [i for i, _ in queued(services, batch_id=batch_of(services, unfiled))] == [unfiled.id]
    assert [i for i, _ in queued(services, visible=lambda d: d.id != unfiled.id)] == [faint.id]
    assert queued(services, rules=ReviewRules(min_confidence=30)) == [
        (unfiled.id, (ReviewReason.no_dossier,)), (faint.id, (ReviewReason.doubtful_link,))]


def test_confirm_needs_a_dossier_and_relink_takes_the_document_out(
        services: Services, unfiled: Document) -> None:
    """GIVEN a letter in no dossier WHEN a clerk confirms it THEN refused (re-link it first);
    WHEN she re-links it to dossier 824415 THEN it leaves the queue, filed by her, in the
    dossier's journal, and queued for the index."""
    assert unfiled.id is not None
    with pytest.raises(InvalidInput, match="re-link it first"), \
            services.sessions.transaction() as session:
        confirm_document(session, document_id=unfiled.id, username="claire")
    with services.sessions.transaction() as session:
        relink_document(session, document_id=unfiled.id, dossier_number="824415",
                        element_reference=None, username="claire", note="lu à la main")
    with services.sessions() as session:
        document = session.get(Document, unfiled.id)
        assert document is not None and document.status == DocumentStatus.active
        assert document.link_made_by == "person:claire"
        assert document.dossier_id is not None
        journal = dossier_journal(session, dossier_id=document.dossier_id)
        assert [e.document_id for e in journal] == [unfiled.id]
        assert unfiled.id in session.exec(select(IndexOutbox.document_id)).all()
    assert queued(services) == []


def test_retype_keeps_the_document_waiting_until_confirmed(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a faint scan in dossier 824415, waiting for its low confidence
    WHEN a clerk re-types it THEN it still waits; WHEN she confirms it THEN it leaves the
    queue with its type and dossier recorded as hers."""
    faint = ingest_faint(services)
    assert faint.id is not None
    with services.sessions.transaction() as session:
        retype_document(session, document_id=faint.id, doc_type="attestation",
                        username="claire")
    assert [i for i, _ in queued(services)] == [faint.id]
    with services.sessions.transaction() as session:
        confirmed = confirm_document(session, document_id=faint.id, username="claire")
        assert confirmed.status == DocumentStatus.active
    with services.sessions() as session:
        document = session.get(Document, faint.id)
        assert document is not None and document.doc_type == "attestation"
        assert (document.type_made_by, document.link_made_by) == ("person:claire",) * 2
        assert document.dossier_id == seeded.dossier_id
    assert queued(services) == []


def pages_of(services: Services, document_id: int) -> list[tuple[int, int]]:
    """(number, page of the original) of a document's pages."""
    with services.sessions() as session:
        rows = session.exec(select(Page).where(Page.document_id == document_id)
                            .order_by(col(Page.number))).all()
        return [(p.number, p.source_page) for p in rows]


def test_split_then_merge_gives_back_the_document(services: Services,
                                                  unfiled: Document) -> None:
    """GIVEN a three-page letter WHEN a clerk splits it before page 2 THEN a new document of the
    same original holds pages 2-3 (renumbered 1-2, part numbers unique), waiting in review, and
    the first keeps page 1; WHEN she merges the second back THEN one document of three pages in
    their original order, the second removed, both queued for the index."""
    assert unfiled.id is not None
    with services.sessions.transaction() as session:
        second = split_document(session, document_id=unfiled.id, at_page=2, username="claire")
        second_id = second.id
    assert second_id is not None
    assert pages_of(services, unfiled.id) == [(1, 1)]
    assert pages_of(services, second_id) == [(1, 2), (2, 3)]
    with services.sessions() as session:
        first, new = session.get(Document, unfiled.id), session.get(Document, second_id)
        assert first is not None and new is not None
        assert (first.part, new.part, new.first_page, new.page_count) == (0, 1, 2, 2)
        assert new.status == DocumentStatus.review
        assert "split from document" in new.link_reason
    with services.sessions.transaction() as session:
        merged = merge_documents(session, document_id=second_id, other_id=unfiled.id)
        assert merged.id == second_id
    assert pages_of(services, second_id) == [(1, 1), (2, 2), (3, 3)]
    with services.sessions() as session:
        kept = session.get(Document, second_id)
        assert kept is not None and (kept.page_count, kept.first_page) == (3, 1)
        assert session.get(Document, unfiled.id) is None
        queued_ids = set(session.exec(select(IndexOutbox.document_id)).all())
        assert {unfiled.id, second_id} <= queued_ids


def test_merge_and_split_refuse_what_makes_no_sense(services: Services,
                                                   unfiled: Document) -> None:
    """GIVEN a letter and another file's document WHEN merging across originals, with itself,
    or splitting before page 1 or past the end THEN each is refused with its reason."""
    other = ingest_file(services, "autre.pdf", text_pdf(["Un autre courrier"]))
    assert unfiled.id is not None and other.id is not None
    with services.sessions() as session:
        with pytest.raises(InvalidInput, match="different originals"):
            merge_documents(session, document_id=unfiled.id, other_id=other.id)
        with pytest.raises(InvalidInput, match="with itself"):
            merge_documents(session, document_id=unfiled.id, other_id=unfiled.id)
        for page in (1, 4):
            with pytest.raises(InvalidInput, match="pages 2 to 3"):
                split_document(session, document_id=unfiled.id, at_page=page, username="c")
        with pytest.raises(NotFound):
            split_document(session, document_id=999_999, at_page=2, username="c")


def test_bulk_applies_each_item_on_its_own(services: Services, unfiled: Document) -> None:
    """GIVEN a letter in no dossier and a faint scan in dossier 824415
    WHEN a clerk confirms both in one bulk request THEN the scan is confirmed and the letter's
    failure is reported alone, rolled back without undoing the other."""
    faint = ingest_faint(services)
    assert unfiled.id is not None and faint.id is not None

    with services.sessions.transaction() as session:

        def confirm(document_id: int) -> BulkOutcome:
            confirm_document(session, document_id=document_id, username="claire")
            return BulkOutcome(document_id, "confirm", True, result=document_id)

        outcomes = run_bulk(session, [unfiled.id, faint.id], confirm,
                            lambda document_id: (document_id, "confirm"))
    assert [(o.document_id, o.ok, o.code) for o in outcomes] == [
        (unfiled.id, False, "invalid_input"), (faint.id, True, "")]
    assert [i for i, _ in queued(services)] == [unfiled.id]

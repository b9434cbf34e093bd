"""An archived dossier is frozen: no new document is filed into it, by Liasse, by the desk or
by a clerk in review, until an archivist reactivates it. The document is never lost: it waits
in review with the archived dossier as a suggestion."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlmodel import select

from core import Conflict
from core.catalog import Actor, Document, DocumentStatus, dossier_journal, queries
from ingest import IncomingFile, receive_batch, relink_document, retype_document
from liasse.wiring import Services
from retention import archive_dossier, close_dossier, reactivate_dossier
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, SeededCatalog, ingest_file, seed_catalog

ARCHIVIST = Actor(username="archiviste")


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


def _archive(services: Services, number: str) -> None:
    with services.sessions.transaction() as session:
        dossier = queries.dossier_by_number(session, number=number)
        close_dossier(session, dossier=dossier, actor=ARCHIVIST, reason="aide terminée",
                      on=date(2020, 1, 31))
        archive_dossier(session, services.blobs, dossier=dossier, actor=ARCHIVIST,
                        reason="archivage", renditions=False)


def _reactivate(services: Services, number: str) -> None:
    with services.sessions.transaction() as session:
        dossier = queries.dossier_by_number(session, number=number)
        reactivate_dossier(session, dossier=dossier, actor=ARCHIVIST, reason="nouvelle demande")


def test_a_letter_naming_an_archived_dossier_waits_in_review_with_it_suggested(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN dossier 824415 archived WHEN a decision letter naming it is ingested
    THEN the letter is stored but in no dossier, waits in review saying the dossier is
    archived, suggests 824415 with Liasse's evidence, and the dossier's journal stays empty."""
    _archive(services, "824415")
    document = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER))
    assert document.dossier_id is None and document.element_id is None
    assert document.status == DocumentStatus.review
    assert "dossier 824415 is archived (frozen)" in document.link_reason
    assert "dossier number 824415" in document.link_reason  # what Liasse found, kept
    assert document.suggestions is not None
    assert document.suggestions[0]["dossier"] == "824415"
    assert document.suggestions[0]["element"] == "DEM-APLAC-002"
    assert document.doc_type == "decision"  # typed all the same
    with services.sessions() as session:
        assert not dossier_journal(session, dossier_id=seeded.dossier_id)


def test_a_batch_sent_to_an_archived_dossier_is_refused_before_anything_is_stored(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN dossier 824415 archived WHEN a clerk sends a batch for it, or for one of its
    elements THEN the batch is refused with a 409-kind error naming the way out, and no
    batch row exists."""
    _archive(services, "824415")
    for desk in ({"dossier_number": "824415"}, {"element_reference": "DEM-APLAC-002"}):
        with services.sessions.transaction() as session, pytest.raises(Conflict) as refused:
            receive_batch(session, services.blobs,
                          [IncomingFile("a.pdf", io.BytesIO(text_pdf(["Attestation"])))],
                          source="cli", created_by="clerk", **desk)
        assert "archived" in refused.value.message and "reactivate" in refused.value.message
    with services.sessions() as session:
        assert session.exec(select(Document)).all() == []


def test_a_clerk_cannot_file_into_an_archived_dossier_until_it_is_reactivated(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a letter waiting in review and dossier 824415 archived
    WHEN a clerk re-links it there THEN it is refused and the letter stays in review;
    WHEN the archivist reactivates the dossier THEN the same re-link files it, journaled."""
    letter = ingest_file(services, "lettre.pdf", text_pdf(["Courrier sans référence",
                                                          "Lausanne, le 3 avril 2024"]))
    assert letter.status == DocumentStatus.review and letter.id is not None
    _archive(services, "824415")
    with services.sessions.transaction() as session, pytest.raises(Conflict):
        relink_document(session, document_id=letter.id, dossier_number="824415",
                        element_reference=None, username="clerk")
    with services.sessions() as session:
        waiting = session.get(Document, letter.id)
        assert waiting is not None and waiting.dossier_id is None
        assert waiting.status == DocumentStatus.review
    _reactivate(services, "824415")
    with services.sessions.transaction() as session:
        filed = relink_document(session, document_id=letter.id, dossier_number="824415",
                                element_reference=None, username="clerk")
        assert filed.dossier_id == seeded.dossier_id
        assert filed.status == DocumentStatus.active
        assert [e.document_id for e in dossier_journal(session,
                                                       dossier_id=seeded.dossier_id)] == [
            letter.id]


def test_a_document_of_an_archived_dossier_cannot_be_retyped(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a decision filed in 824415, then the dossier archived
    WHEN a clerk retypes it (outside the API's guard too) THEN it is refused and unchanged."""
    document = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER))
    assert document.dossier_id == seeded.dossier_id and document.id is not None
    _archive(services, "824415")
    with services.sessions.transaction() as session, pytest.raises(Conflict) as refused:
        retype_document(session, document_id=document.id, doc_type="invoice",
                        username="clerk")
    assert "archived" in refused.value.message
    with services.sessions() as session:
        kept = session.get(Document, document.id)
        assert kept is not None and kept.doc_type == "decision"

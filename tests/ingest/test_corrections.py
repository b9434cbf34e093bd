"""A person's correction sticks, moves the journal entry, and teaches the classifier."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from core import InvalidInput
from core.catalog import Document, DocumentPerson, DocumentStatus, dossier_journal
from ingest import (
    Correction,
    apply_correction,
    current_classifier,
    current_pointer,
    refile_document,
    retrain_if_changed,
    train_classifier,
)
from liasse.wiring import Services
from storage import LocalBlobStore
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, SeededCatalog, ingest_file, seed_catalog

PAYSLIPS = [f"Décompte mensuel {m}\nEmployé : Martin\nHeures effectuées 160\nCotisations "
            f"AVS/AI/APG 5.3 %\nNet versé CHF {4000 + m}" for m in range(1, 5)]
STATEMENTS = [f"Extrait de mouvements {m}\nCompte courant\nVirement loyer -1'200.00\n"
              f"Versement employeur +{4000 + m}.00\nPosition au 30.0{m}.2024" for m in range(1, 5)]


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


def correct(services: Services, document_id: int, correction: Correction) -> Document:
    with services.sessions.transaction() as session:
        return apply_correction(session, document_id=document_id, correction=correction,
                                username="claire")


def test_a_correction_sticks_and_reprocessing_does_not_undo_it(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a decision Liasse linked to dossier 824415
    WHEN a clerk retypes it, redates it and moves it to dossier 513377 with Mario, and then the
    document is described again
    THEN the person's type, date and link stay, made by person:claire; the journal entry moved
    to 513377; the person link is hers."""
    document = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER))
    assert document.id is not None and document.dossier_id == seeded.dossier_id
    correct(services, document.id, Correction(
        doc_type="letter", doc_date=date(2024, 3, 15), dossier_number="513377",
        person_ids=(seeded.mario_id,), note="copy filed in the wrong dossier"))
    draft = refile_document(document.id, sessions=services.sessions, blobs=services.blobs)
    assert draft.dossier_id == seeded.dossier_id  # Liasse still reads 824415 ...
    with services.sessions() as session:
        stored = session.get(Document, document.id)
        persons = session.exec(select(DocumentPerson)).all()
        old_journal = dossier_journal(session, dossier_id=seeded.dossier_id)
        [entry] = dossier_journal(session, dossier_id=seeded.other_dossier_id)
    assert stored is not None  # ... but the person's decisions stay
    assert (stored.doc_type, stored.type_made_by) == ("letter", "person:claire")
    assert "replacing decision" in stored.type_reason
    assert (stored.doc_date, stored.date_made_by) == (date(2024, 3, 15), "person:claire")
    assert (stored.dossier_id, stored.element_id) == (seeded.other_dossier_id, None)
    assert stored.link_made_by == "person:claire" and stored.status == DocumentStatus.active
    assert stored.link_reason == "linked by claire: copy filed in the wrong dossier"
    assert [(p.person_id, p.made_by) for p in persons] == [(seeded.mario_id, "person:claire")]
    assert not old_journal
    assert (entry.happened_on, entry.doc_type, entry.made_by) == (
        date(2024, 3, 15), "letter", "person:claire")


def test_linking_a_review_document_by_element_takes_it_out_of_review(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a document in review WHEN a clerk names its element THEN it is in the element's
    dossier, active, without suggestions, and in that dossier's journal."""
    document = ingest_file(services, "illisible.pdf", text_pdf(["Dossier n° 8244l5 ..."]))
    assert document.id is not None and document.status == DocumentStatus.review
    stored = correct(services, document.id, Correction(element_reference="DEM-APLAC-002"))
    assert (stored.dossier_id, stored.element_id) == (seeded.dossier_id, seeded.element_id)
    assert stored.status == DocumentStatus.active and stored.suggestions is None
    with services.sessions() as session:
        assert len(dossier_journal(session, dossier_id=seeded.dossier_id)) == 1


def test_corrections_naming_unknown_types_or_foreign_elements_are_refused(
        services: Services, seeded: SeededCatalog) -> None:
    document = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER))
    assert document.id is not None
    with pytest.raises(InvalidInput, match="unknown document type"):
        correct(services, document.id, Correction(doc_type="memo"))
    with pytest.raises(InvalidInput, match="not part of dossier 513377"):
        correct(services, document.id, Correction(dossier_number="513377",
                                                  element_reference="DEM-APLAC-002"))


def test_after_confirmations_train_makes_a_model_the_next_ingestion_uses(
        services: Services) -> None:
    """GIVEN documents whose types people confirmed (four payslips at the desk, four bank
    statements corrected in review)
    WHEN the classifier is trained
    THEN the model is in the blob store, another store on the same objects (another worker)
    loads it, the next ingested payslip is typed by the classifier and says so, and the
    scheduled retraining does nothing until a person confirms something new."""
    for number, text in enumerate(PAYSLIPS):
        ingest_file(services, f"p{number}.pdf", text_pdf([text]), doc_type="payslip")
    for number, text in enumerate(STATEMENTS):
        document = ingest_file(services, f"s{number}.pdf", text_pdf([text]))
        assert document.id is not None
        correct(services, document.id, Correction(doc_type="bank_statement"))
    report = train_classifier(services.sessions, services.blobs)
    assert report.examples == 8 and dict(report.per_type) == {"bank_statement": 4, "payslip": 4}
    pointer = current_pointer(services.blobs)
    assert pointer is not None and pointer.key.startswith("derived/models/classifier/")
    other_worker = LocalBlobStore(services.settings.resolved_home / "objects")
    assert current_classifier(other_worker).is_trained
    fresh = ingest_file(services, "new.pdf", text_pdf([
        "Décompte mensuel 9\nEmployé : Martin\nHeures effectuées 158\nCotisations AVS/AI/APG "
        "5.3 %\nNet versé CHF 4210"]))
    assert fresh.doc_type == "payslip" and "classifier" in fresh.type_reason
    assert retrain_if_changed(services.sessions, services.blobs) is None
    assert fresh.id is not None
    correct(services, fresh.id, Correction(doc_type="payslip"))
    assert retrain_if_changed(services.sessions, services.blobs) is not None


def test_training_needs_two_confirmed_types(services: Services) -> None:
    """GIVEN no confirmed document WHEN trained THEN it is refused with the reason, and the
    scheduled retraining quietly waits."""
    with pytest.raises(InvalidInput, match="at least two types"):
        train_classifier(services.sessions, services.blobs)
    assert retrain_if_changed(services.sessions, services.blobs) is None
    assert current_pointer(services.blobs) is None
    assert not current_classifier(services.blobs).is_trained

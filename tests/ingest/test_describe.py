"""The describe stage in the pipeline: type, date and links with their reasons, review of
doubtful documents, and the clerk's desk metadata winning over Liasse's findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from core import InvalidInput
from core.catalog import (
    DocumentPerson,
    DocumentStatus,
    dossier_journal,
    find_events,
    verify_journal,
)
from liasse.wiring import Services
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, SeededCatalog, ingest_file, seed_catalog

INVOICES = Path(__file__).resolve().parents[1] / "classify" / "data"
INVOICE_DATES = {  # from ../shared/corpus/MANIFEST.tsv
    "free_fiber": date(2015, 7, 2), "NetpresseInvoice": date(2022, 11, 28),
    "QualityHosting": date(2014, 5, 7), "coolblue1": date(2014, 4, 19),
    "saeco": date(2022, 9, 8),
}


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


def test_a_decision_letter_is_typed_dated_and_linked_with_its_reason(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a French decision letter naming dossier 824415 and element DEM-APLAC-002
    WHEN it goes through the pipeline
    THEN it is a decision of 12 March 2024 in that dossier and element, linked by Liasse with
    the evidence as reason, Lucas (named with his birth date) is linked, and the dossier's
    journal has its entry."""
    document = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER))
    assert document.doc_type == "decision", document.type_reason
    assert document.type_made_by == "liasse" and document.type_reason
    assert document.doc_date == date(2024, 3, 12), document.date_reason
    assert "12 mars 2024" in document.date_reason
    assert (document.dossier_id, document.element_id) == (seeded.dossier_id, seeded.element_id)
    assert document.link_made_by == "liasse" and document.status == DocumentStatus.active
    assert "dossier number 824415" in document.link_reason
    assert "element code DEM-APLAC-002" in document.link_reason
    assert document.language == "fr"
    with services.sessions() as session:
        persons = session.exec(select(DocumentPerson)).all()
        journal = dossier_journal(session, dossier_id=seeded.dossier_id)
    assert [(p.person_id, p.made_by) for p in persons] == [(seeded.lucas_id, "liasse")]
    assert "birth date 2012-09-01" in persons[0].reason
    [entry] = journal
    assert (entry.document_id, entry.happened_on, entry.doc_type, entry.made_by) == (
        document.id, date(2024, 3, 12), "decision", "liasse")


def test_a_document_naming_two_dossiers_goes_to_review_with_ranked_suggestions(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a letter naming dossier 824415 and, with Mario Rossi's codice fiscale, 513377
    WHEN it goes through the pipeline
    THEN it is in no dossier, waits in review saying why, with both dossiers suggested, the
    better supported first; no journal has it."""
    text = ("Dossier n° 824415\nFascicolo 513377\nAssicurato: RSSMRA85T10A562S\n"
            "Lausanne, le 3 avril 2024\nObjet : votre demande")
    document = ingest_file(services, "deux.pdf", text_pdf([text]))
    assert document.dossier_id is None and document.status == DocumentStatus.review
    assert document.link_reason.startswith("review: conflicting evidence")
    assert document.suggestions is not None
    ranked = [s["dossier"] for s in document.suggestions]
    assert ranked == ["513377", "824415"]
    confidences = [s["confidence"] for s in document.suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert any("codice_fiscale" in r or "RSSMRA" in r for r in document.suggestions[0]["reasons"])
    with services.sessions() as session:
        assert not dossier_journal(session, dossier_id=seeded.dossier_id)
        assert not dossier_journal(session, dossier_id=seeded.other_dossier_id)


def test_desk_metadata_wins_and_a_contradiction_is_only_noted(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a batch the clerk sent to dossier 824415, element DEM-APLAC-002, as 'decision'
    WHEN its document reads like an invoice and names dossier 513377
    THEN it is a decision in 824415 / DEM-APLAC-002, made by the clerk, and the reasons say
    what Liasse read instead without applying it."""
    text = ("FACTURE n° 2024-118\nDossier n° 513377\nLausanne, le 3 avril 2024\n"
            "Pension du mois de mars, total TTC à payer : CHF 3'450.00")
    document = ingest_file(services, "desk.pdf", text_pdf([text]), created_by="claire",
                           dossier="824415", element="DEM-APLAC-002", doc_type="decision")
    assert (document.doc_type, document.type_made_by) == ("decision", "person:claire")
    assert "set at the desk by claire" in document.type_reason
    assert "Liasse read invoice" in document.type_reason and "not applied" in document.type_reason
    assert (document.dossier_id, document.element_id) == (seeded.dossier_id, seeded.element_id)
    assert document.link_made_by == "person:claire"
    assert "Liasse found dossier 513377" in document.link_reason
    assert document.link_reason.endswith("not applied")
    assert document.status == DocumentStatus.active
    assert document.doc_date == date(2024, 4, 3)
    with services.sessions() as session:
        [entry] = dossier_journal(session, dossier_id=seeded.dossier_id)
    assert entry.made_by == "person:claire" and entry.element_id == seeded.element_id


def test_desk_metadata_naming_an_unknown_type_or_a_foreign_element_is_refused(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN desk metadata with a type Liasse does not know, or an element of another dossier
    WHEN the batch is received THEN it is refused before anything is stored."""
    with pytest.raises(InvalidInput, match="unknown document type"):
        ingest_file(services, "a.pdf", text_pdf(["x"]), doc_type="memo")
    with pytest.raises(InvalidInput, match="not part of dossier 513377"):
        ingest_file(services, "a.pdf", text_pdf(["x"]), dossier="513377",
                    element="DEM-APLAC-002")


@pytest.mark.parametrize("name", sorted(INVOICE_DATES))
def test_born_digital_invoices_come_out_typed_and_dated(services: Services, name: str) -> None:
    """GIVEN one of the five born-digital invoices (invoice2data, MIT)
    WHEN it is ingested through the pipeline
    THEN it is typed 'invoice' with its date, and waits in review (it names no dossier)."""
    data = (INVOICES / f"invoice2data_{name}.pdf").read_bytes()
    document = ingest_file(services, f"{name}.pdf", data)
    assert document.doc_type == "invoice", document.type_reason
    assert document.doc_date == INVOICE_DATES[name], document.date_reason
    assert document.status == DocumentStatus.review


def test_every_stored_document_is_journaled_in_the_senders_name(
        services: Services, seeded: SeededCatalog) -> None:
    """GIVEN a decision letter and a letter Liasse cannot file, sent by clerk "anna"
    WHEN the pipeline stores them THEN the journal has one ``document.create`` entry per
    document, in anna's name, with the dossier (or none), the type and the linking reason,
    and the journal's hash chain still verifies."""
    filed = ingest_file(services, "lettre.pdf", text_pdf(DECISION_LETTER), created_by="anna")
    waiting = ingest_file(services, "vrac.pdf", text_pdf(["Courrier sans référence"]),
                          created_by="anna")
    with services.sessions() as session:
        events = find_events(session, action="document.create")
        check = verify_journal(session)
    by_document = {int(e.entity_id): e for e in events}
    assert set(by_document) == {filed.id, waiting.id}
    assert {e.username for e in events} == {"anna"}
    first = by_document[filed.id]  # type: ignore[index]
    assert first.dossier_id == seeded.dossier_id
    assert first.after is not None and first.after["doc_type"] == "decision"
    assert "dossier number 824415" in first.reason
    second = by_document[waiting.id]  # type: ignore[index]
    assert second.dossier_id is None and second.after is not None
    assert second.after["status"] == "review"
    assert check.intact and check.entries >= 2, check

"""Over HTTP: a dossier's journal de vie, corrections, review suggestions, training, and the
clerk's desk metadata on batches."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.catalog import Role
from liasse.wiring import Services
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf
from tests.support.dossiers import SeededCatalog, seed_catalog

TWO_DOSSIERS = "Dossier n° 824415\nFascicolo 513377\nLausanne, le 3 avril 2024"


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


def upload(client: TestClient, name: str, text: str, **desk: str) -> dict[str, Any]:
    answer = client.post("/api/v1/batches", data=desk,
                         files=[("files", (name, text_pdf([text]), "application/pdf"))])
    assert answer.status_code == 202, answer.text
    [document] = client.get(answer.json()["href"]).json()["documents"]
    result: dict[str, Any] = client.get(f"/api/v1/documents/{document['id']}").json()
    return result


def test_the_journal_lists_a_dossiers_documents_in_date_order(
        client: TestClient, seeded: SeededCatalog) -> None:
    """GIVEN three letters of dossier 824415 received out of date order
    WHEN its journal is read THEN they are listed oldest first, with type, date and who."""
    for name, day in (("b", "12 mars 2024"), ("c", "2 mai 2024"), ("a", "5 janvier 2023")):
        upload(client, f"{name}.pdf", f"Lausanne, le {day}\nDossier n° 824415\nDécision")
    journal = client.get("/api/v1/dossiers/824415/journal")
    assert journal.status_code == 200
    entries = journal.json()
    assert [e["happened_on"] for e in entries] == ["2023-01-05", "2024-03-12", "2024-05-02"]
    # readable titles (type, date, holder), in the same order as the dates
    assert [e["title"].split(" — ")[1] for e in entries] == ["05.01.2023", "12.03.2024",
                                                            "02.05.2024"]
    assert {(e["kind"], e["made_by"]) for e in entries} == {("incoming", "liasse")}
    assert client.get("/api/v1/dossiers/999999/journal").status_code == 404


def test_review_suggestions_then_a_correction_files_the_document(
        client: TestClient, seeded: SeededCatalog) -> None:
    """GIVEN a document naming two dossiers, waiting in review
    WHEN its suggestions are read and a clerk picks 513377 and confirms its type
    THEN the document is in 513377, made by that person, and in 513377's journal."""
    document = upload(client, "deux.pdf", TWO_DOSSIERS)
    assert document["status"] == "review" and document["dossier"] is None
    suggestions = client.get(f"/api/v1/documents/{document['id']}/suggestions").json()
    assert suggestions["link_reason"].startswith("review: conflicting")
    assert {s["dossier"] for s in suggestions["suggestions"]} == {"824415", "513377"}
    answer = client.patch(f"/api/v1/documents/{document['id']}/classification",
                          json={"dossier": "513377", "doc_type": "decision",
                                "person_ids": [seeded.mario_id]})
    assert answer.status_code == 200, answer.text
    corrected = answer.json()
    assert corrected["dossier"] == "513377" and corrected["status"] == "active"
    assert corrected["link_made_by"] == corrected["type_made_by"] == "person:admin"
    assert corrected["persons"] == [{"person_id": seeded.mario_id, "reason": "linked by admin",
                                     "made_by": "person:admin"}]
    [entry] = client.get("/api/v1/dossiers/513377/journal").json()
    assert entry["document_id"] == document["id"] and entry["made_by"] == "person:admin"
    assert client.get("/api/v1/dossiers/824415/journal").json() == []
    bad = client.patch(f"/api/v1/documents/{document['id']}/classification",
                       json={"doc_type": "memo"})
    assert bad.status_code == 422 and "unknown document type" in bad.json()["detail"]


def test_a_clerk_files_a_review_document_but_a_caseworker_elsewhere_cannot(
        client_as: ClientFactory, seeded: SeededCatalog) -> None:
    """GIVEN a document in review WHEN a caseworker of another department tries to file it
    THEN it does not exist for them; a clerk files it into 824415."""
    clerk = client_as("claire", Role.clerk)
    document = upload(clerk, "deux.pdf", TWO_DOSSIERS)
    outsider = client_as("otto", Role.caseworker, departments=("SPE",))
    refused = outsider.patch(f"/api/v1/documents/{document['id']}/classification",
                             json={"dossier": "824415"})
    assert refused.status_code == 404
    filed = clerk.patch(f"/api/v1/documents/{document['id']}/classification",
                        json={"dossier": "824415", "doc_date": "2024-04-04"})
    assert filed.status_code == 200, filed.text
    assert filed.json()["doc_date"] == "2024-04-04"
    assert filed.json()["date_made_by"] == "person:claire"


def test_batch_desk_metadata_and_training_over_http(
        client: TestClient, seeded: SeededCatalog) -> None:
    """GIVEN batches sent with an element and a type at the desk
    WHEN processed THEN their documents carry them, made by the sender; with two confirmed
    types the classifier can be retrained over HTTP."""
    for n in range(3):
        desk = upload(client, f"d{n}.pdf", f"Placement {n}\nLausanne, le 1{n} mars 2024",
                      element="DEM-APLAC-002", doc_type="decision")
        assert desk["dossier"] == "824415" and desk["doc_type"] == "decision"
        assert desk["type_made_by"] == "person:admin"
        upload(client, f"f{n}.pdf", f"Facture {n}\nMontant total CHF 1{n}0.00",
               doc_type="invoice")
    trained = client.post("/api/v1/classifier/train")
    assert trained.status_code == 200, trained.text
    assert trained.json()["per_type"] == {"decision": 3, "invoice": 3}
    assert trained.json()["model"].startswith("derived/models/classifier/")
    unknown = client.post("/api/v1/batches", data={"element": "XXX-NOPE-001"},
                          files=[("files", ("a.pdf", text_pdf(["x"]), "application/pdf"))])
    assert unknown.status_code == 404

"""The review queue over HTTP: who may work it, the list with reasons, each action journaled,
and bulk requests with an outcome per item."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from core.catalog import AuditEvent, Document, DocumentStatus, IndexOutbox, Role
from liasse.wiring import Services
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, SeededCatalog, ingest_file, seed_catalog

LETTER = ["Lettre de Madame Martin\nObjet : demande d'aide au loyer",
          "Suite de la lettre\nMes revenus ont baissé depuis janvier",
          "Fin de la lettre\nVeuillez agréer mes salutations"]


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


@pytest.fixture
def unfiled(services: Services, seeded: SeededCatalog) -> int:
    """GIVEN a three-page letter naming no dossier, waiting in review."""
    document = ingest_file(services, "lettre.pdf", text_pdf(LETTER))
    assert document.id is not None and document.status == DocumentStatus.review
    return document.id


@pytest.fixture
def clerk(client_as: ClientFactory) -> TestClient:
    return client_as("claire", Role.clerk)


def journaled(services: Services, action: str) -> list[AuditEvent]:
    with services.sessions() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_clerks_and_supervisors_work_the_queue_others_do_not(
        client_as: ClientFactory, clerk: TestClient, unfiled: int) -> None:
    """GIVEN a letter waiting in review WHEN a clerk, a supervisor, a caseworker and an
    administrator list the queue THEN the clerk and the supervisor see it with its reason;
    the others are refused (403)."""
    listed = clerk.get("/api/v1/review").json()
    assert listed["total"] == 1
    [entry] = listed["documents"]
    assert (entry["document"], entry["reasons"], entry["pages"]) == (unfiled, ["no_dossier"], 3)
    supervisor = client_as("sam", Role.supervisor)
    assert supervisor.get("/api/v1/review").json()["total"] == 1
    for name, role in (("ana", Role.caseworker), ("root", Role.administrator)):
        assert client_as(name, role, departments=("DEM",)).get(
            "/api/v1/review").status_code == 403
    assert clerk.get("/api/v1/review", params={"reason": "low_confidence"}).json()["total"] == 0
    assert clerk.get("/api/v1/review", params={"reason": "bogus"}).status_code == 422


def test_relink_files_the_document_journals_it_and_updates_the_index(
        services: Services, clerk: TestClient, unfiled: int,
        seeded: SeededCatalog) -> None:
    """GIVEN a letter in no dossier WHEN a clerk re-links it to dossier 824415 THEN it leaves
    the queue, filed by her; the change is journaled with before and after, and the index
    outbox is drained."""
    answer = clerk.post(f"/api/v1/review/{unfiled}/relink",
                        json={"dossier": "824415", "note": "numéro lu à la main"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["document_after"]["dossier"] == "824415"
    assert clerk.get("/api/v1/review").json()["total"] == 0
    [event] = journaled(services, "review.relink")
    assert event.username == "claire" and event.dossier_id == seeded.dossier_id
    assert event.before["dossier_id"] is None and event.after["dossier_id"] == seeded.dossier_id
    with services.sessions() as session:
        assert session.exec(select(IndexOutbox)).all() == []
        document = session.get(Document, unfiled)
        assert document is not None and document.link_made_by == "person:claire"


def test_retype_then_confirm(services: Services, clerk: TestClient, unfiled: int) -> None:
    """GIVEN a letter in no dossier WHEN a clerk re-types it THEN it still waits; an unknown
    type is refused (422); confirming it before it has a dossier is refused (422)."""
    assert clerk.post(f"/api/v1/review/{unfiled}/retype",
                      json={"doc_type": "letter"}).status_code == 200
    assert clerk.get("/api/v1/review").json()["documents"][0]["doc_type"] == "letter"
    assert clerk.post(f"/api/v1/review/{unfiled}/retype",
                      json={"doc_type": "recipe"}).status_code == 422
    refused = clerk.post(f"/api/v1/review/{unfiled}/confirm")
    assert refused.status_code == 422 and "re-link" in refused.json()["detail"]
    assert len(journaled(services, "review.retype")) == 1


def test_split_and_merge_over_http(services: Services, clerk: TestClient, unfiled: int) -> None:
    """GIVEN a three-page letter WHEN a clerk splits it before page 3 THEN a new one-page
    document waits in review next to the two-page first part; WHEN she merges it back THEN one
    three-page document is left, and both changes are journaled."""
    split = clerk.post(f"/api/v1/review/{unfiled}/split", json={"page": 3})
    assert split.status_code == 200, split.text
    new_id = split.json()["result"]
    assert split.json()["document_after"]["page_count"] == 1
    pages = {d["document"]: d["pages"] for d in clerk.get("/api/v1/review").json()["documents"]}
    assert pages == {unfiled: 2, new_id: 1}
    assert clerk.post(f"/api/v1/review/{unfiled}/split", json={"page": 9}).status_code == 422
    merged = clerk.post(f"/api/v1/review/{unfiled}/merge", json={"other": new_id})
    assert merged.status_code == 200, merged.text
    assert merged.json()["document_after"]["page_count"] == 3
    assert clerk.get(f"/api/v1/review/{new_id}/confirm").status_code == 405
    assert clerk.post(f"/api/v1/review/{new_id}/confirm").status_code == 404
    assert len(journaled(services, "review.split")) == 1
    assert len(journaled(services, "review.merge")) == 1


def test_bulk_reports_each_item(services: Services, clerk: TestClient, unfiled: int,
                                seeded: SeededCatalog) -> None:
    """GIVEN a letter in review and a decision filed in dossier 824415 (which a clerk may not
    open) WHEN a clerk sends one bulk request: re-type the letter, re-link it, and confirm the
    decision THEN the first two succeed and the third fails alone as not found."""
    decision = ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER))
    assert decision.status == DocumentStatus.active
    answer = clerk.post("/api/v1/review/bulk", json={"actions": [
        {"document": unfiled, "action": "retype", "doc_type": "application"},
        {"document": unfiled, "action": "relink", "dossier": "513377"},
        {"document": decision.id, "action": "confirm"}]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["done"], body["failed"]) == (2, 1)
    assert [(o["ok"], o["code"]) for o in body["outcomes"]] == [
        (True, ""), (True, ""), (False, "not_found")]
    with services.sessions() as session:
        document = session.get(Document, unfiled)
        assert document is not None and document.doc_type == "application"
        assert document.dossier_id == seeded.other_dossier_id
    assert clerk.post("/api/v1/review/bulk", json={"actions": []}).status_code == 422

"""The journal through the API: reads and changes recorded, searched and exported."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from api import JOURNAL_CSV_COLUMNS
from core.catalog import Role, verify_journal
from liasse.wiring import Services
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf


def _document(client: TestClient) -> int:
    pdf = text_pdf(["Attestation de domicile"])
    answer = client.post("/api/v1/batches", data={"dossier": "824415"},
                         files=[("files", ("attestation.pdf", pdf, "application/pdf"))])
    return int(client.get(answer.json()["href"]).json()["documents"][0]["id"])


def test_reads_and_changes_are_journaled_and_searchable(client: TestClient,
                                                        client_as: ClientFactory,
                                                        services: Services) -> None:
    """GIVEN a dossier for a person and one document WHEN a caseworker opens the document, a
    page and the original, searches, and renames the dossier THEN the journal holds one entry
    per opening (not for the search) and the change with its before and after, found by
    dossier, person and user; the chain verifies."""
    person = client.post("/api/v1/persons", json={"family_name": "Rossi"}).json()
    client.post("/api/v1/dossiers", json={"number": "824415", "title": "ROSSI Mario",
                                          "service": "DEM", "person_id": person["id"]})
    document = _document(client)
    ana = client_as("ana", Role.caseworker, departments=("DEM",))
    for path in ("", "/pages/1", "/original"):
        assert ana.get(f"/api/v1/documents/{document}{path}").status_code == 200
    ana.get("/api/v1/search", params={"q": "domicile"})
    assert ana.patch("/api/v1/dossiers/824415", json={"title": "ROSSI M."}).status_code == 200

    entries = client.get("/api/v1/audit", params={"user": "ana"}).json()
    assert [e["action"] for e in entries] == [
        "dossier.update", "document.download", "document.page", "document.view"]
    change = entries[0]
    assert change["before"]["title"] == "ROSSI Mario" and change["after"]["title"] == "ROSSI M."
    assert {e["dossier_id"] for e in entries} == {change["dossier_id"]}
    by_person = client.get("/api/v1/audit", params={"person": person["id"]}).json()
    assert {"document.view", "dossier.create", "person.create"} <= {
        e["action"] for e in by_person}
    by_dossier = client.get("/api/v1/audit", params={"dossier": "824415"}).json()
    assert len(by_dossier) >= 6
    with services.sessions() as session:
        assert verify_journal(session).intact


def test_the_journal_exports_as_csv_for_supervisors_only(client: TestClient,
                                                         client_as: ClientFactory) -> None:
    """WHEN a supervisor exports the journal THEN CSV with one row per entry, oldest first;
    a caseworker is refused (403)."""
    client.post("/api/v1/households", json={"code": "UA-1", "name": "Famille Rossi"})
    sue = client_as("sue", Role.supervisor)
    answer = sue.get("/api/v1/audit/export.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert tuple(rows[0]) == JOURNAL_CSV_COLUMNS
    assert [r["seq"] for r in rows] == sorted((r["seq"] for r in rows), key=int)
    assert "household.create" in {r["action"] for r in rows}
    ana = client_as("ana", Role.caseworker)
    assert ana.get("/api/v1/audit/export.csv").status_code == 403

"""What each role sees and what it is refused, through the HTTP API: documents, pages,
originals, dossiers, search totals and snippets, a confidential dossier and break-glass."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from core.catalog import Role
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf

SECRET_WORD = "zuluconfidentiel"
DOSSIERS = {  # number: (service, status, sensitivity)
    "100": ("DEM", "open", "normal"), "101": ("DEM", "closed", "normal"),
    "200": ("ENF", "open", "normal"), "666": ("ENF", "open", "confidential")}
DOCUMENTS = {  # name: (dossier or None, words)
    "dem-open": ("100", "alpha"), "dem-closed": ("101", "bravo"), "enf": ("200", "charlie"),
    "secret": ("666", SECRET_WORD), "unfiled": (None, "delta")}
SEES = {
    "admin": {"dem-open", "dem-closed", "enf", "unfiled"},
    "ana": {"dem-open", "dem-closed"},            # caseworker, DEM
    "carla": {"enf", "secret"},                   # caseworker, ENF, assigned to 666
    "clara": {"unfiled"},                         # clerk
    "arno": {"dem-closed"},                       # archivist
    "sue": set(DOCUMENTS),                        # supervisor, named on 666
}


@dataclass
class Office:
    clients: dict[str, TestClient]
    documents: dict[str, int]


def _ingest(client: TestClient, name: str, dossier: str | None, word: str) -> int:
    pdf = text_pdf([f"Décision de placement {word}", f"Seconde page {word}"])
    answer = client.post("/api/v1/batches", files=[("files", (f"{name}.pdf", pdf,
                                                               "application/pdf"))],
                         data={"dossier": dossier} if dossier else {})
    assert answer.status_code == 202, answer.text
    [document] = client.get(answer.json()["href"]).json()["documents"]
    return int(document["id"])


@pytest.fixture
def office(client: TestClient, client_as: ClientFactory) -> Office:
    """GIVEN four dossiers (DEM open, DEM closed, ENF open, ENF confidential naming the
    supervisor role and assigned to carla), one document in each and one in no dossier,
    and an account for every role."""
    clients = {"admin": client,
               "ana": client_as("ana", Role.caseworker, departments=("DEM",)),
               "carla": client_as("carla", Role.caseworker, departments=("ENF",)),
               "clara": client_as("clara", Role.clerk),
               "arno": client_as("arno", Role.archivist),
               "sue": client_as("sue", Role.supervisor)}
    for number, (service, status, sensitivity) in DOSSIERS.items():
        assert client.post("/api/v1/dossiers", json={
            "number": number, "title": f"Dossier {number}", "service": service,
            "status": status, "sensitivity": sensitivity}).status_code == 201
    access = client.put("/api/v1/dossiers/666/access",
                        json={"caseworkers": ["carla"], "roles": ["supervisor"]})
    assert access.status_code == 200, access.text
    documents: dict[str, int] = {}
    for name, (dossier, word) in DOCUMENTS.items():
        # The administrator may not file into the confidential dossier: carla does.
        uploader = clients["carla"] if dossier == "666" else client
        documents[name] = _ingest(uploader, name, dossier, word)
    return Office(clients=clients, documents=documents)


def test_each_role_opens_exactly_its_documents(office: Office) -> None:
    """WHEN each person opens every document, its pages and its original THEN what they may
    see answers 200 and everything else 404, as if it did not exist."""
    for who, client in office.clients.items():
        for name, document_id in office.documents.items():
            expected = 200 if name in SEES[who] else 404
            for path in ("", "/pages/1", "/original"):
                got = client.get(f"/api/v1/documents/{document_id}{path}").status_code
                assert got == expected, f"{who} {name}{path}: {got}"


def test_each_role_lists_its_dossiers_and_their_documents(office: Office) -> None:
    """WHEN each person lists dossiers and a dossier's documents THEN only what they may see
    is listed; the confidential dossier is 404 for whoever is not assigned or named."""
    listed = {who: {d["number"] for d in c.get("/api/v1/dossiers").json()}
              for who, c in office.clients.items()}
    assert listed == {"admin": {"100", "101", "200"}, "ana": {"100", "101"},
                      "carla": {"200", "666"}, "clara": {"100", "101", "200"},
                      "arno": {"101"}, "sue": {"100", "101", "200", "666"}}
    for who, client in office.clients.items():
        answer = client.get("/api/v1/dossiers/666/documents")
        assert answer.status_code == (200 if "secret" in SEES[who] else 404), who
    # The clerk sees a dossier's details (to file mail) but none of its documents.
    assert office.clients["clara"].get("/api/v1/dossiers/100/documents").json() == []


def test_search_shows_each_role_exactly_its_documents(office: Office) -> None:
    """WHEN each person searches a word every document holds THEN the total and the hits are
    exactly their documents (needs the index adapter to filter on ``visible_to``)."""
    for who, client in office.clients.items():
        found = client.get("/api/v1/search", params={"q": "placement", "limit": 50}).json()
        names = {n for n, i in office.documents.items() if i in {h["document"]
                                                                   for h in found["hits"]}}
        assert (found["total"], names) == (len(SEES[who]), SEES[who]), who


def test_search_never_reveals_the_confidential_dossier(office: Office) -> None:
    """WHEN the confidential dossier's own word is searched THEN whoever may not see it gets
    a total of 0, no hit and no snippet; the assigned caseworker and the named role find it
    (the total needs the index adapter to filter on ``visible_to``)."""
    for who, client in office.clients.items():
        found = client.get("/api/v1/search", params={"q": SECRET_WORD}).json()
        allowed = "secret" in SEES[who]
        assert found["total"] == (1 if allowed else 0), who
        assert len(found["hits"]) == (1 if allowed else 0), who
        assert allowed or SECRET_WORD not in str(found).lower(), who
        by_dossier = client.get("/api/v1/search", params={"q": "", "dossier": "666"}).json()
        assert by_dossier["total"] == (1 if allowed else 0), who


def test_refusals_by_role(office: Office) -> None:
    """WHEN a role asks for what its role does not allow THEN 403 with the reason; changes to
    what it cannot see are 404."""
    c = office.clients
    assert c["ana"].get("/api/v1/audit").status_code == 403
    assert c["clara"].post("/api/v1/users", json={"username": "x", "roles": []}).status_code == 403
    assert c["sue"].get("/api/v1/users").status_code == 403
    assert c["arno"].post("/api/v1/batches", files=[
        ("files", ("a.pdf", text_pdf(["x"]), "application/pdf"))]).status_code == 403
    refused = c["arno"].patch("/api/v1/dossiers/101", json={"title": "changed"})
    assert refused.status_code == 403 and "dossier.write" in refused.json()["detail"]
    assert c["ana"].patch("/api/v1/dossiers/200", json={"title": "x"}).status_code == 404
    assert c["ana"].post("/api/v1/dossiers", json={
        "number": "300", "title": "t", "service": "ENF"}).status_code == 403
    assert c["ana"].post("/api/v1/dossiers", json={
        "number": "301", "title": "t", "service": "DEM"}).status_code == 201
    assert c["clara"].get("/api/v1/dossiers/666").status_code == 404
    assert c["ana"].get("/api/v1/dossiers/666/access").status_code == 403


def test_marking_a_document_confidential_hides_it_until_assigned(office: Office) -> None:
    """GIVEN a DEM document ana sees WHEN the supervisor marks it confidential THEN ana gets
    404 and no longer finds it; once assigned to the dossier she sees it again."""
    c, doc = office.clients, office.documents["dem-open"]
    marked = c["sue"].patch(f"/api/v1/documents/{doc}", json={"confidential": True})
    assert marked.status_code == 200 and marked.json()["confidential"] is True
    assert c["ana"].get(f"/api/v1/documents/{doc}").status_code == 404
    hits = c["ana"].get("/api/v1/search", params={"q": "alpha"}).json()["hits"]
    assert hits == []
    assert c["sue"].put("/api/v1/dossiers/100/access",
                        json={"caseworkers": ["ana"], "roles": []}).status_code == 200
    assert c["ana"].get(f"/api/v1/documents/{doc}").status_code == 200


def test_break_glass_needs_a_reason_and_is_flagged(office: Office) -> None:
    """GIVEN ana, who may not see the confidential dossier WHEN she breaks the glass with a
    reason THEN she may open its document, and both the grant and the read are flagged in
    the journal, with her reason; without a reason it is refused."""
    c, doc = office.clients, office.documents["secret"]
    assert c["ana"].post("/api/v1/dossiers/666/break-glass",
                         json={"reason": "x"}).status_code == 422
    assert c["clara"].post("/api/v1/dossiers/666/break-glass",
                           json={"reason": "child in danger tonight"}).status_code == 403
    granted = c["ana"].post("/api/v1/dossiers/666/break-glass",
                            json={"reason": "child in danger tonight"})
    assert granted.status_code == 201
    assert c["ana"].get(f"/api/v1/documents/{doc}").status_code == 200
    flagged = [e for e in c["sue"].get("/api/v1/audit", params={"user": "ana"}).json()
               if e["flagged"]]
    assert [e["action"] for e in flagged] == ["document.view", "dossier.break_glass"]
    assert flagged[1]["reason"] == "child in danger tonight"


def test_a_batch_report_shows_only_the_documents_the_reader_may_see(office: Office) -> None:
    """GIVEN carla files a document into the confidential dossier 666 WHEN the administrator
    and the clerk (who follow every batch) read that batch THEN it names no document, no
    title, no dossier: one document is counted as not visible; sue, named on 666, sees it."""
    pdf = text_pdf([f"Rapport de placement {SECRET_WORD}"])
    answer = office.clients["carla"].post("/api/v1/batches", data={"dossier": "666"}, files=[
        ("files", ("rapport.pdf", pdf, "application/pdf"))])
    href = answer.json()["href"]
    for who in ("admin", "clara"):
        report = office.clients[who].get(href)
        assert report.status_code == 200
        body = report.json()
        assert body["documents"] == [] and body["not_visible"] == 1
        assert all(item["documents"] == [] for item in body["items"])
        assert "666" not in report.text and SECRET_WORD not in report.text.lower()
    seen = office.clients["sue"].get(href).json()
    assert [d["dossier"] for d in seen["documents"]] == ["666"] and seen["not_visible"] == 0


def test_the_audit_journal_redacts_what_the_reader_may_not_read(office: Office) -> None:
    """GIVEN carla filed and opened a document in the confidential dossier 666 WHEN the
    administrator searches and exports the journal THEN its entries show who did what on
    which ids, but no file name, title or type: values and reasons are redacted; sue, named
    on 666, reads them in full."""
    carla = office.clients["carla"]
    assert carla.get(f"/api/v1/documents/{office.documents['secret']}").status_code == 200
    entries = office.clients["admin"].get("/api/v1/audit", params={"user": "carla"})
    assert entries.status_code == 200
    assert "secret.pdf" not in entries.text and SECRET_WORD not in entries.text.lower()
    hidden = [e for e in entries.json() if e["redacted"]]
    assert {"batch.create", "document.view"} <= {e["action"] for e in hidden}
    assert all(v == "[redacted]" for e in hidden for v in (e["after"] or {}).values())
    export = office.clients["admin"].get("/api/v1/audit/export.csv", params={"user": "carla"})
    assert export.status_code == 200 and "batch.create" in export.text
    assert "secret.pdf" not in export.text
    sue = office.clients["sue"].get("/api/v1/audit", params={"user": "carla"})
    assert "secret.pdf" in sue.text and not any(e["redacted"] for e in sue.json())

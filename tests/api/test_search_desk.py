"""The caseworker's desk through the HTTP API: the query language, facets with labels, word
boxes, sorting, the household and person views, and that each is guarded by what the reader
may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.catalog import Role
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf


@dataclass
class Desk:
    admin: TestClient
    ana: TestClient  # caseworker of DEM
    documents: dict[str, int]
    persons: dict[str, int]


def _post(client: TestClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post(url, json=body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _ingest(client: TestClient, dossier: str, *pages: str) -> int:
    answer = client.post("/api/v1/batches", data={"dossier": dossier},
                         files=[("files", ("scan.pdf", text_pdf(list(pages)), "application/pdf"))])
    assert answer.status_code == 202, answer.text
    [document] = client.get(answer.json()["href"]).json()["documents"]
    return int(document["id"])


def _classify(client: TestClient, document: int, **fields: Any) -> None:
    answer = client.patch(f"/api/v1/documents/{document}/classification", json=fields)
    assert answer.status_code == 200, answer.text


@pytest.fixture
def desk(client: TestClient, client_as: ClientFactory) -> Desk:
    """GIVEN the Armengaud household (François and Lucie) whose DEM dossier 824415 holds a
    decision and an invoice; Lucie's own DEM dossier 777000 holding her payslip; and an ENF
    dossier 500 whose letter mentions Armengaud (a service ana does not work for)."""
    household = _post(client, "/api/v1/households",
                      {"code": "UA-2024-0042", "name": "Famille Armengaud"})
    persons = {}
    for given in ("François", "Lucie"):
        person = _post(client, "/api/v1/persons", {"family_name": "Armengaud",
                                                   "given_names": given})
        persons[given] = int(person["id"])
        _post(client, "/api/v1/households/UA-2024-0042/members",
              {"household_id": household["id"], "person_id": person["id"]})
    _post(client, "/api/v1/dossiers", {"number": "824415", "title": "ARMENGAUD",
                                       "service": "DEM", "household_id": household["id"]})
    _post(client, "/api/v1/dossiers", {"number": "777000", "title": "ARMENGAUD Lucie",
                                       "service": "DEM"})
    _post(client, "/api/v1/dossiers", {"number": "500", "title": "Autre", "service": "ENF"})
    _post(client, "/api/v1/dossiers/824415/elements",
          {"dossier_id": 0, "kind": "placement", "reference": "DEM-APLAC-002",
           "title": "Placement en foyer"})
    documents = {
        "decision": _ingest(client, "824415", "Décision de placement en foyer",
                            "La famille Armengaud est informée de la décision."),
        "invoice": _ingest(client, "824415", "Facture du foyer, juin 2016"),
        "payslip": _ingest(client, "777000", "Fiche de salaire de Lucie Armengaud"),
        "letter": _ingest(client, "500", "Courrier concernant Armengaud"),
    }
    _classify(client, documents["decision"], doc_type="decision", doc_date="2016-07-04",
              element="DEM-APLAC-002", person_ids=[persons["François"]])
    _classify(client, documents["invoice"], doc_type="invoice", doc_date="2016-06-30")
    _classify(client, documents["payslip"], doc_type="payslip", doc_date="2016-03-31",
              person_ids=[persons["Lucie"]])
    ana = client_as("ana", Role.caseworker, departments=("DEM",))
    return Desk(admin=client, ana=ana, documents=documents, persons=persons)


def _ids(answer: Any) -> list[int]:
    assert answer.status_code == 200, answer.text
    return [hit["document"] for hit in answer.json()["hits"]]


def test_a_misspelt_name_finds_the_page_with_boxes_and_marks(desk: Desk) -> None:
    """WHEN ana types "Armengo decsion" THEN the decision is found on page 2, its snippet
    marks the words as written and the hit carries their boxes, as fractions of the page;
    the ENF letter never shows."""
    answer = desk.ana.get("/api/v1/search", params={"q": "Armengo decsion"})

    (hit,) = answer.json()["hits"]
    assert hit["document"] == desk.documents["decision"] and hit["page"] == 2
    assert "<mark>Armengaud</mark>" in hit["snippet"] and "<mark>décision" in hit["snippet"]
    assert len(hit["boxes"]) == 2
    assert all(0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 for x0, y0, x1, y1 in hit["boxes"])
    assert hit["doc_date"] == "2016-07-04"


def test_field_terms_phrases_and_sorting(desk: Desk) -> None:
    """WHEN searching with field terms, a phrase and a date sort THEN the API answers as the
    index does."""
    assert _ids(desk.ana.get("/api/v1/search", params={"q": "type:invoice"})) == [
        desk.documents["invoice"]]
    assert _ids(desk.ana.get("/api/v1/search", params={"q": '"placement en foyer"'})) == [
        desk.documents["decision"]]
    dated = _ids(desk.ana.get("/api/v1/search", params={"q": "date:2016", "sort": "date_asc"}))
    assert dated == [desk.documents[n] for n in ("payslip", "invoice", "decision")]
    assert _ids(desk.ana.get("/api/v1/search", params={"element": "DEM-APLAC-002"})) == [
        desk.documents["decision"]]


def test_facets_carry_labels_and_only_visible_documents(desk: Desk) -> None:
    """WHEN ana asks for facets over everything she may see THEN types, years, the element
    (with its title) and persons (with their names) count her documents only."""
    answer = desk.ana.get("/api/v1/search", params={"facets": "true"})
    facets = answer.json()["facets"]

    assert answer.json()["total"] == 3  # the ENF letter is not counted
    assert {f["value"]: f["count"] for f in facets["type"]} == {
        "decision": 1, "invoice": 1, "payslip": 1}
    assert facets["year"] == [{"value": "2016", "count": 3}]
    assert facets["element"] == [{"value": "DEM-APLAC-002", "count": 1,
                                  "label": "Placement en foyer"}]
    assert {f["label"] for f in facets["person"]} == {"Armengaud François", "Armengaud Lucie"}


def test_the_household_view(desk: Desk) -> None:
    """WHEN ana opens the household THEN its dossier's documents and Lucie's payslip from her
    own dossier are listed, the newest first; with words, only the matching ones."""
    url = "/api/v1/households/UA-2024-0042/documents"
    assert _ids(desk.ana.get(url)) == [desk.documents[n]
                                       for n in ("decision", "invoice", "payslip")]
    assert _ids(desk.ana.get(url, params={"q": "salaire"})) == [desk.documents["payslip"]]
    assert desk.ana.get("/api/v1/households/NOPE/documents").status_code == 404


def test_the_person_view(desk: Desk) -> None:
    """WHEN ana opens Lucie's documents THEN her payslip; an unknown person is 404."""
    lucie = desk.persons["Lucie"]
    assert _ids(desk.ana.get(f"/api/v1/persons/{lucie}/documents")) == [
        desk.documents["payslip"]]
    assert _ids(desk.ana.get("/api/v1/search", params={"person": lucie})) == [
        desk.documents["payslip"]]
    assert desk.ana.get("/api/v1/persons/999999/documents").status_code == 404


def test_the_views_are_guarded_like_search(desk: Desk, client_as: ClientFactory) -> None:
    """GIVEN an ENF caseworker WHEN opening the Armengaud household THEN no DEM document is
    listed or counted."""
    carla = client_as("carla", Role.caseworker, departments=("ENF",))
    answer = carla.get("/api/v1/households/UA-2024-0042/documents",
                       params={"facets": "true"})
    assert answer.json()["total"] == 0 and answer.json()["hits"] == []


def test_paging_has_no_ten_thousand_cap(desk: Desk) -> None:
    answer = desk.ana.get("/api/v1/search", params={"q": "foyer", "offset": 50_000})
    assert answer.status_code == 200 and answer.json()["hits"] == []

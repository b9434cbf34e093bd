"""Dossier data through the API: households, persons, dossiers, elements."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_household_persons_dossier_and_elements(client: TestClient) -> None:
    """GIVEN an empty catalog WHEN a household, a member, a dossier and an element are created
    THEN each can be read back, listed, and duplicates are 409."""
    assert client.post("/api/v1/households",
                       json={"code": "UA-7", "name": "Famille Rossi"}).status_code == 201
    person = client.post("/api/v1/persons", json={"family_name": "Rossi", "given_names": "Mario",
                                                  "birth_date": "1980-05-01"}).json()
    member = client.post("/api/v1/households/UA-7/members",
                         json={"household_id": 0, "person_id": person["id"], "role": "applicant"})
    assert member.status_code == 201
    assert [p["family_name"] for p in client.get("/api/v1/households/UA-7/members").json()] == [
        "Rossi"]
    household_id = client.get("/api/v1/households/UA-7").json()["id"]
    dossier = client.post("/api/v1/dossiers", json={
        "number": "824415", "title": "ROSSI Mario", "service": "DEM",
        "household_id": household_id})
    assert dossier.status_code == 201 and dossier.json()["status"] == "open"
    assert client.post("/api/v1/dossiers", json={"number": "824415",
                                                 "title": "again"}).status_code == 409
    element = client.post("/api/v1/dossiers/824415/elements",
                          json={"kind": "placement", "reference": "DEM-APLAC-002"})
    assert element.status_code == 201
    assert [e["reference"] for e in client.get("/api/v1/dossiers/824415/elements").json()] == [
        "DEM-APLAC-002"]
    assert client.patch("/api/v1/dossiers/824415", json={"title": "ROSSI M."}).json()[
        "title"] == "ROSSI M."
    assert [d["number"] for d in client.get("/api/v1/dossiers",
                                            params={"service": "DEM"}).json()] == ["824415"]
    assert client.get("/api/v1/dossiers/000").status_code == 404
    assert client.get("/health").json() == {"status": "ok"}


def test_person_and_dossier_filters_fold_accents_and_umlauts(client: TestClient) -> None:
    """GIVEN the person Müller Hans, the dossier "MÜLLER Hans" and the dossier "ARMENGAUD
    François" WHEN the API lists persons by name=mueller and dossiers by q=muller and
    q=francois THEN each finds its row alone."""
    client.post("/api/v1/persons", json={"family_name": "Müller", "given_names": "Hans"})
    client.post("/api/v1/persons", json={"family_name": "Armengaud", "given_names": "François"})
    for number, title in (("100", "MÜLLER Hans"), ("200", "ARMENGAUD François")):
        assert client.post("/api/v1/dossiers", json={"number": number, "title": title,
                                                     "service": "DEM"}).status_code == 201
    persons = client.get("/api/v1/persons", params={"name": "mueller"}).json()
    assert [p["family_name"] for p in persons] == ["Müller"]
    assert [d["number"] for d in client.get("/api/v1/dossiers",
                                            params={"q": "muller"}).json()] == ["100"]
    assert [d["number"] for d in client.get("/api/v1/dossiers",
                                            params={"q": "francois"}).json()] == ["200"]

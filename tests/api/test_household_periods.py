"""The household view respects membership dates, through the HTTP API and the viewer: the
household's dossiers are always in it; a member's documents elsewhere only when dated within
that person's membership; undated ones only while the person is a member today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_search_desk import _classify, _ids, _ingest, _post

URL = "/api/v1/households/UA-7/documents"


@dataclass
class Keller:
    household_id: int
    documents: dict[str, int]


def _member(client: TestClient, household_id: int, person: int, start: str | None,
            end: str | None) -> None:
    _post(client, "/api/v1/households/UA-7/members",
          {"household_id": household_id, "person_id": person, "start_date": start,
           "end_date": end})


@pytest.fixture
def keller(client: TestClient) -> Keller:
    """GIVEN the Keller household (dossier H-1) and three persons: Anna, a member from 2015 to
    2018; Bruno, a member since June 2019; Carla, a member in 2010-2011 and again from 2016 to
    June 2017. H-1 holds a 2021 letter about Anna and an undated note; the other papers sit in
    dossier P-1, of no household, each linked to one person."""
    household = _post(client, "/api/v1/households", {"code": "UA-7", "name": "Famille Keller"})
    person = {given: int(_post(client, "/api/v1/persons",
                               {"family_name": "Keller", "given_names": given})["id"])
              for given in ("Anna", "Bruno", "Carla")}
    for given, start, end in (("Anna", "2015-01-01", "2018-12-31"),
                              ("Bruno", "2019-06-01", None),
                              ("Carla", "2010-01-01", "2011-12-31"),
                              ("Carla", "2016-01-01", "2017-06-30")):
        _member(client, household["id"], person[given], start, end)
    _post(client, "/api/v1/dossiers", {"number": "H-1", "title": "KELLER", "service": "DEM",
                                       "household_id": household["id"]})
    _post(client, "/api/v1/dossiers", {"number": "P-1", "title": "Autre", "service": "DEM"})
    papers: dict[str, tuple[str, str, str | None, str | None]] = {
        # name: (dossier, text, linked person, date)
        "household_letter": ("H-1", "Lettre au foyer", "Anna", "2021-05-01"),
        "household_note": ("H-1", "Note de service", None, None),
        "anna_within": ("P-1", "Fiche de salaire", "Anna", "2016-03-31"),
        "anna_last_day": ("P-1", "Attestation de domicile", "Anna", "2018-12-31"),
        "anna_after": ("P-1", "Contrat de bail", "Anna", "2020-02-01"),
        "anna_undated": ("P-1", "Copie de passeport", "Anna", None),
        "bruno_undated": ("P-1", "Copie de permis", "Bruno", None),
        "bruno_before": ("P-1", "Certificat de travail", "Bruno", "2018-01-15"),
        "carla_first": ("P-1", "Inscription scolaire", "Carla", "2011-05-01"),
        "carla_between": ("P-1", "Facture de garde", "Carla", "2014-01-01"),
        "carla_second": ("P-1", "Bulletin de notes", "Carla", "2017-01-01"),
    }
    documents = {}
    for name, (dossier, text, given, day) in papers.items():
        documents[name] = _ingest(client, dossier, text)
        fields: dict[str, Any] = {"person_ids": [person[given]] if given else []}
        if day is not None:
            fields["doc_date"] = day
        _classify(client, documents[name], **fields)
    return Keller(household_id=int(household["id"]), documents=documents)


def _names(keller: Keller, ids: list[int]) -> set[str]:
    return {name for name, document in keller.documents.items() if document in ids}


def test_a_former_members_documents_count_within_their_membership_only(
    client: TestClient, keller: Keller,
) -> None:
    """GIVEN Anna, a member from 2015 to 2018 WHEN opening the household THEN her payslip of
    2016 and her certificate of the last day are in the view, her lease of 2020 is not."""
    names = _names(keller, _ids(client.get(URL)))
    assert {"anna_within", "anna_last_day"} <= names
    assert "anna_after" not in names


def test_undated_documents_count_for_current_members_only(
    client: TestClient, keller: Keller,
) -> None:
    """GIVEN undated papers of Bruno (a member today) and of Anna (who left) WHEN opening the
    household THEN Bruno's is in the view, Anna's is not; Bruno's paper from before he joined
    is not either."""
    for name in ("bruno_undated", "anna_undated"):
        assert client.get(f"/api/v1/documents/{keller.documents[name]}").json()["doc_date"] is None
    names = _names(keller, _ids(client.get(URL)))
    assert "bruno_undated" in names
    assert not {"anna_undated", "bruno_before"} & names


def test_a_person_with_two_memberships_counts_in_both_periods(
    client: TestClient, keller: Keller,
) -> None:
    """GIVEN Carla, a member in 2010-2011 and again in 2016-2017 WHEN opening the household
    THEN her papers of 2011 and 2017 are in the view, the one of 2014 (between) is not."""
    names = _names(keller, _ids(client.get(URL)))
    assert {"carla_first", "carla_second"} <= names
    assert "carla_between" not in names


def test_the_households_dossiers_are_always_in_the_view(
    client: TestClient, keller: Keller,
) -> None:
    """GIVEN H-1 holding a 2021 letter about Anna (after she left) and an undated note WHEN
    opening the household, or searching with ``household=`` THEN both are listed, and the two
    routes list the same documents, newest first with undated ones last."""
    listed = _ids(client.get(URL))
    assert {"household_letter", "household_note"} <= _names(keller, listed)
    assert _names(keller, listed) == {"household_letter", "household_note", "anna_within",
                                      "anna_last_day", "bruno_undated", "carla_first",
                                      "carla_second"}
    assert listed[0] == keller.documents["household_letter"]
    searched = client.get("/api/v1/search", params={"household": keller.household_id,
                                                    "sort": "date_desc"})
    assert _ids(searched) == listed


def test_the_viewers_household_screen_applies_the_same_rule(
    client: TestClient, keller: Keller,
) -> None:
    """WHEN the household screen of the viewer opens THEN it links the documents of the API's
    household view and none of the others."""
    screen = client.get("/households/UA-7")
    assert screen.status_code == 200, screen.text
    shown = {name for name, document in keller.documents.items()
             if f'/documents/{document}"' in screen.text}
    assert shown == _names(keller, _ids(client.get(URL)))

"""Dossier data from CSV: households, persons, dossiers and elements; re-import is harmless."""
# ruff: noqa: E501  (CSV rows are kept whole, as a clerk would see them)

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from core import InvalidInput, SessionFactory
from core.catalog import Dossier, DossierElement, HouseholdMembership, Person
from ingest import import_dossier_csv

CSV = """dossier_number;dossier_title;service;household_code;household_name;family_name;given_names;birth_date;national_id;role;element_reference;element_kind;element_title
824415;ARMENGAUD François;DEM;UA-0042;Famille Armengaud;Armengaud;François;19.04.1985;756.1234.5678.97;applicant;DEM-APLAC-002;placement;Placement en foyer
824415;ARMENGAUD François;DEM;UA-0042;Famille Armengaud;Armengaud;Léa;2012-06-13;;child;;;
"""


def test_import_creates_the_dossier_world_once(sessions: SessionFactory) -> None:
    """GIVEN a semicolon CSV of two persons of one household WHEN imported twice
    THEN one dossier, one household with two members and one element exist."""
    for _ in range(2):
        with sessions.transaction() as s:
            summary = import_dossier_csv(s, io.StringIO(CSV))
    assert summary.rows == 2 and summary.dossiers == 0  # second run created nothing
    with sessions() as s:
        assert len(s.exec(select(Dossier)).all()) == 1
        assert len(s.exec(select(HouseholdMembership)).all()) == 2
        lea = s.exec(select(Person).where(Person.given_names == "Léa")).one()
        assert lea.birth_date.isoformat() == "2012-06-13"
        element = s.exec(select(DossierElement)).one()
        assert element.reference == "DEM-APLAC-002" and element.kind == "placement"


@pytest.mark.parametrize(("text", "message"), [
    ("number,title\n1,x\n", "dossier_number"),
    ("dossier_number,family_name,birth_date\n1,Rossi,yesterday\n", "line 2"),
    ("dossier_number\n\n ,\n", "dossier_number is empty"),
])
def test_bad_csv_is_refused_with_the_line(sessions: SessionFactory, text: str,
                                          message: str) -> None:
    """GIVEN a malformed CSV WHEN imported THEN InvalidInput naming the column or line."""
    with pytest.raises(InvalidInput, match=message), sessions.transaction() as s:
        import_dossier_csv(s, io.StringIO(text))

"""The catalog on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect

from core import Conflict, NotFound, SessionFactory, downgrade, upgrade
from core.catalog import (
    DossierCreate,
    DossierElementCreate,
    HouseholdCreate,
    MembershipCreate,
    PersonCreate,
    queries,
)

TABLES = {"household", "person", "householdmembership", "dossier", "dossier_element",
          "document", "page", "batch", "batch_item"}


def test_migrations_create_every_table_and_go_back_down(sessions: SessionFactory) -> None:
    """GIVEN a migrated database WHEN it is downgraded to base and upgraded again
    THEN the tables are gone in between and all back at the end."""
    engine = sessions.engine
    assert set(inspect(engine).get_table_names()) >= TABLES
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_a_household_with_members_and_a_dossier_with_elements(sessions: SessionFactory) -> None:
    """GIVEN a household of two persons WHEN a dossier and an element are created for it
    THEN the members, the dossier and its element are found again by their codes."""
    with sessions.transaction() as s:
        household = queries.create_household(s, data=HouseholdCreate(code="UA-1", name="Rossi"))
        for name, born in (("Rossi", date(1980, 5, 1)), ("Bianchi", date(1982, 7, 9))):
            person = queries.create_person(s, data=PersonCreate(family_name=name,
                                                                birth_date=born))
            queries.add_membership(s, data=MembershipCreate(
                household_id=household.id, person_id=person.id, role="adult"))
        dossier = queries.create_dossier(s, data=DossierCreate(
            number="824415", title="ROSSI Mario", service="DEM", household_id=household.id))
        queries.create_element(s, data=DossierElementCreate(
            dossier_id=dossier.id, kind="request", reference="DEM-APLAC-002"))
    with sessions() as s:
        members = queries.household_members(s, household_id=household.id)
        assert [m.family_name for m in members] == ["Bianchi", "Rossi"]
        found = queries.dossier_by_number(s, number="824415")
        assert found.household_id == household.id and found.status == "open"
        assert [e.reference for e in queries.dossier_elements(s, dossier_id=found.id)] == [
            "DEM-APLAC-002"]


def test_duplicate_numbers_are_conflicts_and_unknown_ones_not_found(
        sessions: SessionFactory) -> None:
    """GIVEN a dossier WHEN another with the same number is created THEN Conflict (409);
    an unknown number is NotFound (404)."""
    with sessions.transaction() as s:
        queries.create_dossier(s, data=DossierCreate(number="1", title="A"))
    with pytest.raises(Conflict), sessions.transaction() as s:
        queries.create_dossier(s, data=DossierCreate(number="1", title="B"))
    with pytest.raises(NotFound), sessions() as s:
        queries.dossier_by_number(s, number="2")
    with pytest.raises(Conflict), sessions.transaction() as s:
        queries.create_person(s, data=PersonCreate(family_name="X", national_id="756.1"))
        queries.create_person(s, data=PersonCreate(family_name="Y", national_id="756.1"))

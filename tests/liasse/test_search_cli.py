"""``liasse search --household CODE --sort ...``: the household view and the orders of the API,
on the command line."""

from __future__ import annotations

from datetime import date

import pytest

from core import NotFound
from core.catalog import HouseholdCreate, MembershipCreate, PersonCreate, queries
from index import IndexedDocument, IndexedPage
from liasse.cli._context import cli_services
from tests.e2e.conftest import Cli, cli  # noqa: F401  (the in-process `liasse` fixture)


def _seed_household() -> None:
    """The Keller household: Anna, a member from 2015 to 2018; in the index, a note of its
    dossier H-1 (2021), Anna's papers of 2016 and 2020 in dossier P-1, an unrelated paper."""
    services = cli_services()
    with services.sessions.transaction() as session:
        household = queries.create_household(session, data=HouseholdCreate(code="UA-9",
                                                                           name="Keller"))
        anna = queries.create_person(session, data=PersonCreate(family_name="Keller",
                                                                given_names="Anna"))
        assert household.id is not None and anna.id is not None
        queries.add_membership(session, data=MembershipCreate(
            household_id=household.id, person_id=anna.id, start_date=date(2015, 1, 1),
            end_date=date(2018, 12, 31)))
        household_id, anna_id = household.id, anna.id
    papers = {1: ("H-1", household_id, (), date(2021, 5, 1)),
              2: ("P-1", None, (anna_id,), date(2016, 3, 31)),
              3: ("P-1", None, (anna_id,), date(2020, 2, 1)),
              4: ("P-2", None, (), date(2017, 1, 1))}
    services.index.upsert([
        IndexedDocument(number, f"Pièce {number}", (IndexedPage(1, "Attestation."),),
                        dossier=dossier, household_id=owner, person_ids=persons, doc_date=day,
                        language="fr")
        for number, (dossier, owner, persons, day) in papers.items()])


def _documents(answer: dict[str, list[dict[str, int]]]) -> list[int]:
    return [hit["document"] for hit in answer["hits"]]


def test_search_within_a_household_in_date_order(cli: Cli) -> None:  # noqa: F811
    """GIVEN the Keller household, Anna a member from 2015 to 2018 WHEN searching it with
    ``--household`` in either date order THEN its dossier's note and Anna's paper of 2016 are
    listed in that order, not her paper of 2020 (after she left) nor the unrelated one."""
    _seed_household()
    oldest = cli("search", "attestation", "--household", "UA-9", "--sort", "date_asc",
                 "--json")
    assert _documents(oldest) == [2, 1] and oldest["total"] == 2
    newest = cli("search", "--household", "UA-9", "--sort", "date_desc", "--json")
    assert _documents(newest) == [1, 2]
    assert sorted(_documents(cli("search", "attestation", "--json"))) == [1, 2, 3, 4]


def test_an_unknown_household_or_order_is_refused(cli: Cli) -> None:  # noqa: F811
    """WHEN searching an unknown household code, or with an order that does not exist THEN
    the command fails: no household, or a usage error naming the choices."""
    with pytest.raises(NotFound, match="NOPE"):
        cli("search", "--household", "NOPE")
    assert "relevance" in cli("search", "--sort", "oldest", expect_exit=2)

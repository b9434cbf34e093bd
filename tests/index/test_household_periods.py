"""The household view of ``SearchQuery`` with membership periods (``MemberPeriod``), on every
adapter of the contract suite (OpenSearch only when ``OPENSEARCH_URL`` names a server): the
household's dossiers always; a member's documents elsewhere when dated within one of that
member's periods; undated ones while the person is a member today."""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import pytest

from index import SearchIndex, SearchQuery
from index._model import MemberPeriod
from tests.contract.test_search_index import (  # noqa: F401  (the adapters' fixture)
    document,
    found,
    search_index,
)

TODAY = date.today()
ANNA = MemberPeriod(11, date(2015, 1, 1), date(2018, 12, 31))  # left at the end of 2018
BRUNO = MemberPeriod(12, date(2019, 6, 1), None)  # a member since June 2019
CARLA = (MemberPeriod(13, date(2010, 1, 1), date(2011, 12, 31)),  # left, then came back
         MemberPeriod(13, date(2016, 1, 1), date(2017, 6, 30)))
DORA = MemberPeriod(14, None, TODAY + timedelta(days=30))  # leaves next month
EMIL = MemberPeriod(15, TODAY + timedelta(days=30), None)  # joins next month
MEMBERS = (ANNA, BRUNO, *CARLA, DORA, EMIL)


@pytest.fixture
def household(search_index: SearchIndex) -> SearchIndex:  # noqa: F811
    """GIVEN household 1 with dossier H-1 (a 2021 letter about Anna, 11; an undated note) and,
    in dossier P-1 of no household, papers of Anna, Bruno (12), Carla (13), Dora (14) and
    Emil (15), plus household 2's dossier H-2."""
    papers = {  # id: (dossier, household, person, date)
        1: ("H-1", 1, 11, date(2021, 5, 1)),
        2: ("H-1", 1, None, None),
        3: ("P-1", None, 11, date(2016, 3, 31)),
        4: ("P-1", None, 11, date(2018, 12, 31)),
        5: ("P-1", None, 11, date(2020, 2, 1)),
        6: ("P-1", None, 11, None),
        7: ("P-1", None, 12, None),
        8: ("P-1", None, 12, date(2018, 1, 15)),
        9: ("P-1", None, 13, date(2011, 5, 1)),
        10: ("P-1", None, 13, date(2014, 1, 1)),
        11: ("P-1", None, 13, date(2017, 1, 1)),
        12: ("P-1", None, 14, None),
        13: ("P-1", None, 15, None),
        14: ("H-2", 2, None, date(2016, 3, 31)),
    }
    search_index.upsert([
        document(number, f"Pièce numéro {number} du dossier.", dossier=dossier,
                 household_id=household_id, doc_date=day, language="fr",
                 person_ids=(person,) if person else ())
        for number, (dossier, household_id, person, day) in papers.items()])
    return search_index


def view(index: SearchIndex, *members: MemberPeriod) -> set[int]:
    return set(found(index, household_id=1, household_members=members, limit=100))


def test_a_former_members_documents_count_within_their_membership_only(
    household: SearchIndex,
) -> None:
    """GIVEN Anna, a member from 2015 to 2018 WHEN opening the household THEN her papers of
    2016 and of her last day are in it, her paper of 2020 and her undated one are not."""
    assert view(household, ANNA) - {1, 2} == {3, 4}


def test_undated_documents_count_for_todays_members_only(household: SearchIndex) -> None:
    """GIVEN undated papers of Bruno (member since 2019), Dora (leaving next month), Emil
    (joining next month) and Anna (who left) WHEN opening the household THEN Bruno's and
    Dora's are in it, Emil's and Anna's are not; Bruno's paper from before he joined is not."""
    members = view(household, ANNA, BRUNO, DORA, EMIL) - {1, 2, 3, 4}
    assert members == {7, 12}


def test_a_person_with_two_memberships_counts_in_both_periods(household: SearchIndex) -> None:
    """GIVEN Carla, a member in 2010-2011 and again in 2016-2017 WHEN opening the household
    THEN her papers of 2011 and 2017 are in it, the one of 2014 (in between) is not."""
    assert view(household, *CARLA) - {1, 2} == {9, 11}


def test_the_households_dossiers_are_always_in_the_view(household: SearchIndex) -> None:
    """GIVEN H-1's letter about Anna dated after she left and its undated note WHEN opening
    the household with or without members THEN both are in it, newest first and undated last,
    and household 2's dossier never is; words narrow the view as anywhere else."""
    assert view(household) == {1, 2}
    listed = found(household, household_id=1, household_members=MEMBERS, limit=100)
    assert listed[:5] == [1, 4, 11, 3, 9] and set(listed[5:]) == {2, 7, 12}
    assert found(household, "piece 4", household_id=1, household_members=MEMBERS) == [4]


def test_a_query_with_memberships_is_hashable_and_picklable() -> None:
    """GIVEN a household query with a membership without dates and one that ended
    WHEN it is pickled (it travels to worker processes) THEN it comes back equal and hashes;
    the membership without dates covers today, the ended one does not."""
    query = SearchQuery(household_id=1, household_members=(MemberPeriod(11), ANNA))
    assert pickle.loads(pickle.dumps(query)) == query and hash(query) == hash(query)
    assert MemberPeriod(11).covers(TODAY) and not ANNA.covers(TODAY)

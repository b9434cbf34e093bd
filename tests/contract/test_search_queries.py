"""The caseworker's query language, facets, the household and person views, sorting, deep
paging and word boxes: part of the ``SearchIndex`` contract, run against every adapter of
``test_search_index.ADAPTERS`` (OpenSearch only when ``OPENSEARCH_URL`` names a server).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from index import (
    IndexedDocument,
    IndexedPage,
    MemberPeriod,
    SearchIndex,
    SearchQuery,
)
from tests.contract.test_search_index import ADAPTERS, document, found


@pytest.fixture(params=sorted(ADAPTERS))
def search_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    index = ADAPTERS[request.param](tmp_path)
    index.clear()
    yield index
    drop = getattr(index, "drop", None)
    if drop is not None:
        drop()
    index.close()


@pytest.fixture
def desk(search_index: SearchIndex) -> SearchIndex:
    """GIVEN the papers of two households: the Armengaud household (id 1; persons 11, 12;
    dossier 824415) and the Rossi household (id 2; persons 21, 22; dossier 900001), plus a
    payslip of Lucie Armengaud (person 12) filed in her own dossier 777000 of no household."""
    search_index.upsert([
        document(1, "Décision d'octroi de l'aide sociale à la famille Armengaud.",
                 "La décision de placement en foyer est prolongée.", dossier="824415",
                 doc_type="decision", doc_date=date(2016, 7, 4), language="fr", household_id=1,
                 element="DEM-APLAC-002", person_ids=(11,), status="active", source="scan"),
        document(2, "Facture du foyer pour juin. Loyer et pension.", dossier="824415",
                 doc_type="invoice", doc_date=date(2016, 6, 30), language="fr", household_id=1,
                 element="DEM-APLAC-002", person_ids=(11, 12), status="active", source="scan"),
        document(3, "Facture de la caution du logement.", dossier="824415", doc_type="invoice",
                 doc_date=date(2017, 1, 15), language="fr", household_id=1, person_ids=(11,),
                 status="review", source="upload"),
        document(4, "Fiche de salaire de Lucie Armengaud, mars.", dossier="777000",
                 doc_type="payslip", doc_date=date(2016, 3, 31), language="fr", person_ids=(12,),
                 status="active", source="upload"),
        document(5, "Decisione sulla domanda di aiuto della famiglia Rossi.", dossier="900001",
                 doc_type="decision", doc_date=date(2016, 9, 1), language="it", household_id=2,
                 person_ids=(21,), status="active", source="generated"),
        document(6, "Contratto di affitto.", dossier="900001", doc_type="rental-contract",
                 language="it", household_id=2, person_ids=(22,), status="active",
                 source="scan"),
    ])
    return search_index


# -- typos and half names -------------------------------------------------------------------
def test_a_misspelt_word_without_accents_finds_the_word(desk: SearchIndex) -> None:
    """GIVEN decisions written "décision" WHEN the caseworker types "decsion" THEN they are
    found, the exact matches of the word ranked like any other."""
    assert set(found(desk, "decsion")) >= {1}


def test_half_a_name_misspelt_finds_the_name(desk: SearchIndex) -> None:
    """GIVEN the Armengaud papers WHEN the caseworker types "Armengo" THEN they are found
    (one edit away from the beginning of "Armengaud"); "armeng*" completes the prefix."""
    assert sorted(found(desk, "armeng*")) == [1, 4]
    assert sorted(found(desk, "Armengo")) == [1, 4]


def test_short_words_are_not_fuzzy(desk: SearchIndex) -> None:
    """GIVEN "loyer" in one invoice and "foyer" in other documents WHEN searching "loyer"
    THEN only the word itself is found: short words match exactly."""
    assert found(desk, "loyer") == [2]


def test_an_explicit_tilde_asks_for_fuzziness(desk: SearchIndex) -> None:
    """GIVEN "loyer" on an invoice WHEN the caseworker types the short "loyr" THEN nothing is
    found (short words are exact), but "loyr~" finds it."""
    assert found(desk, "loyr~") == [2]
    assert found(desk, "loyr") == []


def test_exact_matches_rank_above_fuzzy_ones(search_index: SearchIndex) -> None:
    """GIVEN one page saying "placement" and one saying "placemant" (an OCR slip) WHEN
    searching "placement" THEN both are found, the exact one first."""
    search_index.upsert([document(1, "Un placemant urgent.", language="fr"),
                         document(2, "Un placement urgent.", language="fr")])
    assert found(search_index, "placement") == [2, 1]


def test_a_first_name_is_not_stemmed_into_a_function_word(search_index: SearchIndex) -> None:
    """GIVEN forty generated French letters, two of them naming the child Léa (the French
    stemmer makes "léa" into "le", a word of every French text) WHEN searching "Léa", and
    "léa" typed in lowercase THEN the two naming Léa are found, and nothing else."""
    subjects = ("le loyer", "la caution", "le placement", "les frais", "le foyer")
    letters = [document(n, f"Madame, nous vous écrivons au sujet de {subjects[n % 5]}. "
                           f"Le service social, dossier {900000 + n}.", language="fr")
               for n in range(1, 41)]
    letters[6] = document(7, "Le placement de Léa au foyer est prolongé.", language="fr")
    letters[30] = document(31, "Rapport sur la scolarité de Lea Rossi.", language="fr")
    search_index.upsert(letters)
    assert sorted(found(search_index, "Léa")) == [7, 31]
    assert sorted(found(search_index, "léa")) == [7, 31]
    assert found(search_index, "Léa placement") == [7]


# -- phrases and operators ------------------------------------------------------------------
def test_a_phrase_matches_its_words_in_order(desk: SearchIndex) -> None:
    """GIVEN "décision de placement" on a page and "décision" and "placement" apart elsewhere
    WHEN searching the quoted phrase (unaccented) THEN only the page with the phrase is found."""
    assert found(desk, '"decision de placement"') == [1]
    assert found(desk, '"placement de decision"') == []


def test_or_not_and_parentheses(desk: SearchIndex) -> None:
    """WHEN combining words with OR, NOT/- and parentheses THEN they mean what they say."""
    assert sorted(found(desk, "caution OR loyer")) == [2, 3]
    assert sorted(found(desk, "facture -caution")) == [2]
    assert sorted(found(desk, "facture NOT loyer")) == [3]
    assert sorted(found(desk, "(caution OR pension) foyer")) == [2]


# -- field terms ----------------------------------------------------------------------------
def test_field_terms_in_the_text(desk: SearchIndex) -> None:
    """WHEN typing type:, dossier:, element:, person:, household:, date: and year: terms
    THEN each restricts the documents like the matching filter."""
    assert sorted(found(desk, "type:invoice")) == [2, 3]
    assert sorted(found(desk, "facture dossier:824415")) == [2, 3]
    assert sorted(found(desk, "element:DEM-APLAC-002")) == [1, 2]
    assert sorted(found(desk, "person:12")) == [2, 4]
    assert sorted(found(desk, "household:2")) == [5, 6]
    assert sorted(found(desk, "date:2016-06..2016-12")) == [1, 2, 5]
    assert sorted(found(desk, "year:2016 type:decision")) == [1, 5]
    assert sorted(found(desk, "type:invoice OR type:payslip")) == [2, 3, 4]


def test_an_unreadable_field_term_is_searched_as_words(desk: SearchIndex) -> None:
    """WHEN a field term cannot be read (date:soon, person:abc) THEN its words are searched
    and nothing raises."""
    assert found(desk, "date:soon") == []
    assert sorted(found(desk, "facture:")) == [2, 3]


# -- filters, sort, paging ------------------------------------------------------------------
def test_filters_on_person_element_status_and_source(desk: SearchIndex) -> None:
    assert sorted(found(desk, person_id=12)) == [2, 4]
    assert sorted(found(desk, element="DEM-APLAC-002")) == [1, 2]
    assert found(desk, status="review") == [3]
    assert sorted(found(desk, source="upload")) == [3, 4]


def test_sort_by_date_either_way_undated_last(desk: SearchIndex) -> None:
    """GIVEN dated documents and one undated WHEN sorting by date THEN newest or oldest first,
    the undated document last both ways."""
    assert found(desk, sort="date_desc") == [3, 5, 1, 2, 4, 6]
    assert found(desk, sort="date_asc") == [4, 2, 1, 5, 3, 6]
    assert found(desk, "facture", sort="date_asc") == [2, 3]


def test_paging_past_ten_thousand_hits(search_index: SearchIndex) -> None:
    """GIVEN 10,050 documents WHEN asking for the hits at offset 10,040 THEN the last ten come
    back, with the full total: paging has no cap."""
    search_index.upsert([IndexedDocument(n, f"n{n}", (IndexedPage(1, "attestation"),),
                                         doc_date=date(2000, 1, 1) + (date(2000, 1, 2) -
                                                                      date(2000, 1, 1)) * n)
                         for n in range(10_050)])
    result = search_index.search(SearchQuery(text="attestation", offset=10_040, limit=20,
                                             sort="date_asc"))
    assert result.total == 10_050
    assert [h.document for h in result.hits] == list(range(10_040, 10_050))


# -- facets ---------------------------------------------------------------------------------
def test_facets_count_the_matching_documents(desk: SearchIndex) -> None:
    """WHEN asking for facets with the household's dossier THEN type, year, element and person
    count its matching documents, most frequent first."""
    result = desk.search(SearchQuery(dossier="824415", facets=True))

    assert result.facets["type"] == (("invoice", 2), ("decision", 1))
    assert result.facets["year"] == (("2016", 2), ("2017", 1))
    assert result.facets["element"] == (("DEM-APLAC-002", 2),)
    assert result.facets["person"] == (("11", 3), ("12", 1))
    assert desk.search(SearchQuery(dossier="824415")).facets == {}


# -- the household and person views ---------------------------------------------------------
def test_the_household_view_holds_its_dossiers_and_its_members_papers(
    desk: SearchIndex,
) -> None:
    """GIVEN Lucie (12), member of the Armengaud household, with a payslip in her own dossier
    WHEN opening the household with its members THEN its dossier's documents and her payslip
    are listed, newest first; without the members, only the dossier's."""
    members = (MemberPeriod(11), MemberPeriod(12))  # members without dates: always members
    view = desk.search(SearchQuery(household_id=1, household_members=members))
    assert [h.document for h in view.hits] == [3, 1, 2, 4]
    assert sorted(found(desk, "salaire", household_id=1, household_members=members)) == [4]
    assert sorted(found(desk, household_id=1)) == [1, 2, 3]


def test_the_person_view(desk: SearchIndex) -> None:
    """WHEN opening Lucie's documents THEN those linked to her, in every dossier."""
    assert found(desk, person_id=12) == [2, 4]


# -- word boxes -----------------------------------------------------------------------------
def test_hits_carry_the_boxes_of_the_matched_words(search_index: SearchIndex) -> None:
    """GIVEN a page whose words have boxes WHEN searching an inflected, unaccented form and a
    misspelt name THEN the hit carries the boxes of "Décisions" and "Armengaud" (and of
    nothing else), as fractions of the page."""
    words = (("Les", 0.1, 0.1, 0.15, 0.12), ("Décisions", 0.16, 0.1, 0.3, 0.12),
             ("concernant", 0.31, 0.1, 0.45, 0.12), ("Armengaud.", 0.46, 0.1, 0.6, 0.12))
    search_index.upsert([IndexedDocument(1, "Courrier", (
        IndexedPage(1, "Page de garde."),
        IndexedPage(2, "Les Décisions concernant Armengaud.", words)), language="fr")])

    (hit,) = search_index.search(SearchQuery(text="decision armengo")).hits

    assert hit.page == 2
    assert [tuple(round(v, 3) for v in box) for box in hit.boxes] == [
        (0.16, 0.1, 0.3, 0.12), (0.46, 0.1, 0.586, 0.12)]  # "Armengaud" without its "."

"""The permission filter every ``SearchIndex`` adapter applies inside the index query itself:
``SearchQuery.visible_to`` against ``IndexedDocument.access``. Totals, hits and snippets never
include a document outside ``visible_to``; ``None`` means no restriction.

Same adapters as ``test_search_index.py`` (each backend only adds an entry to ``ADAPTERS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from index import SearchIndex, SearchQuery, SearchResult
from tests.contract.test_search_index import ADAPTERS, document

# Tokens as core.access makes them: a DEM dossier, a confidential one, a document in no dossier.
DEM = ("d:1", "all", "svc:DEM")
SECRET = ("d:2", "cr:supervisor")
UNFILED = ("unfiled",)


@pytest.fixture(params=sorted(ADAPTERS))
def search_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    index = ADAPTERS[request.param](tmp_path)
    index.clear()
    yield index
    index.close()


@pytest.fixture
def filed(search_index: SearchIndex) -> SearchIndex:
    """GIVEN three decisions: one in a DEM dossier, one in a confidential dossier (whose text
    has its own word), one in no dossier, plus an old document indexed without tokens."""
    search_index.upsert([
        document(1, "Décision de placement.", dossier="D-1", access=DEM, language="fr"),
        document(2, "Décision de placement zuluconfidentiel.", dossier="D-2", access=SECRET,
                 title="Placement protection", language="fr"),
        document(3, "Décision de placement.", access=UNFILED, language="fr"),
        document(4, "Décision de placement.", dossier="D-9", language="fr"),
    ])
    return search_index


def _search(index: SearchIndex, text: str, visible_to: tuple[str, ...] | None, *,
            limit: int = 50, **filters: Any) -> SearchResult:
    return index.search(SearchQuery(text=text, visible_to=visible_to, limit=limit,
                                    **filters))


@pytest.mark.parametrize(("visible_to", "expected"), [
    (None, {1, 2, 3, 4}),
    (("svc:DEM",), {1}),
    (("all", "unfiled"), {1, 3}),
    (("cr:supervisor", "all", "unfiled"), {1, 2, 3}),
    (("d:2",), {2}),
    (("svc:ENF", "archive"), set()),
    ((), set()),
])
def test_totals_and_hits_hold_only_visible_documents(filed: SearchIndex,
                                                     visible_to: tuple[str, ...] | None,
                                                     expected: set[int]) -> None:
    """WHEN searching a word every document holds with ``visible_to`` THEN the total and the
    hits are exactly the documents carrying one of those tokens (None: all of them; a document
    indexed without tokens is seen only without restriction)."""
    for text in ("placement", ""):
        result = _search(filed, text, visible_to)
        assert {h.document for h in result.hits} == expected, text
        assert result.total == len(expected), text


def test_a_hidden_documents_words_leave_no_trace(filed: SearchIndex) -> None:
    """WHEN someone without the confidential dossier's tokens searches its own word, its title
    or its dossier THEN total 0, no hit, no snippet; with the token it is found and marked."""
    cases: list[tuple[str, dict[str, Any]]] = [
        ("zuluconfidentiel", {}), ("protection", {}), ("", {"dossier": "D-2"}),
        ("placement", {"dossier": "D-2"})]
    for text, filters in cases:
        hidden = _search(filed, text, ("all", "unfiled"), **filters)
        assert (hidden.total, hidden.hits) == (0, ()), (text, filters)
    shown = _search(filed, "zuluconfidentiel", ("cr:supervisor",))
    assert shown.total == 1 and "<mark>zuluconfidentiel</mark>" in shown.hits[0].snippet


def test_paging_counts_only_visible_documents(filed: SearchIndex) -> None:
    """WHEN paging one hit at a time through a restricted search THEN every page holds a
    visible document and the pages end where the visible documents do."""
    seen: list[int] = []
    for offset in range(4):
        page = _search(filed, "placement", ("all", "unfiled"), offset=offset, limit=1)
        assert page.total == 2
        seen.extend(h.document for h in page.hits)
    assert sorted(seen) == [1, 3]


def test_access_changes_with_a_reindex(filed: SearchIndex) -> None:
    """GIVEN the DEM document found by a DEM caseworker WHEN it is re-indexed as confidential
    (other tokens) THEN the same search no longer finds it."""
    assert _search(filed, "placement", ("svc:DEM",)).total == 1
    filed.upsert([document(1, "Décision de placement.", dossier="D-1", access=("d:1",),
                           language="fr")])
    assert _search(filed, "placement", ("svc:DEM",)).total == 0
    assert _search(filed, "placement", ("d:1",)).total == 1


def test_facet_counts_never_reveal_hidden_documents(search_index: SearchIndex) -> None:
    """GIVEN a DEM decision and a confidential decision of another type, year, element and
    person WHEN a DEM caseworker asks for facets THEN only the visible document is counted:
    no value of the hidden one appears, not even with a count."""
    search_index.upsert([
        document(1, "Décision de placement.", dossier="D-1", access=DEM, language="fr",
                 doc_type="decision", doc_date=date(2016, 5, 1), element="E-1",
                 person_ids=(7,)),
        document(2, "Décision de placement.", dossier="D-2", access=SECRET, language="fr",
                 doc_type="court-order", doc_date=date(2019, 5, 1), element="E-SECRET",
                 person_ids=(8,)),
    ])
    for text in ("placement", ""):
        result = search_index.search(SearchQuery(text=text, visible_to=("svc:DEM",),
                                                 facets=True))
        assert result.facets == {"type": (("decision", 1),), "year": (("2016", 1),),
                                 "element": (("E-1", 1),), "person": (("7", 1),)}, text
    nothing = search_index.search(SearchQuery(text="placement", visible_to=(), facets=True))
    assert all(counts == () for counts in nothing.facets.values())

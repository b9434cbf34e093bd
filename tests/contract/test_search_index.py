"""The contract every ``SearchIndex`` adapter keeps, written once against the protocol.

Each adapter only adds an entry to ``ADAPTERS`` (a function from a temporary directory to an
opened index); every test below then runs against it. The OpenSearch adapter runs when
``OPENSEARCH_URL`` names a server (a fresh index per test, deleted after) and is skipped
otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from core import InvalidInput
from index import EmbeddedIndex, IndexedDocument, IndexedPage, SearchIndex, SearchQuery

NO_OPENSEARCH = "OPENSEARCH_URL is not set: no OpenSearch server runs on this machine"


def opensearch_index(_tmp: Path) -> SearchIndex:
    url = os.environ.get("OPENSEARCH_URL")
    if not url:
        pytest.skip(NO_OPENSEARCH)
    from index import OpenSearchIndex

    return OpenSearchIndex.from_url(url, index_name=f"liasse-contract-{uuid.uuid4().hex[:12]}")


ADAPTERS: dict[str, Callable[[Path], SearchIndex]] = {
    "embedded-memory": lambda _tmp: EmbeddedIndex(None),
    "embedded-directory": lambda tmp: EmbeddedIndex(tmp / "index"),
    "opensearch": opensearch_index,
}


@pytest.fixture(params=sorted(ADAPTERS))
def search_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    index = ADAPTERS[request.param](tmp_path)
    index.clear()
    yield index
    drop = getattr(index, "drop", None)  # an index made on a server for this test only
    if drop is not None:
        drop()
    index.close()


def document(document_id: int, *pages: str, **metadata: object) -> IndexedDocument:
    """A document whose pages are numbered from 1; ``title`` defaults to ``Document <id>``."""
    title = str(metadata.pop("title", f"Document {document_id}"))
    numbered = tuple(IndexedPage(number, text) for number, text in enumerate(pages, start=1))
    return IndexedDocument(document_id, title, numbered, **metadata)  # type: ignore[arg-type]


def found(index: SearchIndex, text: str = "", **filters: object) -> list[int]:
    result = index.search(SearchQuery(text=text, **filters))  # type: ignore[arg-type]
    return [hit.document for hit in result.hits]


# -- language analysis ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("fr", "Les décisions du service social ont été prises.", "decision"),
        ("fr", "Les États membres versent une contribution.", "etats"),
        ("fr", "Le placement en foyer est prolongé.", "placements"),
        ("de", "Die Verfügungen des Sozialdienstes liegen bei.", "Verfugung"),
        ("de", "Das Gesuch um Unterstützung wurde eingereicht.", "unterstutzung"),
        ("it", "Le decisioni del servizio sociale sono allegate.", "decisione"),
        ("it", "Il nucleo familiare ha presentato una domanda.", "domande"),
        ("nl", "De beslissingen van de dienst zijn genomen.", "beslissing"),
        ("nl", "Het gezin heeft twee aanvragen ingediend.", "aanvraag"),
        ("en", "The decisions were sent to the household.", "decision"),
    ],
)
def test_words_match_across_accents_and_inflections(
    search_index: SearchIndex, language: str, text: str, query: str
) -> None:
    """GIVEN a document in a language whose text inflects or accents a word
    WHEN a caseworker types another form of it, without accents
    THEN the document is found."""
    search_index.upsert([document(1, text, language=language), document(2, "Sans rapport.")])

    assert found(search_index, query) == [1]


def test_exact_forms_in_another_language_of_the_page_match(search_index: SearchIndex) -> None:
    """GIVEN a document detected as English whose page also holds German and Italian lines
    WHEN the caseworker types those German and Italian words (unaccented)
    THEN the document is found through its unstemmed, folded text."""
    page = "Summary of the file.\nVerfügung vom 3. März.\nDeterminazione del comune."
    search_index.upsert([document(1, page, language="en")])

    assert found(search_index, "verfugung") == [1]
    assert found(search_index, "determinazione") == [1]
    assert found(search_index, "marz") == [1]


def test_a_document_without_language_is_still_stemmed(search_index: SearchIndex) -> None:
    """GIVEN a document whose language was not detected
    WHEN searching another inflection of one of its words
    THEN it is found."""
    search_index.upsert([document(1, "Deux décisions de placement.")])

    assert found(search_index, "decision") == [1]


# -- several words, filters, totals ---------------------------------------------------------
def test_all_words_must_match(search_index: SearchIndex) -> None:
    """GIVEN one document with both words (on different pages) and one with only one
    WHEN searching the two words
    THEN only the document holding both is found."""
    search_index.upsert([
        document(1, "Décision du service.", "Placement en foyer.", language="fr"),
        document(2, "Décision du service.", language="fr"),
    ])

    assert found(search_index, "décision placement") == [1]


def test_stopwords_typed_with_other_words_are_not_required(search_index: SearchIndex) -> None:
    """GIVEN a decision that does not contain "la"
    WHEN the caseworker types "la décision"
    THEN it is still found."""
    search_index.upsert([document(1, "Décision concernant un placement.", language="fr")])

    assert found(search_index, "la décision") == [1]


@pytest.fixture
def filed(search_index: SearchIndex) -> SearchIndex:
    """Four decisions and one invoice across two dossiers, households and dates."""
    search_index.upsert([
        document(1, "Décision d'aide", dossier="D-1", doc_type="decision",
                 doc_date=date(2024, 1, 1), household_id=10, language="fr"),
        document(2, "Décision d'aide", dossier="D-1", doc_type="invoice",
                 doc_date=date(2024, 6, 30), household_id=10, language="fr"),
        document(3, "Décision d'aide", dossier="D-2", doc_type="decision",
                 doc_date=date(2024, 7, 1), household_id=20, language="fr"),
        document(4, "Décision d'aide", dossier="D-10", doc_type="decision",
                 doc_date=date(2023, 12, 31), household_id=30, language="fr"),
        document(5, "Décision d'aide", dossier="D-1", doc_type="decision", language="fr"),
    ])
    return search_index


def test_filters_are_exact(filed: SearchIndex) -> None:
    """GIVEN documents in dossiers D-1, D-2 and D-10 of three households
    WHEN filtering by dossier, type or household
    THEN exactly the documents with that value are found (D-1 does not match D-10)."""
    assert sorted(found(filed, "decision", dossier="D-1")) == [1, 2, 5]
    assert sorted(found(filed, "decision", doc_type="decision")) == [1, 3, 4, 5]
    assert sorted(found(filed, "decision", household_id=10)) == [1, 2]
    assert found(filed, "decision", dossier="D-1", doc_type="invoice") == [2]
    assert found(filed, "decision", dossier="d-1") == []


def test_date_range_is_inclusive(filed: SearchIndex) -> None:
    """GIVEN documents dated 2023-12-31, 2024-01-01, 2024-06-30, 2024-07-01 and one undated
    WHEN searching from 2024-01-01 to 2024-06-30, or with one bound only
    THEN both bounds are included and undated documents are left out."""
    assert sorted(found(filed, "decision", date_from=date(2024, 1, 1),
                        date_to=date(2024, 6, 30))) == [1, 2]
    assert sorted(found(filed, "decision", date_from=date(2024, 6, 30))) == [2, 3]
    assert sorted(found(filed, "decision", date_to=date(2024, 1, 1))) == [1, 4]
    assert found(filed, "decision", date_from=date(2025, 1, 1)) == []


def test_empty_text_lists_the_filtered_documents_newest_first(filed: SearchIndex) -> None:
    """GIVEN dated documents in dossier D-1
    WHEN searching no words, filtered by the dossier
    THEN all its documents are listed, the newest first, undated last."""
    result = filed.search(SearchQuery(dossier="D-1"))

    assert result.total == 3
    assert [hit.document for hit in result.hits] == [2, 1, 5]


def test_total_counts_documents_not_pages_and_ignores_the_limit(
    search_index: SearchIndex,
) -> None:
    """GIVEN three documents of several pages, each page mentioning the word
    WHEN searching it with a limit of two
    THEN the total is three documents and two hits come back, then one on the next page."""
    pages = ("Rapport social.", "Rapport social, suite.", "Rapport social, fin.")
    search_index.upsert([document(n, *pages, language="fr") for n in (1, 2, 3)])

    first = search_index.search(SearchQuery(text="rapport", limit=2))
    rest = search_index.search(SearchQuery(text="rapport", limit=2, offset=2))

    assert (first.total, len(first.hits)) == (3, 2)
    assert (rest.total, len(rest.hits)) == (3, 1)
    assert {h.document for h in first.hits + rest.hits} == {1, 2, 3}


def test_a_negative_limit_is_invalid_input(search_index: SearchIndex) -> None:
    with pytest.raises(InvalidInput):
        search_index.search(SearchQuery(text="x", limit=-1))


# -- hits: page, snippet ---------------------------------------------------------------------
def test_hit_carries_the_documents_metadata(search_index: SearchIndex) -> None:
    """GIVEN a document with title, dossier and type
    WHEN it is found
    THEN the hit carries them."""
    search_index.upsert([document(7, "Attestation de salaire.", title="Fiche de salaire mars",
                                  dossier="D-7", doc_type="payslip", language="fr")])

    (hit,) = search_index.search(SearchQuery(text="salaire")).hits

    assert (hit.document, hit.title, hit.dossier, hit.doc_type) == (
        7, "Fiche de salaire mars", "D-7", "payslip")


def test_hit_points_to_the_page_of_the_best_match(search_index: SearchIndex) -> None:
    """GIVEN a document whose page 2 holds one query word and page 3 holds both
    WHEN searching the two words
    THEN the hit points to page 3."""
    search_index.upsert([document(
        1, "Introduction.", "Le budget du ménage.", "Budget et loyer du ménage.",
        "Annexes.", language="fr")])

    (hit,) = search_index.search(SearchQuery(text="budget loyer")).hits

    assert hit.page == 3


def test_snippet_marks_matched_words_of_the_best_page(search_index: SearchIndex) -> None:
    """GIVEN a French document where the word appears inflected and accented on page 2
    WHEN searching its plain form
    THEN the snippet comes from page 2 and marks the word as written."""
    search_index.upsert([document(
        1, "Première page sans rapport.", "Les Décisions du service sont jointes.",
        language="fr")])

    (hit,) = search_index.search(SearchQuery(text="decision")).hits

    assert hit.page == 2
    assert "<mark>Décisions</mark>" in hit.snippet
    assert "Première" not in hit.snippet


def test_snippet_escapes_the_documents_text(search_index: SearchIndex) -> None:
    """GIVEN a page whose text contains markup
    WHEN it is found
    THEN the snippet shows that markup escaped, and only our marks as tags."""
    search_index.upsert([document(
        1, 'Courrier <script>alert("x")</script> & <b>aide</b> sociale', language="fr")])

    (hit,) = search_index.search(SearchQuery(text="aide")).hits

    assert "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>aide</mark>" in hit.snippet


def test_snippet_of_a_long_page_shows_the_match(search_index: SearchIndex) -> None:
    """GIVEN a long page where the word sits far from its start
    WHEN it is found
    THEN the snippet is short and contains the marked word."""
    filler = "lorem ipsum dolor sit amet " * 200
    search_index.upsert([document(1, filler + "Verfügung über Zuschuss. " + filler,
                                  language="de")])

    (hit,) = search_index.search(SearchQuery(text="zuschuss")).hits

    assert "<mark>Zuschuss</mark>" in hit.snippet
    assert len(hit.snippet) < 600


# -- writes ----------------------------------------------------------------------------------
def test_upsert_replaces_the_document_and_all_its_pages(search_index: SearchIndex) -> None:
    """GIVEN a document of three pages
    WHEN it is upserted again with one different page, twice
    THEN only the new text is found, once."""
    search_index.upsert([document(1, "ancien", "ancien", "ancien", language="fr")])
    search_index.upsert([document(1, "nouveau", language="fr")])
    search_index.upsert([document(1, "nouveau", language="fr")])

    assert found(search_index, "ancien") == []
    result = search_index.search(SearchQuery(text="nouveau"))
    assert (result.total, [h.document for h in result.hits]) == (1, [1])
    assert search_index.document_ids() == {1}


def test_delete_removes_documents(search_index: SearchIndex) -> None:
    """GIVEN two documents
    WHEN one is deleted (and an unknown id too)
    THEN only the other is found and listed."""
    search_index.upsert([document(1, "dossier social"), document(2, "dossier social")])

    search_index.delete([1, 999])

    assert found(search_index, "dossier") == [2]
    assert search_index.document_ids() == {2}


def test_document_ids_lists_every_document_once(search_index: SearchIndex) -> None:
    search_index.upsert([document(n, "page un", "page deux") for n in range(1, 31)])

    assert search_index.document_ids() == set(range(1, 31))


def test_clear_removes_everything(search_index: SearchIndex) -> None:
    search_index.upsert([document(1, "texte"), document(2, "texte")])

    search_index.clear()

    assert search_index.document_ids() == set()
    assert search_index.search(SearchQuery()).total == 0


def test_empty_writes_are_harmless(search_index: SearchIndex) -> None:
    search_index.upsert([])
    search_index.delete([])

    assert search_index.document_ids() == set()


# -- user text never breaks the search (the query language: test_search_queries.py) ---------
@pytest.mark.parametrize(
    "text",
    ['"', '"décision', "dossier:D-1", "(placement", "plac*", "-aide", "AND", "aide AND",
     "OR NOT", "a:b (c* -d) AND \"e", "[1 TO 5]", "title:^2", "\\", "~2", "{}", "/regex/",
     "   ", "!!!", "décision\x00", "x" * 500],
)
def test_special_characters_in_queries_never_raise(search_index: SearchIndex, text: str) -> None:
    """GIVEN an index with a document
    WHEN the user types broken or foreign query syntax or punctuation
    THEN the search answers (what cannot be read is searched as words) instead of raising."""
    search_index.upsert([document(1, "Décision de placement, aide sociale.", language="fr")])

    result = search_index.search(SearchQuery(text=text))

    assert result.total >= 0


def test_unbalanced_syntax_degrades_to_words(search_index: SearchIndex) -> None:
    """GIVEN a document with "aide" and "placement"
    WHEN the user types them with an unclosed parenthesis, a prefix mark or a stray colon
    THEN the words are still found."""
    search_index.upsert([document(1, "Décision de placement, aide sociale.", language="fr"),
                         document(2, "Aide sans autre mot.", language="fr")])

    assert found(search_index, '"aide" AND (placement*') == [1]
    assert sorted(found(search_index, "aide:")) == [1, 2]


# -- access ----------------------------------------------------------------------------------
@pytest.fixture
def guarded(search_index: SearchIndex) -> SearchIndex:
    """Three documents saying "aide": one per service, and one confidential to its dossier."""
    search_index.upsert([
        document(1, "Aide sociale.", access=("all", "svc:social", "d:1")),
        document(2, "Aide aux tutelles.", access=("all", "svc:tutelles", "d:2")),
        document(3, "Aide confidentielle.", access=("d:3",)),
    ])
    return search_index


def test_visible_to_keeps_documents_carrying_one_of_the_tokens(guarded: SearchIndex) -> None:
    """GIVEN documents carrying access tokens
    WHEN a reader holding some tokens searches
    THEN hits and total count only the documents sharing at least one token."""
    result = guarded.search(SearchQuery(text="aide", visible_to=("svc:social", "d:3")))

    assert result.total == 2
    assert sorted(h.document for h in result.hits) == [1, 3]
    assert sorted(found(guarded, visible_to=("all",))) == [1, 2]


def test_visible_to_none_is_unrestricted_and_empty_sees_nothing(guarded: SearchIndex) -> None:
    """GIVEN documents carrying access tokens
    WHEN searching without restriction, then with no token at all
    THEN the first sees everything, the second nothing (and never an error)."""
    assert sorted(found(guarded, "aide", visible_to=None)) == [1, 2, 3]
    assert guarded.search(SearchQuery(text="aide", visible_to=())).total == 0
    assert guarded.search(SearchQuery(visible_to=())).total == 0

"""What only a live OpenSearch can tell, beyond the SearchIndex contract: that the server
accepts our index settings and mapping, and that its analyzers cut, fold and stem as intended.

Runs when OPENSEARCH_URL names a server (a fresh index per test, deleted after); skipped
otherwise (``scripts/test`` starts a node and sets it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from core import SearchRejected
from index import IndexedDocument, IndexedPage, OpenSearchIndex, SearchQuery
from index._opensearch_mapping import MAPPING_VERSION, index_body, language_analyzer

URL = os.environ.get("OPENSEARCH_URL", "")
pytestmark = pytest.mark.skipif(
    not URL, reason="OPENSEARCH_URL is not set: no OpenSearch server runs on this machine")


@pytest.fixture
def index_name() -> str:
    return f"liasse-live-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def live(index_name: str) -> Iterator[OpenSearchIndex]:
    """An OpenSearchIndex on a fresh index of the server, created, and deleted after."""
    index = OpenSearchIndex.from_url(URL, index_name=index_name)
    index.clear()  # creates the index
    yield index
    index.drop()
    index.close()


def analysed(name: str, analyzer: str, text: str) -> list[str]:
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[URL])
    try:
        answer = client.indices.analyze(index=name, body={"analyzer": analyzer, "text": text})
    finally:
        client.close()
    return [token["token"] for token in answer["tokens"]]


def test_the_server_accepts_the_settings_and_mapping(live: OpenSearchIndex,
                                                     index_name: str) -> None:
    """GIVEN a fresh index created by the adapter
    WHEN reading its mapping back
    THEN it carries our mapping version and nested pages."""
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[URL])
    try:
        (entry,) = client.indices.get_mapping(index=index_name).values()
    finally:
        client.close()

    assert entry["mappings"]["_meta"] == {"liasse_mapping": MAPPING_VERSION}
    assert entry["mappings"]["properties"]["pages"]["type"] == "nested"


@pytest.mark.parametrize(
    ("analyzer", "text", "tokens"),
    [
        (language_analyzer("de"), "Verfügungen", ["verfug"]),
        (language_analyzer("fr"), "Les décisions", ["le", "decis"]),
        ("liasse_folded", "Les États d'aide", ["les", "etats", "d", "aide"]),
        ("liasse_folded", "x" * 41 + " Zuschuss", ["zuschuss"]),
    ],
)
def test_analyzers_cut_fold_then_stem(live: OpenSearchIndex, index_name: str, analyzer: str,
                                      text: str, tokens: list[str]) -> None:
    """GIVEN the index's analyzers WHEN the server analyses text THEN words are cut on
    punctuation, long words dropped, accents folded, and then stemmed per language."""
    assert analysed(index_name, analyzer, text) == tokens


def test_a_word_glued_by_an_apostrophe_is_found(live: OpenSearchIndex) -> None:
    """GIVEN a French page saying "d'aide" WHEN searching "aide" THEN it is found and marked."""
    live.upsert([IndexedDocument(1, "Lettre", (IndexedPage(1, "Demande d'aide sociale."),),
                                 language="fr")])

    (hit,) = live.search(SearchQuery(text="aide")).hits

    assert "<mark>aide</mark>" in hit.snippet


def test_an_index_of_another_mapping_version_is_refused(index_name: str) -> None:
    """GIVEN an index created with another mapping version WHEN the adapter first uses it
    THEN it refuses, for good (no retry can help), saying to rebuild."""
    from opensearchpy import OpenSearch

    body = index_body()
    body["mappings"]["_meta"] = {"liasse_mapping": MAPPING_VERSION + 1}
    client = OpenSearch(hosts=[URL])
    client.indices.create(index=index_name, body=body)
    try:
        with pytest.raises(SearchRejected, match="liasse reindex"):
            OpenSearchIndex.from_url(URL, index_name=index_name).document_ids()
    finally:
        client.indices.delete(index=index_name)
        client.close()

"""A full reindex on a live OpenSearch: a new versioned index filled beside the one being
searched, then one atomic alias swap, so searches answer throughout and never from a partial
index. Also the errors a real server gives for a request it refuses (no retry).

Runs when OPENSEARCH_URL names a server (``scripts/test`` starts one); skipped otherwise.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator

import pytest

from core import SearchRejected
from index import IndexedDocument, IndexedPage, OpenSearchIndex, SearchQuery
from index._opensearch_mapping import MAPPING_VERSION, index_body

URL = os.environ.get("OPENSEARCH_URL", "")
pytestmark = pytest.mark.skipif(
    not URL, reason="OPENSEARCH_URL is not set: no OpenSearch server runs on this machine")


def papers(count: int, word: str = "attestation") -> list[IndexedDocument]:
    return [IndexedDocument(n, f"Pièce {n}", (IndexedPage(1, f"{word} de loyer {n}"),))
            for n in range(1, count + 1)]


@pytest.fixture
def name() -> str:
    return f"liasse-reindex-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def live(name: str) -> Iterator[OpenSearchIndex]:
    index = OpenSearchIndex.from_url(URL, index_name=name)
    yield index
    index.drop()
    index.close()


def behind(name: str) -> list[str]:
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[URL])
    try:
        return sorted(client.indices.get(index=f"{name}*"))
    finally:
        client.close()


def test_searches_during_a_reindex_never_see_a_partial_index(live: OpenSearchIndex,
                                                             name: str) -> None:
    """GIVEN an index of 300 papers, searched in a loop by another thread
    WHEN the catalog (now 360 papers) is reindexed in chunks of 40
    THEN every search answers, with 300 hits before the switch and 360 after, never another
    total; the old index is gone and the name still answers."""
    live.upsert(papers(300))
    totals: list[int] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def search_loop() -> None:
        with OpenSearchIndex.from_url(URL, index_name=name) as reader:
            while not done.is_set() and len(totals) < 5000:
                try:
                    totals.append(reader.search(SearchQuery(text="attestation", limit=1)).total)
                except BaseException as exc:  # recorded, and asserted below
                    failures.append(exc)
                    return

    reader = threading.Thread(target=search_loop)
    reader.start()
    try:
        with live.rebuilding() as fresh:
            catalog = papers(360)
            for start in range(0, len(catalog), 40):
                fresh.upsert(catalog[start:start + 40])
            during = len(totals)
        after = live.search(SearchQuery(text="attestation", limit=1)).total
    finally:
        done.set()
        reader.join(timeout=30)

    assert not failures
    assert during >= 3  # the loop really searched while the new index filled
    assert set(totals) <= {300, 360} and totals[0] == 300
    assert after == 360 and live.document_ids() == set(range(1, 361))
    assert len(behind(name)) == 1 and behind(name)[0] != f"{name}-v{MAPPING_VERSION}-0"


def test_a_failed_reindex_leaves_the_index_as_it_was(live: OpenSearchIndex, name: str) -> None:
    """GIVEN an index of 5 papers WHEN a rebuild fails halfway THEN searches still find the 5,
    and the half-built index is deleted."""
    live.upsert(papers(5))
    before = behind(name)

    with pytest.raises(RuntimeError, match="catalog went away"), live.rebuilding() as fresh:
        fresh.upsert(papers(2, word="autre"))
        raise RuntimeError("catalog went away")

    assert live.search(SearchQuery(text="attestation")).total == 5
    assert behind(name) == before


def test_a_reindex_replaces_an_index_made_before_aliases(name: str) -> None:
    """GIVEN an index created under the name itself (as Liasse did before aliases), holding
    a paper WHEN reindexing THEN the name becomes an alias of the new index, the old index is
    deleted in the same swap, and searches find the new papers."""
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[URL])
    client.indices.create(index=name, body=index_body())
    index = OpenSearchIndex.from_url(URL, index_name=name)
    try:
        index.upsert(papers(1))
        with index.rebuilding() as fresh:
            fresh.upsert(papers(3))
        assert index.search(SearchQuery(text="attestation")).total == 3
        assert list(client.indices.get_alias(name=name)) == behind(name)
        assert name not in behind(name)
    finally:
        index.drop()
        index.close()
        client.close()


def test_a_document_the_server_refuses_is_a_permanent_error(name: str) -> None:
    """GIVEN an index whose mapping (right version, wrong field type) makes the server refuse
    our documents WHEN upserting THEN a SearchRejected (HTTP 400 from the real server, no
    retry) names the document and OpenSearch's reason."""
    from opensearchpy import OpenSearch

    body = index_body()
    body["mappings"]["properties"]["title"] = {"type": "long"}
    client = OpenSearch(hosts=[URL])
    client.indices.create(index=name, body=body)
    try:
        with pytest.raises(SearchRejected, match="document 1: mapper_parsing_exception"):
            OpenSearchIndex.from_url(URL, index_name=name).upsert(papers(1))
    finally:
        client.indices.delete(index=name)
        client.close()

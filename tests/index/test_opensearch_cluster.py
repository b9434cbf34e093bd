"""A three-node OpenSearch cluster (three JVMs, started by ``scripts/opensearch start 3`` on
loopback ports of their own) with one replica per shard: a node killed with -9 while documents
are indexed and searched costs no search and no document.

"The client's retry" is opensearch-py's (a request that cannot reach a node goes to another)
plus, for what still fails while the cluster promotes replicas, the retry Liasse's workers do
on ``BackendUnavailable``, done here by ``retried``. Needs the launcher (``scripts/setup``) and
OPENSEARCH_URL (set by ``scripts/test``, which means the launcher is built); skipped otherwise.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from core import BackendUnavailable
from index import IndexedDocument, IndexedPage, OpenSearchIndex, SearchQuery

ROOT = Path(__file__).resolve().parents[2]
PORT = 9270
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not os.environ.get("OPENSEARCH_URL"),
    reason="OPENSEARCH_URL is not set: no OpenSearch launcher was started on this machine")]
T = TypeVar("T")


def opensearch(*args: str) -> str:
    env = {**os.environ, "LIASSE_OPENSEARCH_HOME": f"/tmp/liasse-opensearch-cluster-{os.getpid()}",
           "LIASSE_OPENSEARCH_PORT": str(PORT), "LIASSE_OPENSEARCH_HEAP": "384m"}
    done = subprocess.run([str(ROOT / "scripts" / "opensearch"), *args], env=env,
                          capture_output=True, text=True, timeout=400, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The URLs of three nodes, comma-separated."""
    opensearch("start", "3")
    yield ",".join(f"http://127.0.0.1:{PORT + n}" for n in range(3))
    opensearch("stop")


def retried(call: Callable[[], T], tries: int = 20) -> T:
    for attempt in range(tries):
        try:
            return call()
        except BackendUnavailable:
            if attempt == tries - 1:
                raise
            time.sleep(1.5)
    raise AssertionError("unreachable")


def papers(first: int, last: int) -> list[IndexedDocument]:
    return [IndexedDocument(n, f"Pièce {n}", (IndexedPage(1, f"attestation de loyer {n}"),))
            for n in range(first, last + 1)]


def green(index_url: str) -> None:
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=index_url.split(","), max_retries=3)
    try:
        health = client.cluster.health(params={"wait_for_status": "green", "wait_for_nodes": "3",
                                               "timeout": "240s", "request_timeout": 250})
        assert health["status"] == "green", health
    finally:
        client.close()


def test_a_node_killed_during_indexing_and_search_loses_nothing(cluster: str) -> None:
    """GIVEN 100 papers in a 3-node cluster with one replica, searched in a loop
    WHEN node 2 is killed with -9 while 100 more are indexed in batches, then started again
    THEN no search fails after the retry, every total is between 100 and 200, and once the
    cluster is green again all 200 papers are there."""
    index = OpenSearchIndex.from_url(cluster, index_name=f"liasse-cluster-{uuid.uuid4().hex[:8]}",
                                     replicas=1)
    for start in range(1, 101, 20):
        index.upsert(papers(start, start + 19))
    green(cluster)
    totals: list[int] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def search_loop() -> None:
        with OpenSearchIndex.from_url(cluster, index_name=index._name) as reader:
            while not done.is_set() and len(totals) < 5000:
                try:
                    totals.append(retried(
                        lambda: reader.search(SearchQuery(text="attestation", limit=1)).total))
                except BaseException as exc:  # recorded, and asserted below
                    failures.append(exc)
                    return
                time.sleep(0.02)

    reader = threading.Thread(target=search_loop)
    reader.start()
    try:
        opensearch("kill", "2")
        for start in range(101, 201, 20):
            batch = papers(start, start + 19)
            retried(lambda batch=batch: index.upsert(batch))  # type: ignore[misc]
        opensearch("restart", "2")
        green(cluster)
    finally:
        done.set()
        reader.join(timeout=60)

    assert not failures
    assert len(totals) >= 3 and all(100 <= total <= 200 for total in totals)
    assert retried(index.document_ids) == set(range(1, 201))
    index.drop()
    index.close()

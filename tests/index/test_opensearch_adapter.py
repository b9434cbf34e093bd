"""What ``OpenSearchIndex`` does without a working OpenSearch: its errors, and its wiring.

A refused connection is real (a loopback port nobody listens on). The HTTP failures come from a
small loopback HTTP server that answers with HAND-WRITTEN bodies in OpenSearch's documented
error format; it is not OpenSearch, and nothing here shows that a real server behaves so.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core import (
    BackendUnavailable,
    InvalidInput,
    SearchBackendError,
    SearchRejected,
    SearchUnavailable,
)
from index import IndexedDocument, IndexedPage, OpenSearchIndex, SearchIndex, SearchQuery
from index._opensearch import redacted
from index._opensearch_mapping import MAPPING_VERSION

Answers = dict[tuple[str, str], tuple[int, dict[str, Any]]]


@pytest.fixture
def refused_url() -> Iterator[str]:
    """The URL of a loopback port that is bound but not listening: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://liasse:s3cret@127.0.0.1:{sock.getsockname()[1]}"


def serve(answers: Answers) -> tuple[ThreadingHTTPServer, str]:
    """A loopback HTTP server answering (method, path) with a status and a JSON body."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            status, body = answers.get((self.command, self.path.split("?")[0]),
                                       (404, {"error": "no such route", "status": 404}))
            data = b"" if self.command == "HEAD" else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def answering() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(answers: Answers) -> OpenSearchIndex:
        server, url = serve(answers)
        servers.append(server)
        return OpenSearchIndex.from_url(url, index_name="liasse-test", timeout=5)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


EXISTING_INDEX: Answers = {
    ("HEAD", "/liasse-test"): (200, {}),
    ("GET", "/liasse-test/_mapping"): (200, {"liasse-test": {"mappings": {
        "_meta": {"liasse_mapping": MAPPING_VERSION}}}}),
}


def test_is_a_search_index(refused_url: str) -> None:
    assert isinstance(OpenSearchIndex.from_url(refused_url), SearchIndex)


def test_a_refused_connection_names_the_url_without_its_password(refused_url: str) -> None:
    """GIVEN an OpenSearch URL where nothing listens
    WHEN searching
    THEN a SearchUnavailable (transient: HTTP 503) says the URL, with the password hidden."""
    index = OpenSearchIndex.from_url(refused_url)

    with pytest.raises(SearchBackendError) as caught:
        index.search(SearchQuery(text="aide"))

    message = str(caught.value)
    assert redacted(refused_url) in message and "cannot connect" in message
    assert "s3cret" not in message
    assert caught.value.http_status == 503


def test_invalid_queries_and_urls_fail_before_any_request(refused_url: str) -> None:
    with pytest.raises(InvalidInput):
        OpenSearchIndex.from_url(refused_url).search(SearchQuery(text="x", limit=-1))
    with pytest.raises(InvalidInput):
        OpenSearchIndex.from_url("  ")


def test_a_closed_index_refuses_calls(refused_url: str) -> None:
    index = OpenSearchIndex.from_url(refused_url)
    index.close()
    index.close()

    with pytest.raises(SearchBackendError, match="closed"):
        index.document_ids()


@pytest.mark.parametrize(("status", "kind", "error"), [
    (400, "search_phase_execution_exception", SearchRejected),
    (429, "rejected_execution_exception", SearchUnavailable),
    (503, "cluster_block_exception", SearchUnavailable),
])
def test_an_http_error_says_whether_to_retry(answering: Any, status: int, kind: str,
                                            error: type[Exception]) -> None:
    """GIVEN a server answering a search with an HTTP error and its body (hand-written)
    WHEN searching
    THEN the error carries the status and the server's reason, and is transient
    (SearchUnavailable, retried) for 429 and 5xx, permanent (SearchRejected) for other 4xx."""
    index = answering({**EXISTING_INDEX, ("POST", "/liasse-test/_search"): (status, {
        "error": {"root_cause": [], "type": kind, "reason": "it failed"}, "status": status})})

    with pytest.raises(error, match=f"HTTP {status} {kind}") as caught:
        index.search(SearchQuery(text="aide"))
    assert isinstance(caught.value, BackendUnavailable) == (error is SearchUnavailable)


@pytest.mark.parametrize(("status", "kind", "error"), [
    (400, "mapper_parsing_exception", SearchRejected),
    (429, "es_rejected_execution_exception", SearchUnavailable),
])
def test_a_bulk_item_error_says_whether_to_retry(answering: Any, status: int, kind: str,
                                                error: type[Exception]) -> None:
    """GIVEN a server whose bulk answer reports one failed item (hand-written)
    WHEN upserting THEN the error names the document and the reason, transient or not by the
    item's status."""
    index = answering({**EXISTING_INDEX, ("POST", "/_bulk"): (200, {
        "took": 1, "errors": True, "items": [{"index": {
            "_index": "liasse-test", "_id": "7", "status": status,
            "error": {"type": kind, "reason": "failed"}}}]})})

    with pytest.raises(error, match=f"document 7: {kind}"):
        index.upsert([IndexedDocument(7, "t", (IndexedPage(1, "x"),))])


def test_an_index_of_another_mapping_version_is_refused(answering: Any) -> None:
    """GIVEN an existing index whose mapping says another version
    WHEN first used THEN a SearchRejected (no retry helps) says to delete it and reindex."""
    index = answering({("HEAD", "/liasse-test"): (200, {}),
                       ("GET", "/liasse-test/_mapping"): (200, {"liasse-test": {"mappings": {
                           "_meta": {"liasse_mapping": MAPPING_VERSION + 1}}}})})

    with pytest.raises(SearchRejected, match="liasse reindex"):
        index.document_ids()


def test_redacted_hides_only_the_password() -> None:
    assert redacted("https://admin:pw@search.example:9200/") == "https://admin:***@search.example:9200/"
    assert redacted("http://opensearch:9200") == "http://opensearch:9200"


# -- wiring ----------------------------------------------------------------------------------
def test_wiring_builds_the_opensearch_backend_from_settings(refused_url: str) -> None:
    """GIVEN LIASSE_SEARCH_BACKEND=opensearch with and without LIASSE_OPENSEARCH_URL
    WHEN the index is built THEN it is an OpenSearchIndex on that URL, or a clear error."""
    from liasse.settings import SearchBackend, Settings
    from liasse.wiring import build_index

    built = build_index(Settings(search_backend=SearchBackend.opensearch,
                                 opensearch_url=refused_url))
    assert isinstance(built, OpenSearchIndex)
    assert redacted(refused_url) in repr(built)

    with pytest.raises(InvalidInput, match="LIASSE_OPENSEARCH_URL"):
        build_index(Settings(search_backend=SearchBackend.opensearch, opensearch_url=None))

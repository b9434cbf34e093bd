"""``OpenSearchIndex``: the ``SearchIndex`` protocol on an OpenSearch cluster (opensearch-py).

The index (settings, analyzers, mapping: ``index._opensearch_mapping``) is created on first use;
one built by another version of the mapping is refused with a hint to rebuild it. Writes go
through the bulk API and wait for a refresh (``refresh=True``), so they are visible to
``search`` when the call returns. Searches are built and read by ``index._opensearch_query``.

Every error of opensearch-py or urllib3 stops here and becomes ``core.SearchBackendError``,
naming the server's URL (without its password).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import urllib3
from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    ConnectionError as OpenSearchConnectionError,
)
from opensearchpy.exceptions import (
    ImproperlyConfigured,
    NotFoundError,
    OpenSearchException,
    TransportError,
)

from core.errors import InvalidInput, SearchBackendError
from index._model import IndexedDocument, SearchQuery, SearchResult
from index._opensearch_mapping import MAPPING_VERSION, document_source, index_body
from index._opensearch_query import (
    MAX_RESULT_WINDOW,
    check,
    deep_body,
    document_ids_body,
    is_deep,
    parse_response,
    search_body,
)
from index._syntax import leaves, parse

DEFAULT_INDEX = "liasse-documents"
BULK_DOCUMENTS = 200  # documents per bulk request
BULK_CHARS = 20_000_000  # and about this much text, well under http.max_content_length
IDS_PER_REQUEST = 10_000
_VENDOR_ERRORS = (OpenSearchException, ImproperlyConfigured, urllib3.exceptions.HTTPError)


class OpenSearchIndex:
    """Full-text search on an OpenSearch cluster. ``refresh``: wait, after each write, until it
    is searchable (the protocol's promise; turn off only for bulk loads followed by a refresh).
    """

    def __init__(
        self, client: OpenSearch, *, index_name: str = DEFAULT_INDEX, refresh: bool = True,
        where: str | None = None, owns_client: bool = False,
    ) -> None:
        self._client: OpenSearch | None = client
        self._name = index_name
        self._refresh = refresh
        self._where = where or _hosts_of(client)
        self._owns_client = owns_client
        self._ready = False

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0, **options: Any) -> OpenSearchIndex:
        """An index on the cluster at ``url`` (``http(s)://[user:password@]host:port``);
        ``options`` go to the constructor (``index_name``, ``refresh``)."""
        if not url or not url.strip():
            raise InvalidInput("an OpenSearch URL is needed, such as http://opensearch:9200")
        where = redacted(url)
        try:
            client = OpenSearch(hosts=[url.strip()], timeout=timeout, max_retries=2)
        except (*_VENDOR_ERRORS, ValueError) as exc:
            raise SearchBackendError(f"OpenSearch at {where}: bad URL: {exc}") from exc
        return cls(client, where=where, owns_client=True, **options)

    def __enter__(self) -> OpenSearchIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"OpenSearchIndex({self._where}, index {self._name!r})"

    # -- writes ---------------------------------------------------------------------------
    def upsert(self, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        client = self._ensured()
        for batch in _batches(documents):
            actions: list[dict[str, Any]] = []
            for document in batch:
                actions.append({"index": {"_index": self._name, "_id": str(document.document_id)}})
                actions.append(document_source(document))
            with self._translated("index documents"):
                response = client.bulk(body=actions, refresh=self._refresh_mode)
            _check_bulk(response, self)

    def delete(self, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        client = self._ensured()
        actions = [{"delete": {"_index": self._name, "_id": str(document_id)}}
                   for document_id in document_ids]
        with self._translated("delete documents"):
            response = client.bulk(body=actions, refresh=self._refresh_mode)
        _check_bulk(response, self)  # an unknown id is "not_found", not an error

    def clear(self) -> None:
        client = self._ensured()
        with self._translated("clear the index"):
            client.delete_by_query(index=self._name, body={"query": {"match_all": {}}},
                                   refresh=self._refresh, conflicts="proceed")

    def drop(self) -> None:
        """Delete the OpenSearch index itself, mapping included (before rebuilding it with a
        new mapping version: the next call creates it afresh)."""
        client = self._opened()
        with self._translated("delete the index"), suppress(NotFoundError):
            client.indices.delete(index=self._name)
        self._ready = False

    # -- reads ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        check(query)
        ranked = any(True for _ in leaves(parse(query.text)))
        client = self._ensured()
        body = search_body(query)
        with self._translated("search"):
            if is_deep(query):
                return self._deep_search(client, query, body, ranked=ranked)
            response = client.search(index=self._name, body=body)
        return parse_response(response, has_words=ranked)

    def _deep_search(self, client: OpenSearch, query: SearchQuery, body: dict[str, Any], *,
                     ranked: bool) -> SearchResult:
        """Hits past the result window: walk a point in time with ``search_after``, 10,000
        hits a step, to ``offset``, then take ``limit`` hits (the sort ends with the document
        id, so the walk is stable and complete)."""
        pit = client.create_pit(index=self._name, params={"keep_alive": "1m"})["pit_id"]
        try:
            skipped, after, facets = 0, None, None
            while True:
                size = min(MAX_RESULT_WINDOW, query.offset - skipped) or query.limit
                response = client.search(body=deep_body(body, pit, after, size))
                hits = response["hits"]["hits"]
                facets = response.get("aggregations", facets)
                if skipped >= query.offset or len(hits) < size:
                    if skipped < query.offset:  # the offset lies past the last hit
                        response["hits"]["hits"] = []
                    return parse_response(response, has_words=ranked, facets=facets)
                skipped += len(hits)
                after = hits[-1]["sort"]
        finally:
            with suppress(*_VENDOR_ERRORS):
                client.delete_pit(body={"pit_id": [pit]})

    def document_ids(self) -> set[int]:
        client = self._ensured()
        ids: set[int] = set()
        after: int | None = None
        while True:
            with self._translated("list document ids"):
                response = client.search(index=self._name,
                                         body=document_ids_body(after, IDS_PER_REQUEST))
            try:
                hits = response["hits"]["hits"]
                ids.update(int(hit["_id"]) for hit in hits)
                if len(hits) < IDS_PER_REQUEST:
                    return ids
                after = int(hits[-1]["sort"][0])
            except (KeyError, TypeError, ValueError, IndexError) as exc:
                raise SearchBackendError(
                    f"{self!r}: unexpected answer listing ids: {exc!r}") from exc

    def close(self) -> None:
        """Close the connections (if this object opened them). Safe to call twice; any later
        call raises."""
        client, self._client = self._client, None
        if client is not None and self._owns_client:
            with self._translated("close the connections"):
                client.close()

    # -- helpers --------------------------------------------------------------------------
    @property
    def _refresh_mode(self) -> str:
        return "wait_for" if self._refresh else "false"

    def _opened(self) -> OpenSearch:
        if self._client is None:
            raise SearchBackendError(f"{self!r} is closed")
        return self._client

    def _ensured(self) -> OpenSearch:
        """The client, once the index exists with this version's mapping."""
        client = self._opened()
        if self._ready:
            return client
        with self._translated("prepare the index"):
            if client.indices.exists(index=self._name):
                self._check_mapping_version(client)
            else:
                self._create(client)
        self._ready = True
        return client

    def _create(self, client: OpenSearch) -> None:
        try:
            client.indices.create(index=self._name, body=index_body())
        except TransportError as exc:  # another process created it first: fine
            if "resource_already_exists_exception" not in str(exc):
                raise

    def _check_mapping_version(self, client: OpenSearch) -> None:
        mappings = client.indices.get_mapping(index=self._name)
        found = {
            (entry.get("mappings", {}).get("_meta") or {}).get("liasse_mapping")
            for entry in mappings.values()
        }
        if found != {MAPPING_VERSION}:
            raise SearchBackendError(
                f"{self!r} was built with another mapping ({sorted(map(str, found))}, this "
                f"version of Liasse uses {MAPPING_VERSION}): delete it and run `liasse reindex`")

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except OpenSearchConnectionError as exc:
            raise SearchBackendError(
                f"OpenSearch at {self._where}: cannot {action}: cannot connect "
                f"({exc.info if exc.info is not None else exc.error})") from exc
        except TransportError as exc:
            raise SearchBackendError(
                f"OpenSearch at {self._where}: cannot {action}: HTTP {exc.status_code} "
                f"{_reason(exc)}") from exc
        except _VENDOR_ERRORS as exc:
            raise SearchBackendError(
                f"OpenSearch at {self._where}: cannot {action}: {exc}") from exc


def _batches(documents: Sequence[IndexedDocument]) -> Iterator[list[IndexedDocument]]:
    batch: list[IndexedDocument] = []
    chars = 0
    for document in documents:
        size = len(document.title) + sum(len(page.text) for page in document.pages)
        if batch and (len(batch) >= BULK_DOCUMENTS or chars + size > BULK_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += size
    if batch:
        yield batch


def _check_bulk(response: dict[str, Any], index: OpenSearchIndex) -> None:
    if not response.get("errors"):
        return
    for item in response.get("items", ()):
        for action, result in item.items():
            error = result.get("error")
            if error:
                reason = error.get("reason") if isinstance(error, dict) else error
                kind = error.get("type") if isinstance(error, dict) else "error"
                raise SearchBackendError(
                    f"{index!r}: cannot {action} document {result.get('_id')}: {kind}: {reason}")
    raise SearchBackendError(f"{index!r}: a bulk write reported errors without details")


def _reason(exc: TransportError) -> str:
    info = exc.info
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        error = info["error"]
        return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")
    return str(exc.error)


def redacted(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url.strip())
    if "@" not in parts.netloc:
        return url.strip()
    user, _, _secret = parts.netloc.rpartition("@")[0].partition(":")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _hosts_of(client: OpenSearch) -> str:
    hosts = getattr(getattr(client, "transport", None), "hosts", None) or []
    named = [f"{h.get('scheme', 'http')}://{h.get('host')}:{h.get('port')}" for h in hosts
             if isinstance(h, dict)]
    return ", ".join(named) or "an unnamed OpenSearch"

"""``OpenSearchIndex``: the ``SearchIndex`` protocol on an OpenSearch cluster (opensearch-py).

The name the adapter is given is an *alias*: the index behind it (settings, analyzers,
mapping: ``index._opensearch_mapping``) is created on first use as ``<name>-v<mapping>-0``;
one built by another version of the mapping is refused with a hint to rebuild it.
``rebuilding()`` fills a new versioned index and then swaps the alias atomically, so a reindex
never shows searches a partial index. Writes go through the bulk API and refresh the shards
they touched (``refresh=true``), so they are visible to ``search`` when the call returns.
Searches are built and read by ``index._opensearch_query``.

Every error of opensearch-py or urllib3 stops at ``index._opensearch_errors`` and becomes
``core.SearchUnavailable`` (retry) or ``core.SearchRejected`` (don't), naming the server's URL
without its password.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, TransportError

from core.errors import InvalidInput, SearchRejected, SearchUnavailable
from index._highlight import wanted
from index._model import IndexedDocument, SearchQuery, SearchResult
from index._opensearch_errors import (
    VENDOR_ERRORS,
    check_bulk,
    hosts_of,
    redacted,
    translated,
)
from index._opensearch_hits import parse_response
from index._opensearch_mapping import MAPPING_VERSION, document_source, index_body
from index._opensearch_query import (
    MAX_RESULT_WINDOW,
    check,
    deep_body,
    document_ids_body,
    is_deep,
    search_body,
)
from index._syntax import leaves, parse

DEFAULT_INDEX = "liasse-documents"
BULK_DOCUMENTS = 200  # documents per bulk request
BULK_CHARS = 20_000_000  # and about this much text, well under http.max_content_length
IDS_PER_REQUEST = 10_000


class OpenSearchIndex:
    """Full-text search on an OpenSearch cluster. ``refresh``: wait, after each write, until it
    is searchable (the protocol's promise; turn off only for bulk loads followed by a refresh).
    """

    def __init__(
        self, client: OpenSearch, *, index_name: str = DEFAULT_INDEX, refresh: bool = True,
        where: str | None = None, owns_client: bool = False, replicas: int = 0,
    ) -> None:
        self._client: OpenSearch | None = client
        self._name = index_name
        self._replicas = replicas
        self._refresh = refresh
        self._where = where or hosts_of(client)
        self._owns_client = owns_client
        self._ready = False

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0, **options: Any) -> OpenSearchIndex:
        """An index on the cluster at ``url`` (``http(s)://[user:password@]host:port``, or
        several such URLs separated by commas: a request that cannot reach one node is retried
        on another); ``options`` go to the constructor (``index_name``, ``refresh``,
        ``replicas``: copies of each shard the indices it creates keep on other nodes)."""
        hosts = [part.strip() for part in (url or "").split(",") if part.strip()]
        if not hosts:
            raise InvalidInput("an OpenSearch URL is needed, such as http://opensearch:9200")
        where = ", ".join(redacted(host) for host in hosts)
        try:
            client = OpenSearch(hosts=hosts, timeout=timeout, max_retries=2,
                                retry_on_status=(502, 503, 504))
        except (*VENDOR_ERRORS, ValueError) as exc:
            raise InvalidInput(f"OpenSearch at {where}: bad URL: {exc}") from exc
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
            check_bulk(response, repr(self))

    def delete(self, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        client = self._ensured()
        actions = [{"delete": {"_index": self._name, "_id": str(document_id)}}
                   for document_id in document_ids]
        with self._translated("delete documents"):
            response = client.bulk(body=actions, refresh=self._refresh_mode)
        check_bulk(response, repr(self))  # an unknown id is "not_found", not an error

    def clear(self) -> None:
        client = self._ensured()
        with self._translated("clear the index"):
            client.delete_by_query(index=self._name, body={"query": {"match_all": {}}},
                                   refresh=self._refresh, conflicts="proceed")

    def drop(self) -> None:
        """Delete the OpenSearch index itself (every index behind the alias), mapping included
        (before rebuilding it with a new mapping version: the next call creates it afresh)."""
        client = self._opened()
        with self._translated("delete the index"):
            for name in self._behind(client):
                with suppress(NotFoundError):
                    client.indices.delete(index=name)
        self._ready = False

    @contextmanager
    def rebuilding(self) -> Iterator[OpenSearchIndex]:
        """A fresh index under a new versioned name, to fill through the one yielded (bulk
        writes, no refresh); on leaving, the alias moves to it in one atomic step and the old
        index is deleted. Searches answer from the old index until the switch, from the new
        one after: never from a half-built one. Left by an error, the fresh index is deleted.
        """
        client = self._opened()
        fresh = f"{self._name}-v{MAPPING_VERSION}-{time.strftime('%Y%m%d%H%M%S')}-" \
                f"{uuid.uuid4().hex[:6]}"
        body = index_body(replicas=self._replicas)
        body["settings"]["index"]["refresh_interval"] = "-1"
        with self._translated("create the new index"):
            client.indices.create(index=fresh, body=body)
        builder = OpenSearchIndex(client, index_name=fresh, refresh=False, where=self._where,
                                  replicas=self._replicas)
        builder._ready = True
        try:
            yield builder
            with self._translated("switch to the new index"):
                client.indices.put_settings(index=fresh, body={"index": {"refresh_interval": None}})
                client.indices.refresh(index=fresh)
                self._switch(client, fresh)
        except BaseException:
            with suppress(*VENDOR_ERRORS):
                client.indices.delete(index=fresh)
            raise
        self._ready = False

    def _switch(self, client: OpenSearch, fresh: str) -> None:
        """Points the alias at ``fresh`` alone, atomically, then deletes what it pointed to."""
        old = self._behind(client)
        actions: list[dict[str, Any]] = [{"add": {"index": fresh, "alias": self._name}}]
        if old == [self._name]:  # an index of an older Liasse under the alias's own name
            actions.append({"remove_index": {"index": self._name}})
            old = []
        else:
            actions.extend({"remove": {"index": name, "alias": self._name}} for name in old)
        client.indices.update_aliases(body={"actions": actions})
        for name in old:
            with suppress(NotFoundError):
                client.indices.delete(index=name)

    def _behind(self, client: OpenSearch) -> list[str]:
        """The concrete indices the name stands for: those behind the alias, or the index of
        that name itself (made by an older Liasse), or none."""
        try:
            return sorted(client.indices.get_alias(name=self._name))
        except NotFoundError:
            return [self._name] if client.indices.exists(index=self._name) else []

    # -- reads ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        check(query)
        marks = wanted(leaves(parse(query.text)))
        ranked = any(True for _ in leaves(parse(query.text)))
        client = self._ensured()
        body = search_body(query)
        with self._translated("search"):
            if is_deep(query):
                return self._deep_search(client, query, body, ranked=ranked)
            response = client.search(index=self._name, body=body)
        return parse_response(response, has_words=ranked, marks=marks)

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
                last = skipped >= query.offset
                response = client.search(body=deep_body(body, pit, after, size, skip=not last))
                hits = response["hits"]["hits"]
                facets = response.get("aggregations", facets)
                if last or len(hits) < size:
                    if not last:  # the offset lies past the last hit
                        response["hits"]["hits"] = []
                    marks = wanted(leaves(parse(query.text)))
                    return parse_response(response, has_words=ranked, facets=facets,
                                          marks=marks)
                skipped += len(hits)
                after = hits[-1]["sort"]
        finally:
            with suppress(*VENDOR_ERRORS):
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
                raise SearchUnavailable(
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
        return "true" if self._refresh else "false"

    def _opened(self) -> OpenSearch:
        if self._client is None:
            raise SearchUnavailable(f"{self!r} is closed")
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
        """The first index, ``<name>-v<mapping>-0`` behind the alias ``<name>`` (a fixed
        name, so two processes creating it at once make one index)."""
        body = {**index_body(replicas=self._replicas), "aliases": {self._name: {}}}
        try:
            client.indices.create(index=f"{self._name}-v{MAPPING_VERSION}-0", body=body)
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
            raise SearchRejected(
                f"{self!r} was built with another mapping ({sorted(map(str, found))}, this "
                f"version of Liasse uses {MAPPING_VERSION})",
                fix="delete the index and run `liasse reindex`")

    def _translated(self, action: str) -> Any:
        return translated(self._where, action)


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


__all__ = ["DEFAULT_INDEX", "OpenSearchIndex", "redacted"]

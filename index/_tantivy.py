"""``EmbeddedIndex``: the ``SearchIndex`` protocol on an embedded tantivy index.

The index lives in a directory (or in memory with ``path=None``). Several processes may open the
same directory: an API process reading, a worker writing, a CLI running ``reindex``. tantivy
allows one writer per directory (a lock file), so each write call takes the writer only for its
own duration and retries politely while another process holds it; readers reload before every
search so they see what other processes committed. tantivy's exceptions stop here and become
``core.SearchUnavailable``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import tantivy

from core.errors import InvalidInput, SearchUnavailable
from index._analysis import FOLDED_FIELD, TEXT_FIELDS, register_analyzers, stemmed_fields_for
from index._boxes import boxes_of, decode_words, word_pieces
from index._highlight import Wanted, matching_words, wanted
from index._model import (
    FacetCounts,
    IndexedDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index._query import document_query, kind_query, pages_query
from index._schema import KIND_DOCUMENT, NO_DATE, build_schema, entries
from index._snippets import marked_snippet, page_words
from index._syntax import Leaf, leaves, parse

_VENDOR_ERRORS = (ValueError, RuntimeError, OSError)
_LOCK_BUSY = "LockBusy"
_FIRST_PAUSE, _LONGEST_PAUSE = 0.01, 0.25
MAX_LIMIT = 10_000  # hits per call (any offset: tantivy collects offset + limit)
PAGE_CANDIDATES = 1_000  # pages scored at once to find the best page of each hit
FACET_SIZES = {"type": ("doc_type", 30), "year": ("year", 100), "element": ("element", 30),
               "person": ("person_ids", 30)}


class EmbeddedIndex:
    """Full-text search in-process. ``lock_timeout``: seconds a write waits for another
    process's writer before giving up; ``writer_memory``/``bulk_memory``: tantivy's indexing
    heap (bytes) for ordinary writes and for ``bulk_load``."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        lock_timeout: float = 10.0,
        writer_memory: int = 50_000_000,
        bulk_memory: int = 400_000_000,
    ) -> None:
        self._path = path
        self._lock_timeout = lock_timeout
        self._writer_memory = writer_memory
        self._bulk_memory = bulk_memory
        self._schema = build_schema()
        self._index: tantivy.Index | None = _open(path, self._schema)

    def __enter__(self) -> EmbeddedIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EmbeddedIndex({self._path or 'in memory'})"

    # -- writes ---------------------------------------------------------------------------
    def upsert(self, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        with self._writing(self._writer_memory, threads=1) as writer:
            for document in documents:
                _replace(writer, document)

    def delete(self, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        with self._writing(self._writer_memory, threads=1) as writer:
            for document_id in document_ids:
                writer.delete_documents_by_term("document_id", document_id)

    def clear(self) -> None:
        with self._writing(self._writer_memory, threads=1) as writer:
            writer.delete_all_documents()

    def bulk_load(self, documents: Iterable[IndexedDocument], batch_size: int = 10_000) -> int:
        """Add or replace many documents with one writer, committing every ``batch_size``
        documents (a crash loses at most one batch). Returns how many documents were loaded."""
        if batch_size < 1:
            raise InvalidInput(f"batch_size must be at least 1, not {batch_size}")
        loaded = 0
        with self._writing(self._bulk_memory, threads=0) as writer:
            for document in documents:
                _replace(writer, document)
                loaded += 1
                if loaded % batch_size == 0:
                    writer.commit()
        return loaded

    # -- reads ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        _check(query)
        text = parse(query.text)
        looked_for = tuple(leaves(text))
        with _vendor_errors("search"):
            searcher = self._fresh_searcher()
            matching = document_query(self._schema, query, text)
            field, order = _order(query, ranked=bool(looked_for))
            found = searcher.search(matching, limit=max(query.limit, 1),  # 0 panics
                                    offset=query.offset, count=True, order_by_field=field,
                                    order=order)
            total: int = found.count  # type: ignore[attr-defined]
            kept = [(rank, searcher.doc(address)) for rank, address in found.hits[:query.limit]]
            hits = self._hits(searcher, kept, looked_for, ranked=_ranked(query, looked_for))
            facets = _facets(searcher, matching) if query.facets else {}
        return SearchResult(total=total, hits=hits, facets=facets)

    def document_ids(self) -> set[int]:
        with _vendor_errors("list document ids"):
            searcher = self._fresh_searcher()
            documents = kind_query(self._schema, KIND_DOCUMENT)
            counted = searcher.search(documents, limit=1, count=True)
            count: int = counted.count  # type: ignore[attr-defined]
            if count == 0:
                return set()
            found = searcher.search(documents, limit=count, order_by_field="document_id")
            return {int(document_id) for document_id, _ in found.hits}

    def close(self) -> None:
        """Release the index files. Safe to call twice; any later call raises."""
        self._index = None

    # -- helpers --------------------------------------------------------------------------
    def _opened(self) -> tantivy.Index:
        if self._index is None:
            raise SearchUnavailable(f"{self!r} is closed")
        return self._index

    def _fresh_searcher(self) -> tantivy.Searcher:
        index = self._opened()
        index.reload()  # see commits made by other objects and processes (~10 µs)
        return index.searcher()

    def _hits(
        self, searcher: tantivy.Searcher, kept: list[tuple[object, tantivy.Document]],
        looked_for: tuple[Leaf, ...], *, ranked: bool,
    ) -> tuple[SearchHit, ...]:
        ids = [_integer(entry.get_first("document_id")) for _, entry in kept]
        pages = self._best_pages(searcher, ids, looked_for) if looked_for and ids else {}
        marks = wanted(looked_for)
        hits = []
        for document_id, (rank, entry) in zip(ids, kept, strict=True):
            page = pages.get(document_id)
            number, marked, boxes = _on_page(page, entry, marks) if page else (None, "", ())
            day = entry.get_first("day")
            hits.append(SearchHit(
                document=document_id,
                title=_decoded(entry.get_first("title")),
                dossier=entry.get_first("dossier"),
                doc_type=entry.get_first("doc_type"),
                page=number,
                snippet=marked,
                score=float(rank) if ranked and isinstance(rank, float) else 0.0,
                boxes=boxes,
                doc_date=date.fromordinal(day) if isinstance(day, int) and day > NO_DATE
                else None,
            ))
        return tuple(hits)

    def _best_pages(
        self, searcher: tantivy.Searcher, document_ids: list[int], looked_for: tuple[Leaf, ...],
    ) -> dict[int, tantivy.Document]:
        """The best-scoring page of each document (none when only its title matched). One
        query scores the pages of all the hits (a fuzzy word is expanded once, not per hit)."""
        found = searcher.search(pages_query(self._schema, document_ids, looked_for),
                                limit=PAGE_CANDIDATES, count=False)
        addresses = [address for _, address in found.hits]
        owners = searcher.fast_field_values("document_id", addresses) if addresses else []
        best: dict[int, tantivy.DocAddress] = {}
        for owner, address in zip(owners, addresses, strict=True):
            if isinstance(owner, int):
                best.setdefault(owner, address)
        if len(addresses) == PAGE_CANDIDATES:  # long documents crowded the others out
            for missing in set(document_ids).difference(best):
                alone = searcher.search(pages_query(self._schema, [missing], looked_for),
                                        limit=1, count=False)
                if alone.hits:
                    best[missing] = alone.hits[0][1]
        return {owner: searcher.doc(address) for owner, address in best.items()}

    @contextmanager
    def _writing(self, memory: int, threads: int) -> Iterator[tantivy.IndexWriter]:
        """A writer for one call: committed when the block ends, rolled back if it raises; the
        lock is released either way, and this object's reader then sees the commit."""
        index = self._opened()
        writer = self._acquire_writer(index, memory, threads)
        try:
            with _vendor_errors("write"):
                yield writer
                writer.commit()
        except BaseException:
            _rollback(writer)
            raise
        finally:
            with _vendor_errors("finish writing"):
                writer.wait_merging_threads()  # waits for merges, then frees the lock
        with _vendor_errors("reload"):
            index.reload()

    def _acquire_writer(
        self, index: tantivy.Index, memory: int, threads: int
    ) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self._lock_timeout
        pause = _FIRST_PAUSE
        while True:
            try:
                return index.writer(heap_size=memory, num_threads=threads)
            except _VENDOR_ERRORS as exc:
                if _LOCK_BUSY not in str(exc):
                    raise SearchUnavailable(f"{self!r}: cannot open a writer: {exc}") from exc
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SearchUnavailable(
                        f"{self!r}: another process has been writing to this index for over "
                        f"{self._lock_timeout:g} s (its writer lock is held); try again later"
                    ) from exc
                time.sleep(min(pause, remaining))
                pause = min(pause * 2, _LONGEST_PAUSE)


_FOLDED = next(field for field in TEXT_FIELDS if field.name == FOLDED_FIELD)


def _on_page(
    page: tantivy.Document, entry: tantivy.Document, marks: Wanted,
) -> tuple[int, str, tuple[tuple[float, float, float, float], ...]]:
    """The page's number, its ``<mark>``ed snippet and the boxes of its matched words."""
    fields = (_FOLDED, *stemmed_fields_for(entry.get_first("language")))
    text = _decoded(page.get_first("body"))
    blob = page.get_first("words")
    words = decode_words(blob) if isinstance(blob, bytes) else []
    pieces = word_pieces(words)
    distinct = page_words(text).union(piece for word in pieces for _, _, piece in word)
    matching = matching_words(distinct, fields, marks)
    return (_integer(page.get_first("page")), marked_snippet(text, matching),
            boxes_of(words, pieces, matching))


def _ranked(query: SearchQuery, looked_for: tuple[Leaf, ...]) -> bool:
    return query.sort == "relevance" and bool(looked_for)


def _order(query: SearchQuery, *, ranked: bool) -> tuple[str | None, tantivy.Order]:
    """Relevance (words to rank by), else the newest first or the oldest first, undated last."""
    if query.sort == "relevance" and ranked:
        return None, tantivy.Order.Desc
    if query.sort == "date_asc":
        return "day_late", tantivy.Order.Asc
    return "day", tantivy.Order.Desc


def _facets(searcher: tantivy.Searcher, matching: tantivy.Query) -> dict[str, FacetCounts]:
    """Documents per value, counted over the same query (filters and access included)."""
    spec = {name: {"terms": {"field": field, "size": size}}
            for name, (field, size) in FACET_SIZES.items()}
    counted = searcher.aggregate(matching, spec)
    facets: dict[str, FacetCounts] = {}
    for name in FACET_SIZES:
        buckets = counted.get(name, {}).get("buckets", [])
        pairs = [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets]
        facets[name] = tuple(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))
    return facets


def _open(path: Path | None, schema: tantivy.Schema) -> tantivy.Index:
    where = str(path) if path is not None else "memory"
    with _vendor_errors(f"open the index in {where}"):
        if path is None:
            index = tantivy.Index(schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(schema, path=str(path), reuse=True)
        register_analyzers(index)
        index.config_reader(reload_policy="manual")
    return index


def _replace(writer: tantivy.IndexWriter, document: IndexedDocument) -> None:
    writer.delete_documents_by_term("document_id", document.document_id)
    for entry in entries(document):
        writer.add_document(entry)


def _rollback(writer: tantivy.IndexWriter) -> None:
    with suppress(*_VENDOR_ERRORS):  # the original error is the one worth reporting
        writer.rollback()


def _check(query: SearchQuery) -> None:
    if not 0 <= query.limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 0 and {MAX_LIMIT}, not {query.limit}")
    if query.offset < 0:
        raise InvalidInput(f"offset cannot be negative ({query.offset})")


def _integer(value: object) -> int:
    if not isinstance(value, int):
        raise SearchUnavailable(f"search index: a stored number is missing (got {value!r})")
    return value


def _decoded(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


@contextmanager
def _vendor_errors(action: str) -> Iterator[None]:
    try:
        yield
    except _VENDOR_ERRORS as exc:
        hint = ""
        if "schema does not match" in str(exc):
            hint = " (made by another version of Liasse: delete it and run `liasse reindex`)"
        raise SearchUnavailable(f"search index: cannot {action}: {exc}{hint}") from exc

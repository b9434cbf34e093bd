"""The search model as plain data: what goes into an index and what a query asks.

Every ``SearchIndex`` adapter (embedded tantivy, OpenSearch) takes and returns these records,
so the rest of Liasse never sees a backend's own query language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol, runtime_checkable

LANGUAGES = ("fr", "de", "it", "nl", "en")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"

Sort = Literal["relevance", "date_desc", "date_asc"]
SORTS: tuple[Sort, ...] = ("relevance", "date_desc", "date_asc")
#: The facets a search can count, by name: document type, year of the document's date, dossier
#: element (its reference) and person (id, as a string).
FACETS = ("type", "year", "element", "person")
Box = tuple[float, float, float, float]
"""A word's box on its page: x0, y0, x1, y1 as fractions of the page, origin top-left."""
PageWord = tuple[str, float, float, float, float]
"""A word as read on a page (text-layer or OCR) and its box."""


@dataclass(frozen=True, slots=True)
class IndexedPage:
    number: int
    text: str
    words: tuple[PageWord, ...] = ()
    """The page's words with their boxes, in reading order, so hits can point at them."""


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    """A document as the index sees it: its text per page and the dossier metadata that
    searches filter on. Built from the catalog, so the index can always be rebuilt."""

    document_id: int
    title: str
    pages: tuple[IndexedPage, ...]
    dossier: str | None = None
    doc_type: str | None = None
    doc_date: date | None = None
    language: str | None = None
    household_id: int | None = None
    """The household of the document's dossier."""
    element: str | None = None
    person_ids: tuple[int, ...] = ()
    """The persons the document concerns (its links, its dossier's and element's person)."""
    service: str | None = None
    status: str | None = None
    source: str | None = None
    access: tuple[str, ...] = ()
    """Access tokens (``core.access.document_tokens``): who may see this document."""


@dataclass(frozen=True, slots=True)
class MemberPeriod:
    """One membership of a person in a household, as the household view reads it: the
    person's documents dated from ``start`` to ``end`` (both days included; None leaves that
    side open) belong to the household, wherever they are filed. A person who left and came
    back has one period per membership.

    An undated document cannot be placed in a period, so it belongs to the household only
    while the person is a member today (a period that ``covers`` the day of the query): a
    current member's undated papers are in the view, a former member's are not."""

    person_id: int
    start: date | None = None
    end: date | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def current_members(periods: Sequence[MemberPeriod], today: date) -> list[int]:
    """The persons whose undated documents belong to the household view: today's members."""
    return sorted({period.person_id for period in periods if period.covers(today)})


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A caseworker's question: text in the query language of ``index._syntax`` (words,
    "phrases", OR, NOT/-, parentheses, field terms) plus filters. Empty ``text`` matches
    everything. Filters combine with AND."""

    text: str = ""
    dossier: str | None = None
    doc_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    household_id: int | None = None
    """Documents of this household's dossiers, always; and (the household view) documents
    linked to a member, dated within that member's period, or undated while the person is a
    member today (``MemberPeriod``)."""
    household_members: tuple[MemberPeriod, ...] = ()
    """The household's memberships with their dates, resolved by the caller from the catalog
    at query time (so a new or ended membership needs no reindex). Only used with
    ``household_id``."""
    person_id: int | None = None
    element: str | None = None
    status: str | None = None
    source: str | None = None
    sort: Sort = "relevance"
    """``relevance`` (without words: newest first), ``date_desc`` or ``date_asc`` (undated
    documents last either way)."""
    facets: bool = False
    """Count the matching documents per value of each of ``FACETS``."""
    limit: int = 20
    offset: int = 0
    """No cap: any offset works (the embedded engine collects offset + limit hits; OpenSearch
    walks deep pages with a point in time and ``search_after``)."""
    visible_to: tuple[str, ...] | None = None
    """None: no restriction. A tuple: only documents carrying at least one of these access
    tokens count, in the hits, the total, the facets and the snippets (an empty tuple matches
    nothing)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching document: the page of its best match and a snippet whose matched words
    are wrapped in ``<mark>…</mark>`` (all other text HTML-escaped)."""

    document: int
    title: str
    dossier: str | None
    doc_type: str | None
    page: int | None
    snippet: str
    score: float
    boxes: tuple[Box, ...] = ()
    """The boxes of the matched words on ``page`` (empty when the page has no word boxes)."""
    doc_date: date | None = None


FacetCounts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: tuple[SearchHit, ...] = field(default=())
    facets: Mapping[str, FacetCounts] = field(default_factory=dict)
    """Facet name -> (value, number of matching documents), most frequent first; only the
    documents the reader may see are counted. Empty unless the query asked for facets."""


@runtime_checkable
class SearchIndex(Protocol):
    """Six primitives. Writes are visible to ``search`` when the call returns.
    Backend failures are raised as ``core.SearchUnavailable`` (retry) or, for a request the
    backend refuses as wrong, ``core.SearchRejected``."""

    def upsert(self, documents: Sequence[IndexedDocument]) -> None:
        """Add or replace these documents (and all their pages)."""
        ...

    def delete(self, document_ids: Sequence[int]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def document_ids(self) -> set[int]:
        """Every document id the index holds (for consistency checks)."""
        ...

    def clear(self) -> None:
        """Remove everything (before a full rebuild)."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class RebuildableIndex(Protocol):
    """An index that can be rebuilt beside the one being searched, then switched to at once
    (OpenSearch: a new versioned index and an alias swap). ``EmbeddedIndex`` is not one: a
    full rebuild there clears the index first."""

    def rebuilding(self) -> AbstractContextManager[SearchIndex]:
        """A fresh, empty index to fill; on leaving without error, searches switch to it."""
        ...

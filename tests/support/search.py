"""A search index that can be taken down: a real ``SearchIndex`` in front of another one,
refusing every call while ``down`` as an unreachable backend does (``SearchUnavailable``).
Nothing reaches the index behind it during an outage, so what it holds afterwards is exactly
what was written before and after."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core import SearchUnavailable
from index import IndexedDocument, SearchIndex, SearchQuery, SearchResult


@dataclass
class OutageIndex:
    behind: SearchIndex
    down: bool = False
    refused: int = 0

    def _check(self) -> None:
        if self.down:
            self.refused += 1
            raise SearchUnavailable("search backend unreachable (test outage)")

    def upsert(self, documents: Sequence[IndexedDocument]) -> None:
        self._check()
        self.behind.upsert(documents)

    def delete(self, document_ids: Sequence[int]) -> None:
        self._check()
        self.behind.delete(document_ids)

    def search(self, query: SearchQuery) -> SearchResult:
        self._check()
        return self.behind.search(query)

    def document_ids(self) -> set[int]:
        self._check()
        return self.behind.document_ids()

    def clear(self) -> None:
        self._check()
        self.behind.clear()

    def close(self) -> None:
        self.behind.close()

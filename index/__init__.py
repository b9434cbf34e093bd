"""Full-text search with dossier metadata, behind one protocol.

``OpenSearchIndex`` is imported on first use, so ``import index`` does not load opensearch-py.
"""

from typing import TYPE_CHECKING

from index._model import (
    FACETS,
    LANGUAGES,
    SORTS,
    Box,
    FacetCounts,
    IndexedDocument,
    IndexedPage,
    MemberPeriod,
    PageWord,
    RebuildableIndex,
    SearchHit,
    SearchIndex,
    SearchQuery,
    SearchResult,
    Sort,
)
from index._syntax import parse as parse_query
from index._tantivy import EmbeddedIndex

if TYPE_CHECKING:
    from index._opensearch import OpenSearchIndex

__all__ = ["FACETS", "LANGUAGES", "SORTS", "Box", "EmbeddedIndex", "FacetCounts",
           "IndexedDocument", "IndexedPage", "MemberPeriod", "OpenSearchIndex", "PageWord",
           "RebuildableIndex", "SearchHit", "SearchIndex", "SearchQuery", "SearchResult",
           "Sort", "parse_query"]


def __getattr__(name: str) -> object:
    if name == "OpenSearchIndex":
        try:
            from index._opensearch import OpenSearchIndex
        except ImportError as exc:  # pragma: no cover - depends on the installed packages
            raise ImportError("the OpenSearch search backend needs the 'opensearch-py' package: "
                              "pip install opensearch-py") from exc
        return OpenSearchIndex
    raise AttributeError(f"module 'index' has no attribute {name!r}")

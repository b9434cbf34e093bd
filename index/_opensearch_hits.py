"""Reading OpenSearch's answers: a ``_search`` response as a ``SearchResult``, each hit with
its best page, the snippet marking the most words and the matched words' boxes. The request
side lives in ``index._opensearch_query``."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from core.errors import SearchUnavailable
from index._analysis import FOLDED_FIELD, TEXT_FIELDS, stemmed_fields_for
from index._boxes import decode_words, matched_boxes
from index._highlight import Wanted
from index._model import MARK_CLOSE, MARK_OPEN, Box, FacetCounts, SearchHit, SearchResult
from index._opensearch_mapping import PREFIX_FIELD, stems_of
from index._opensearch_query import BEST_PAGE, FACET_FIELDS, PAGE_TEXT

_FOLDED = next(field for field in TEXT_FIELDS if field.name == FOLDED_FIELD)
_WHITESPACE = re.compile(r"\s+")
_MARKED = re.compile(re.escape(MARK_OPEN) + "(.*?)" + re.escape(MARK_CLOSE), re.DOTALL)


def parse_response(response: Mapping[str, Any], *, has_words: bool,
                   facets: Mapping[str, Any] | None = None,
                   marks: Wanted | None = None) -> SearchResult:
    """A ``_search`` response as a ``SearchResult`` (its hits as ``SearchHit``); ``facets``:
    the ``aggregations`` to read, when they came in another response of a deep walk."""
    shards = response.get("_shards") or {}
    if shards.get("failed"):  # a partial answer: some shard had no copy to answer from
        raise SearchUnavailable(f"OpenSearch answered from {shards.get('successful')} of "
                                 f"{shards.get('total')} shards: not a complete result")
    try:
        found = response["hits"]
        total = found["total"]
        hits = tuple(parse_hit(hit, has_words=has_words, marks=marks) for hit in found["hits"])
        aggregations = facets if facets is not None else response.get("aggregations")
        return SearchResult(total=int(total["value"] if isinstance(total, dict) else total),
                            hits=hits, facets=parse_facets(aggregations or {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise SearchUnavailable(f"OpenSearch answered a search in an unexpected shape: "
                                 f"{exc!r}") from exc


def parse_facets(aggregations: Mapping[str, Any]) -> dict[str, FacetCounts]:
    facets: dict[str, FacetCounts] = {}
    for name in FACET_FIELDS:
        if name in aggregations:
            pairs = [(str(bucket["key"]), int(bucket["doc_count"]))
                     for bucket in aggregations[name]["buckets"]]
            facets[name] = tuple(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))
    return facets


def parse_hit(hit: Mapping[str, Any], *, has_words: bool,
              marks: Wanted | None = None) -> SearchHit:
    source = hit["_source"]
    page, marked, boxes = best_page(hit, source.get("language"), marks)
    score = hit.get("_score") if has_words else None
    day = source.get("doc_date")
    return SearchHit(
        document=int(source["document_id"]),
        title=str(source.get("title") or ""),
        dossier=source.get("dossier"),
        doc_type=source.get("doc_type"),
        page=page,
        snippet=marked,
        score=float(score) if score is not None else 0.0,
        boxes=boxes,
        doc_date=date.fromisoformat(day) if isinstance(day, str) else None,
    )


def best_page(hit: Mapping[str, Any], language: str | None,
              marks: Wanted | None = None) -> tuple[int | None, str, tuple[Box, ...]]:
    """The page number, snippet and matched words' boxes of the ``best_page`` inner hit;
    (None, "", ()) when the words matched the title only (or no words were searched)."""
    inner = hit.get("inner_hits", {}).get(BEST_PAGE, {}).get("hits", {}).get("hits", [])
    if not inner:
        return None, "", ()
    page = inner[0]
    numbers = page.get("fields", {}).get("pages.number") or [page.get("_source", {})["number"]]
    fields = [PAGE_TEXT, *(f"{PAGE_TEXT}.{lang}" for lang in stems_of(language)),
              f"{PAGE_TEXT}.{PREFIX_FIELD}"]
    return (int(numbers[0]), pick_fragment(page.get("highlight", {}), fields),
            page_boxes(page.get("_source") or {}, language, marks))


def page_boxes(source: Mapping[str, Any], language: str | None,
               marks: Wanted | None) -> tuple[Box, ...]:
    """The boxes of the words ``marks`` matched, from the page's stored words (if any)."""
    blob = source.get("words")
    if not marks or not isinstance(blob, str):
        return ()
    try:
        words = decode_words(base64.b64decode(blob, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise SearchUnavailable(f"OpenSearch returned unreadable word boxes: {exc}") from exc
    return matched_boxes(words, (_FOLDED, *stemmed_fields_for(language)), marks)


def pick_fragment(highlights: Mapping[str, Sequence[str]], fields: Iterable[str]) -> str:
    """Of the fragments highlighted in the document's own fields (folded and stemmed), the one
    marking the most distinct words, then the most words; whitespace runs become one space."""
    best, best_key = "", (-1, -1)
    for field in fields:
        for fragment in highlights.get(field, ())[:1]:
            marked = [word.lower() for word in _MARKED.findall(fragment)]
            key = (len(set(marked)), len(marked))
            if key > best_key:
                best, best_key = fragment, key
    return _WHITESPACE.sub(" ", best).strip()

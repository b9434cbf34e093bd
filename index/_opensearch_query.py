"""A ``SearchQuery`` as an OpenSearch request body, and a response as a ``SearchResult``.

Plain data both ways, so both are tested without a server. The user's text is parsed by
``index._syntax`` (the same tree the embedded engine translates); each word goes into a
``match`` query, which analyses it and nothing more: no query-string parser ever sees user
text.

Words match in the title or in any page (nested), by their folded form or their stemmed form
in one of the document's ``stems`` languages; a fuzzy word (``_syntax.fuzziness``) also
matches by a ``fuzzy`` query on the folded form, scored lower. One difference with the
embedded engine: Lucene's fuzzy query cannot match a *prefix* within an edit distance, so an
automatically fuzzy word is looked for, within its distance, among the words' beginnings kept
in the ``.prefixes`` sub-field ("Armengo" finds "Armengaud", as on the embedded engine); an
explicit ``~`` is a whole-word fuzzy query. Phrases are ``match_phrase``; field terms,
the filters and the reader's access tokens are ``term``/``range`` clauses, in the bool query's
``filter`` (the access tokens, so hits, totals, facets and snippets only ever come from
documents the reader may see). Facets are ``terms`` aggregations over the same query. The
page with most of the words comes back as the ``best_page`` inner hit, highlighted with
``<mark>`` and HTML-escaped by OpenSearch (``encoder: html``), with the page's stored words;
the boxes of the words the query matched are picked from them here, by the same rules as the
embedded engine (``index._highlight``). Beyond OpenSearch's window of
10,000 hits, ``OpenSearchIndex`` pages with a point in time and ``search_after`` over the
sort below (which always ends with ``document_id``, so it is total).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from core.errors import InvalidInput
from index._analysis import analyse_word
from index._model import (
    LANGUAGES,
    MARK_CLOSE,
    MARK_OPEN,
    MemberPeriod,
    SearchQuery,
    current_members,
)
from index._opensearch_mapping import HIT_SOURCE_FIELDS, PREFIX_FIELD
from index._syntax import (
    And,
    DateRange,
    FieldTerm,
    Leaf,
    Node,
    Not,
    Or,
    Phrase,
    Word,
    fuzziness,
    leaves,
    parse,
)

JSON = dict[str, Any]

BEST_PAGE = "best_page"  # the name of the inner hits holding a hit's best page
SNIPPET_CHARS = 240
MAX_RESULT_WINDOW = 10_000  # OpenSearch's default index.max_result_window: from + size
PAGE_TEXT = "pages.text"
FUZZY_BOOST = 0.3
FACET_FIELDS = {"type": ("doc_type", 30), "year": ("year", 100), "element": ("element", 30),
                "person": ("person_ids", 30)}
_FIELD_OF_TERM = {"type": "doc_type", "dossier": "dossier", "element": "element",
                  "person": "person_ids", "household": "household_id"}


def check(query: SearchQuery) -> None:
    if query.limit < 0 or query.offset < 0:
        raise InvalidInput(f"limit and offset cannot be negative ({query.limit}, {query.offset})")
    if query.limit > MAX_RESULT_WINDOW:
        raise InvalidInput(f"limit cannot exceed {MAX_RESULT_WINDOW} hits per call")


def is_deep(query: SearchQuery) -> bool:
    """Past OpenSearch's result window: paged with a point in time and ``search_after``."""
    return query.offset + query.limit > MAX_RESULT_WINDOW


# -- request ---------------------------------------------------------------------------------
def search_body(query: SearchQuery) -> JSON:
    """The body of ``POST /<index>/_search`` for ``query`` (``from``: its offset)."""
    text = parse(query.text)
    looked_for = tuple(leaves(text))
    body: JSON = {
        "from": query.offset,
        "size": query.limit,
        "track_total_hits": True,
        "_source": list(HIT_SOURCE_FIELDS),
        "sort": sort_clause(query, ranked=bool(looked_for)),
    }
    must = [node_clause(text)] if text is not None else [{"match_all": {}}]
    bool_query: JSON = {"must": must, "filter": filter_clauses(query)}
    if looked_for:
        bool_query["should"] = [best_page_clause(looked_for)]
    body["query"] = {"bool": bool_query}
    if query.facets:
        body["aggs"] = {name: {"terms": {"field": field, "size": size}}
                        for name, (field, size) in FACET_FIELDS.items()}
    return body


def sort_clause(query: SearchQuery, *, ranked: bool) -> list[JSON]:
    """Relevance (when there are words to rank by), else newest or oldest first, undated last;
    ``document_id`` breaks ties so that ``search_after`` can resume anywhere."""
    if query.sort == "relevance" and ranked:
        return [{"_score": {"order": "desc"}}, {"document_id": {"order": "asc"}}]
    order = "asc" if query.sort == "date_asc" else "desc"
    return [{"doc_date": {"order": order, "missing": "_last"}},
            {"document_id": {"order": order}}]


def deep_body(body: JSON, pit_id: str, after: list[Any] | None, size: int, *,
              skip: bool = False) -> JSON:
    """``body`` as one step of a walk over a point in time (no index in the path, no from);
    ``skip``: a step over hits that are not returned, so only their sort values are fetched
    (no source, no best page, no highlight; the scores, and so the order, stay the same)."""
    step = {key: value for key, value in body.items() if key not in ("from", "aggs")}
    step.update(size=size, pit={"id": pit_id, "keep_alive": "1m"})
    if skip:
        step.update(_source=False, query=_without_inner_hits(body["query"]))
    if after is not None:
        step["search_after"] = after
    if after is None and "aggs" in body:
        step["aggs"] = body["aggs"]
    return step


def _without_inner_hits(query: JSON) -> JSON:
    should = [{"nested": {k: v for k, v in clause["nested"].items() if k != "inner_hits"}}
              if "nested" in clause else clause for clause in query["bool"].get("should", ())]
    return {"bool": {**query["bool"], "should": should}} if should else query


def node_clause(node: Node) -> JSON:
    if isinstance(node, Word):
        return word_clause(node)
    if isinstance(node, Phrase):
        return phrase_clause(node)
    if isinstance(node, FieldTerm):
        value: object = int(node.value) if node.name in ("person", "household") else node.value
        return {"term": {_FIELD_OF_TERM[node.name]: value}}
    if isinstance(node, DateRange):
        return _date_range(node.start, node.end)
    if isinstance(node, Not):
        return {"bool": {"must_not": [node_clause(node.node)]}}
    if isinstance(node, And):
        return {"bool": {
            "must": [node_clause(n) for n in node.nodes if not isinstance(n, Not)]
            or [{"match_all": {}}],
            "must_not": [node_clause(n.node) for n in node.nodes if isinstance(n, Not)]}}
    assert isinstance(node, Or)
    return _any([node_clause(n) for n in node.nodes])


def filter_clauses(query: SearchQuery) -> list[JSON]:
    clauses: list[JSON] = []
    exact: Mapping[str, object] = {"dossier": query.dossier, "doc_type": query.doc_type,
                                   "element": query.element, "status": query.status,
                                   "source": query.source, "person_ids": query.person_id}
    clauses.extend({"term": {name: value}} for name, value in exact.items() if value is not None)
    if query.household_id is not None:
        clauses.append(household_clause(query.household_id, query.household_members,
                                        date.today()))
    if query.date_from is not None or query.date_to is not None:
        clauses.append(_date_range(query.date_from, query.date_to))
    if query.visible_to is not None:
        clauses.append(visible_to_clause(query.visible_to))
    return clauses


def household_clause(household_id: int, members: Sequence[MemberPeriod],
                     today: date) -> JSON:
    """The household view: its dossiers' documents, always; a member's documents anywhere when
    dated within one of that member's periods; undated ones of ``today``'s members only (the
    rule of ``MemberPeriod``)."""
    clauses: list[JSON] = [{"term": {"household_id": household_id}}]
    clauses.extend({"bool": {"filter": [{"term": {"person_ids": period.person_id}},
                                        _date_range(period.start, period.end)]}}
                   for period in members)
    current = current_members(members, today)
    if current:
        clauses.append({"bool": {"filter": [{"terms": {"person_ids": current}}],
                                 "must_not": [{"exists": {"field": "doc_date"}}]}})
    return clauses[0] if len(clauses) == 1 else _any(clauses)


def _date_range(start: date | None, end: date | None) -> JSON:
    """Dated documents between ``start`` and ``end`` (None: open); undated ones never match."""
    bounds: JSON = {}
    if start is not None:
        bounds["gte"] = start.isoformat()
    if end is not None:
        bounds["lte"] = end.isoformat()
    return {"range": {"doc_date": bounds}} if bounds else {"exists": {"field": "doc_date"}}


def visible_to_clause(tokens: Sequence[str]) -> JSON:
    """Documents carrying at least one of ``tokens``; none at all for no token."""
    if not tokens:
        return {"match_none": {}}
    return {"terms": {"access": list(tokens)}}


def word_forms(word: Word, field: str, stems_field: str) -> list[JSON]:
    """``word`` in ``field`` (folded), in ``field.<lang>`` for the document's languages, and
    within its edit distance of the folded form when it is fuzzy."""
    analysed = analyse_word(word.text, exact=word.exact)
    folded = analysed.folded or word.text
    forms: list[JSON] = [_match(field, folded)]
    forms.extend(
        {"bool": {"filter": [{"term": {stems_field: language}}],
                  "must": [_match(f"{field}.{language}", folded)]}}
        for language in LANGUAGES if language in analysed.stem_languages
    )
    distance, prefix = fuzziness(word)
    if folded and prefix and not distance:
        forms.append({"prefix": {field: {"value": folded, "boost": FUZZY_BOOST}}})
    elif folded and distance:
        target = f"{field}.{PREFIX_FIELD}" if prefix else field
        forms.append({"fuzzy": {target: {"value": folded, "fuzziness": distance,
                                         "transpositions": True, "boost": FUZZY_BOOST}}})
    return forms


def phrase_forms(phrase: Phrase, field: str, stems_field: str) -> list[JSON]:
    text = " ".join(phrase.words)
    forms: list[JSON] = [{"match_phrase": {field: text}}]
    forms.extend(
        {"bool": {"filter": [{"term": {stems_field: language}}],
                  "must": [{"match_phrase": {f"{field}.{language}": text}}]}}
        for language in LANGUAGES
    )
    return forms


def leaf_forms(leaf: Leaf, field: str, stems_field: str) -> list[JSON]:
    if isinstance(leaf, Word):
        return word_forms(leaf, field, stems_field)
    return phrase_forms(leaf, field, stems_field)


def word_clause(word: Word) -> JSON:
    """One word, found in the title or in any page of the document."""
    return _leaf_clause(word)


def phrase_clause(phrase: Phrase) -> JSON:
    return _leaf_clause(phrase)


def _leaf_clause(leaf: Leaf) -> JSON:
    in_pages = {"nested": {
        "path": "pages",
        "score_mode": "max",
        "query": _any(leaf_forms(leaf, PAGE_TEXT, "pages.stems")),
    }}
    return _any([*leaf_forms(leaf, "title", "stems"), in_pages])


def best_page_clause(looked_for: Sequence[Leaf]) -> JSON:
    """Scores pages by how many of the words they hold; the best one is the inner hit."""
    forms = [form for leaf in looked_for for form in leaf_forms(leaf, PAGE_TEXT, "pages.stems")]
    return {"nested": {
        "path": "pages",
        "score_mode": "max",
        "query": _any(forms),
        "inner_hits": {
            "name": BEST_PAGE,
            "size": 1,
            "_source": {"includes": ["pages.words"]},
            "docvalue_fields": ["pages.number"],
            "highlight": highlight(),
        },
    }}


def highlight() -> JSON:
    fields = [PAGE_TEXT, *(f"{PAGE_TEXT}.{language}" for language in LANGUAGES),
              f"{PAGE_TEXT}.{PREFIX_FIELD}"]
    return {
        "type": "unified",
        "encoder": "html",
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "fragment_size": SNIPPET_CHARS,
        "number_of_fragments": 1,
        "no_match_size": SNIPPET_CHARS,
        "fields": {name: {} for name in fields},
    }


def document_ids_body(after: int | None, size: int) -> JSON:
    """One page of every document id, in order, continuing after ``after``."""
    body: JSON = {"query": {"match_all": {}}, "_source": False, "size": size,
                  "sort": [{"document_id": {"order": "asc"}}]}
    if after is not None:
        body["search_after"] = [after]
    return body


def _match(field: str, word: str) -> JSON:
    return {"match": {field: {"query": word, "operator": "and"}}}


def _any(clauses: list[JSON]) -> JSON:
    return {"bool": {"should": clauses, "minimum_should_match": 1}}

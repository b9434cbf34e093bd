"""SearchQuery -> OpenSearch request body, and response -> SearchResult, as plain data.

The responses below are HAND-WRITTEN from the response format in OpenSearch's documentation
(search hits, nested inner hits with ``fields`` and ``highlight``). They were not recorded from a
live server: none runs on these machines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from core import InvalidInput, SearchBackendError
from index import SearchQuery
from index._model import MemberPeriod
from index._opensearch_hits import parse_response
from index._opensearch_query import (
    BEST_PAGE,
    check,
    deep_body,
    household_clause,
    is_deep,
    search_body,
)


def body_for(text: str = "", **filters: Any) -> dict[str, Any]:
    query = SearchQuery(text=text, **filters)
    return search_body(query)


def walk(node: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair in a JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


# -- request ---------------------------------------------------------------------------------
def test_a_dossier_filter_is_a_term_filter() -> None:
    """GIVEN a search filtered by dossier, type and household
    WHEN it becomes a request body
    THEN each filter is an exact ``term`` clause in the bool query's ``filter``."""
    body = body_for("aide", dossier="D-1", doc_type="decision", household_id=10)

    filters = body["query"]["bool"]["filter"]

    assert {"term": {"dossier": "D-1"}} in filters
    assert {"term": {"doc_type": "decision"}} in filters
    assert {"term": {"household_id": 10}} in filters


def test_visible_to_is_a_terms_filter_inside_the_query() -> None:
    """GIVEN a reader holding two access tokens
    WHEN searching
    THEN a ``terms`` filter on ``access`` sits in the query's ``filter`` (so totals, hits and
    snippets are all restricted), and there is no post_filter that totals would ignore."""
    body = body_for("aide", visible_to=("svc:social", "d:3"))

    assert {"terms": {"access": ["svc:social", "d:3"]}} in body["query"]["bool"]["filter"]
    assert "post_filter" not in body


def test_no_access_token_matches_nothing_and_none_is_unrestricted() -> None:
    assert {"match_none": {}} in body_for("aide", visible_to=())["query"]["bool"]["filter"]
    assert {"match_none": {}} in body_for(visible_to=())["query"]["bool"]["filter"]
    assert body_for("aide")["query"]["bool"]["filter"] == []


def test_a_date_range_is_inclusive() -> None:
    body = body_for("aide", date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))

    assert {"range": {"doc_date": {"gte": "2024-01-01", "lte": "2024-06-30"}}} in body[
        "query"]["bool"]["filter"]
    assert {"range": {"doc_date": {"lte": "2024-01-01"}}} in body_for(
        "aide", date_to=date(2024, 1, 1))["query"]["bool"]["filter"]


def test_the_household_view_bounds_each_membership_by_its_dates() -> None:
    """GIVEN household 10 with Anna (11), a member in 2015-2018, and Bruno (12), a member
    since June 2019 with no end
    WHEN the household view becomes a request body
    THEN one filter matches the household's dossiers, or Anna's documents dated within her
    period, or Bruno's dated from his start, or Bruno's undated ones (he is a member today;
    Anna is not, so her undated documents stay out)."""
    members = (MemberPeriod(11, date(2015, 1, 1), date(2018, 12, 31)),
               MemberPeriod(12, date(2019, 6, 1), None))
    filters = body_for(household_id=10, household_members=members)["query"]["bool"]["filter"]

    assert filters == [{"bool": {"minimum_should_match": 1, "should": [
        {"term": {"household_id": 10}},
        {"bool": {"filter": [{"term": {"person_ids": 11}}, {"range": {"doc_date": {
            "gte": "2015-01-01", "lte": "2018-12-31"}}}]}},
        {"bool": {"filter": [{"term": {"person_ids": 12}},
                             {"range": {"doc_date": {"gte": "2019-06-01"}}}]}},
        {"bool": {"filter": [{"terms": {"person_ids": [12]}}],
                  "must_not": [{"exists": {"field": "doc_date"}}]}},
    ]}}]


def test_a_membership_without_dates_takes_every_dated_and_undated_document() -> None:
    """GIVEN a member without dates and one who left in 2020
    WHEN the household view is built on a day of 2024
    THEN the first person's documents count with any date or none, the second's only when
    dated up to the day they left; with no member, the filter is the household's dossiers."""
    clause = household_clause(10, (MemberPeriod(11), MemberPeriod(12, None, date(2020, 1, 1))),
                              today=date(2024, 5, 1))

    assert clause["bool"]["should"][1:] == [
        {"bool": {"filter": [{"term": {"person_ids": 11}},
                             {"exists": {"field": "doc_date"}}]}},
        {"bool": {"filter": [{"term": {"person_ids": 12}},
                             {"range": {"doc_date": {"lte": "2020-01-01"}}}]}},
        {"bool": {"filter": [{"terms": {"person_ids": [11]}}],
                  "must_not": [{"exists": {"field": "doc_date"}}]}},
    ]
    assert household_clause(10, (), today=date(2024, 5, 1)) == {"term": {"household_id": 10}}


def test_empty_text_lists_the_filtered_documents_newest_first() -> None:
    """GIVEN no words, a dossier filter
    WHEN it becomes a request body
    THEN it is a match_all with the filter, sorted by date (newest first, undated last)."""
    body = body_for("", dossier="D-1", limit=5, offset=10)

    assert body["query"] == {"bool": {"must": [{"match_all": {}}],
                                      "filter": [{"term": {"dossier": "D-1"}}]}}
    assert body["sort"][0] == {"doc_date": {"order": "desc", "missing": "_last"}}
    assert (body["from"], body["size"], body["track_total_hits"]) == (10, 5, True)


def test_every_word_must_match_and_stopwords_are_dropped() -> None:
    """GIVEN "la décision de placement" WHEN it becomes a request body THEN "decision" and
    "placement" are each a ``must`` clause (of the parsed text's AND), folded; the stopwords
    are not required."""
    body = body_for("la décision de placement")

    (parsed,) = body["query"]["bool"]["must"]
    must = parsed["bool"]["must"]
    matched = {value["query"] for key, value in walk(must) if key == "match"
               for value in value.values()}
    assert len(must) == 2
    assert matched == {"decision", "placement"}


def test_a_word_is_searched_folded_or_stemmed_in_the_documents_languages() -> None:
    """GIVEN one word
    WHEN it becomes a request body
    THEN it may match the folded field or a language sub-field, the latter only for documents
    whose ``stems`` list that language; in the title or in any page."""
    (clause,) = body_for("decision")["query"]["bool"]["must"]
    fields = {field for key, value in walk(clause) if key == "match" for field in value}
    guards = {value["stems"] for key, value in walk(clause) if key == "term" and "stems" in value}

    assert {"title", "title.fr", "pages.text", "pages.text.de"} <= fields
    assert guards == {"fr", "de", "it", "nl", "en"}


@pytest.mark.parametrize(
    "text", ['"décision" AND dossier:D-1', "title:^2 (c* -d)", "[1 TO 5] /regex/ ~2", "\\"])
def test_user_text_never_reaches_a_query_parser(text: str) -> None:
    """GIVEN text full of query-language syntax
    WHEN it becomes a request body
    THEN no query_string / simple_query_string clause exists, and the words reach OpenSearch
    only as ``match`` queries (analysed, never parsed), or as the folded literal of a
    ``prefix`` / ``fuzzy`` query our own parser asked for."""
    body = body_for(text)
    keys = {key for key, _ in walk(body)}

    assert not keys & {"query_string", "simple_query_string", "regexp", "wildcard"}
    for key, value in walk(body):
        if key == "match":
            (options,) = value.values()
            assert set(options["query"]) <= set("abcdefghijklmnopqrstuvwxyz0123456789")
    json.dumps(body)  # plain JSON


def test_the_best_page_is_an_inner_hit_highlighted_with_escaped_marks() -> None:
    """GIVEN words WHEN it becomes a request body THEN a nested ``should`` clause returns the
    best page as an inner hit, highlighted with <mark> and HTML-encoded."""
    (best,) = body_for("budget loyer")["query"]["bool"]["should"]
    inner = best["nested"]["inner_hits"]

    assert (best["nested"]["path"], inner["name"], inner["size"]) == ("pages", BEST_PAGE, 1)
    assert inner["docvalue_fields"] == ["pages.number"]
    highlight = inner["highlight"]
    assert (highlight["encoder"], highlight["pre_tags"], highlight["post_tags"]) == (
        "html", ["<mark>"], ["</mark>"])
    assert "pages.text" in highlight["fields"] and "pages.text.fr" in highlight["fields"]


def test_limits_are_checked_before_any_request() -> None:
    with pytest.raises(InvalidInput):
        check(SearchQuery(text="x", limit=-1))
    with pytest.raises(InvalidInput):
        check(SearchQuery(text="x", limit=10_001))
    check(SearchQuery(text="x", offset=1_000_000, limit=20))


def test_pages_past_the_result_window_walk_a_point_in_time() -> None:
    """GIVEN a search at offset 25,000 WHEN it becomes the steps of a deep walk THEN each step
    names the point in time (no index, no ``from``), resumes after the last sort values, and
    the sort ends with the document id so that the walk is total."""
    query = SearchQuery(text="aide", offset=25_000, limit=20, facets=True)
    body = search_body(query)

    first = deep_body(body, "PIT", None, 10_000)
    later = deep_body(body, "PIT", [3.5, 1234], 20)

    assert is_deep(query) and not is_deep(SearchQuery(offset=9_980, limit=20))
    assert body["sort"][-1] == {"document_id": {"order": "asc"}}
    assert "from" not in first and first["pit"] == {"id": "PIT", "keep_alive": "1m"}
    assert "aggs" in first and "aggs" not in later
    assert later["search_after"] == [3.5, 1234] and later["size"] == 20


# -- response (hand-written, in the documented format) ---------------------------------------
def hand_written_hit(document_id: int, language: str, inner: list[dict[str, Any]],
                     score: float | None = 2.5) -> dict[str, Any]:
    return {
        "_index": "liasse-documents", "_id": str(document_id), "_score": score,
        "_source": {"document_id": document_id, "title": f"Document {document_id}",
                    "dossier": "D-1", "doc_type": "decision", "language": language},
        "inner_hits": {BEST_PAGE: {"hits": {
            "total": {"value": len(inner), "relation": "eq"}, "max_score": 1.0,
            "hits": inner}}},
    }


HAND_WRITTEN_RESPONSE: dict[str, Any] = {
    "took": 3, "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "max_score": 2.5,
        "hits": [
            hand_written_hit(1, "fr", [{
                "_index": "liasse-documents", "_id": "1",
                "_nested": {"field": "pages", "offset": 1}, "_score": 1.7,
                "fields": {"pages.number": [2]},
                "highlight": {
                    # the folded field did not match "decision": its no_match fragment
                    "pages.text": ["Les Décisions du service &lt;b&gt;sont&lt;&#x2F;b&gt;"],
                    "pages.text.fr": ["Les <mark>Décisions</mark> du service\n\n"
                                      "&lt;b&gt;sont&lt;&#x2F;b&gt;   jointes."],
                    # another language's stemmer: not this document's, never shown
                    "pages.text.en": ["<mark>Les</mark> <mark>Décisions</mark> <mark>du</mark>"],
                },
            }]),
            hand_written_hit(2, "fr", [], score=0.9),  # the words matched its title only
        ],
    },
}


def test_a_hand_written_response_becomes_hits_with_best_page_and_marked_snippet() -> None:
    """GIVEN a hand-written response (documented format): one hit whose best page is page 2,
    highlighted in the folded and the French field, and one hit matched by its title only
    WHEN it is parsed
    THEN the total is the server's, the first hit points to page 2 with the French fragment
    (whitespace runs collapsed), and the second has no page and no snippet."""
    result = parse_response(HAND_WRITTEN_RESPONSE, has_words=True)

    assert result.total == 42
    first, second = result.hits
    assert (first.document, first.title, first.dossier, first.doc_type) == (
        1, "Document 1", "D-1", "decision")
    assert first.page == 2
    assert first.snippet == ("Les <mark>Décisions</mark> du service "
                             "&lt;b&gt;sont&lt;&#x2F;b&gt; jointes.")
    assert first.score == 2.5
    assert (second.document, second.page, second.snippet) == (2, None, "")


def test_a_listing_without_words_has_no_scores_or_snippets() -> None:
    """GIVEN a hand-written response to a sorted listing (``_score`` null, no inner hits)
    WHEN parsed THEN scores are 0 and there is no page or snippet."""
    response = {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [
        {"_id": "5", "_score": None, "sort": ["2024-06-30", 5],
         "_source": {"document_id": 5, "title": "Lettre"}}]}}

    (hit,) = parse_response(response, has_words=False).hits

    assert (hit.document, hit.score, hit.page, hit.snippet, hit.dossier) == (
        5, 0.0, None, "", None)


def test_a_response_of_an_unexpected_shape_is_a_backend_error() -> None:
    with pytest.raises(SearchBackendError, match="unexpected shape"):
        parse_response({"error": "nope"}, has_words=True)

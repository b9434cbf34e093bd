"""The OpenSearch index settings, mapping and document sources, as plain data (no server).

These say what we ask OpenSearch for; whether a live server accepts it and analyses text as
intended is checked by tests/index/test_opensearch_live.py when OPENSEARCH_URL is set.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from index import LANGUAGES, IndexedDocument, IndexedPage
from index._opensearch_mapping import (
    FOLDED_ANALYZER,
    MAPPING_VERSION,
    PREFIX_ANALYZER,
    PREFIX_FIELD,
    analysis_settings,
    document_source,
    index_body,
    language_analyzer,
    mappings,
    stem_filter,
)

SNOWBALL = {"fr": "French", "de": "German", "it": "Italian", "nl": "Dutch", "en": "English"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_folds_accents_before_its_snowball_stemmer(language: str) -> None:
    """GIVEN the analysis settings
    WHEN reading a language's analyzer
    THEN it lowercases, folds to ASCII, and only then stems with that language's Snowball."""
    analysis = analysis_settings()
    chain = analysis["analyzer"][language_analyzer(language)]["filter"]

    assert chain.index("lowercase") < chain.index("asciifolding") < chain.index(
        stem_filter(language))
    assert chain[-1] == stem_filter(language)
    assert analysis["filter"][stem_filter(language)] == {
        "type": "snowball", "language": SNOWBALL[language]}


def test_the_folded_analyzer_does_not_stem() -> None:
    """GIVEN the analysis settings WHEN reading the folded analyzer THEN it folds, no stemming."""
    analysis = analysis_settings()
    chain = analysis["analyzer"][FOLDED_ANALYZER]["filter"]

    assert "asciifolding" in chain
    assert not any(analysis["filter"].get(name, {}).get("type") == "snowball" for name in chain)


def test_words_are_runs_of_letters_and_digits_and_long_ones_are_dropped() -> None:
    """GIVEN the analysis settings
    WHEN reading the tokenizer and the first filter of every analyzer
    THEN words are cut on anything but Unicode letters and digits (so "d'aide" gives "aide"),
    and words over 40 characters are dropped, as in the embedded engine."""
    analysis = analysis_settings()
    (tokenizer,) = analysis["tokenizer"].values()

    assert tokenizer == {"type": "pattern", "pattern": r"[^\p{L}\p{N}]+"}
    for analyzer in analysis["analyzer"].values():
        first = analysis["filter"][analyzer["filter"][0]]
        assert first == {"type": "length", "max": 40}


def test_text_fields_have_a_stemmed_sub_field_per_language() -> None:
    """GIVEN the mapping WHEN reading the title and the page text THEN each is folded, with a
    sub-field per language analysed by that language's analyzer, and one of word beginnings
    (indexed as edge n-grams, searched as folded words)."""
    properties = mappings()["properties"]

    for field in (properties["title"], properties["pages"]["properties"]["text"]):
        assert field["analyzer"] == FOLDED_ANALYZER
        assert {lang: sub["analyzer"] for lang, sub in field["fields"].items()} == {
            **{lang: language_analyzer(lang) for lang in LANGUAGES},
            PREFIX_FIELD: PREFIX_ANALYZER}
        assert field["fields"][PREFIX_FIELD]["search_analyzer"] == FOLDED_ANALYZER


def test_pages_are_nested_and_filters_are_exact() -> None:
    """GIVEN the mapping
    WHEN reading its fields
    THEN pages are nested objects (best page per hit), filter fields are keywords, longs and a
    date, unknown fields are refused, and the mapping carries its version."""
    mapping = mappings()
    properties = mapping["properties"]

    assert properties["pages"]["type"] == "nested"
    assert {name: properties[name]["type"] for name in
            ("dossier", "doc_type", "access", "stems", "household_id", "doc_date")} == {
        "dossier": "keyword", "doc_type": "keyword", "access": "keyword", "stems": "keyword",
        "household_id": "long", "doc_date": "date"}
    assert mapping["dynamic"] == "strict"
    assert mapping["_meta"] == {"liasse_mapping": MAPPING_VERSION}


def test_index_body_is_json_with_settings_and_mappings() -> None:
    body = json.loads(json.dumps(index_body(replicas=1)))

    assert body["settings"]["index"] == {"number_of_shards": 1, "number_of_replicas": 1}
    assert set(body) == {"settings", "mappings"}


def test_document_source_of_a_french_document() -> None:
    """GIVEN a French document of two pages with metadata and access tokens
    WHEN it becomes an OpenSearch source
    THEN its pages keep their numbers, only French stems apply, and absent values are left out."""
    document = IndexedDocument(
        7, "Décision", (IndexedPage(1, "Première page."), IndexedPage(2, "Seconde page.")),
        dossier="D-7", doc_type="decision", doc_date=date(2024, 3, 1), language="fr-CH",
        household_id=3, person_ids=(4, 5), access=("all", "d:7"))

    source = document_source(document)

    assert source == {
        "document_id": 7, "title": "Décision", "stems": ["fr"], "access": ["all", "d:7"],
        "person_ids": [4, 5], "dossier": "D-7", "doc_type": "decision", "language": "fr-CH",
        "household_id": 3, "doc_date": "2024-03-01", "year": 2024,
        "pages": [{"number": 1, "stems": ["fr"], "text": "Première page."},
                  {"number": 2, "stems": ["fr"], "text": "Seconde page."}],
    }
    assert set(source) <= set(mappings()["properties"])


def test_a_document_of_unknown_language_is_stemmed_in_every_language() -> None:
    source = document_source(IndexedDocument(1, "x", (IndexedPage(1, "y"),)))

    assert source["stems"] == list(LANGUAGES)
    assert source["pages"][0]["stems"] == list(LANGUAGES)
    assert "language" not in source and "doc_date" not in source

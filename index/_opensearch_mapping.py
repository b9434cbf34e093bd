"""The OpenSearch index as plain data: its analyzers, its mapping, and a document's source.

Text is analysed as the embedded engine analyses it (``index._analysis``): cut into runs of
letters and digits, words over 40 characters dropped, lowercased, folded to ASCII, and then
(for the per-language sub-fields only) stemmed with that language's Snowball stemmer. Folding
comes BEFORE stemming, so the stemmers see the same letters with or without accents.

One ``IndexedDocument`` is one OpenSearch document (``_id`` = the document id) whose pages are a
``nested`` list: a search counts and ranks documents, and the matching page with the best score
comes back as an inner hit, highlighted. Replacing a document replaces its pages in the same
write, so no page of an old version can outlive it.

Every text field is the folded field with one sub-field per language (``text.fr``, ...). The
``stems`` keyword lists the languages whose sub-fields apply to the document (its own language,
or all of them when it is unknown); queries only consult those sub-fields, as the embedded
engine only writes them. The sub-field ``.prefixes`` holds each folded word's beginnings
(3 to 20 letters, edge n-grams): a fuzzy query there forgives a typo in a *prefix* ("Armengo"
finds "Armengaud"), as the embedded engine's prefix-fuzzy query does. A page's words and their
boxes (``index._boxes``, base64) sit in ``pages.words``, a ``binary`` field: kept in
``_source``, never indexed, read back with the best page of a hit.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from index._analysis import MAX_WORD_CHARS, SNOWBALL_NAMES, normalise_language
from index._boxes import encode_words
from index._model import LANGUAGES, IndexedDocument, IndexedPage

JSON = dict[str, Any]

#: Bumped whenever the analysis or the mapping changes: an index built by another version must
#: be deleted and rebuilt (``liasse reindex``).
MAPPING_VERSION = 3  # 2: year (facet), fuzzy and phrase queries; 3: prefixes, word boxes
FOLDED_ANALYZER = "liasse_folded"
PREFIX_ANALYZER = "liasse_prefixes"
PREFIX_FIELD = "prefixes"
PREFIX_CHARS = (3, 20)
WORD_TOKENIZER = "liasse_words"
#: Java regex: a word is a run of letters and digits, as tantivy's "simple" tokenizer cuts it.
WORD_SEPARATORS = r"[^\p{L}\p{N}]+"
#: Metadata fields a hit needs, read from ``_source`` (never the pages).
HIT_SOURCE_FIELDS = ("document_id", "title", "dossier", "doc_type", "language", "doc_date")
KEYWORD_FIELDS = ("dossier", "doc_type", "language", "element", "service", "status", "source",
                  "access", "stems")


def language_analyzer(language: str) -> str:
    return f"liasse_{language}"


def stem_filter(language: str) -> str:
    return f"liasse_{language}_snowball"


def analysis_settings() -> JSON:
    """The tokenizer, filters and analyzers: one folded analyzer, one stemmed per language."""
    common = [f"liasse_max_{MAX_WORD_CHARS}", "lowercase", "asciifolding"]
    analyzers: JSON = {FOLDED_ANALYZER: _custom(common)}
    filters: JSON = {f"liasse_max_{MAX_WORD_CHARS}": {"type": "length", "max": MAX_WORD_CHARS}}
    for language in LANGUAGES:
        filters[stem_filter(language)] = {
            "type": "snowball", "language": SNOWBALL_NAMES[language].capitalize()}
        analyzers[language_analyzer(language)] = _custom([*common, stem_filter(language)])
    filters["liasse_edges"] = {"type": "edge_ngram", "min_gram": PREFIX_CHARS[0],
                               "max_gram": PREFIX_CHARS[1], "preserve_original": True}
    analyzers[PREFIX_ANALYZER] = _custom([*common, "liasse_edges"])
    return {
        "tokenizer": {WORD_TOKENIZER: {"type": "pattern", "pattern": WORD_SEPARATORS}},
        "filter": filters,
        "analyzer": analyzers,
    }


def _custom(filters: list[str]) -> JSON:
    return {"type": "custom", "tokenizer": WORD_TOKENIZER, "filter": filters}


def text_field() -> JSON:
    """A folded text field whose sub-fields ``.fr``, ``.de``, ... are stemmed, and whose
    ``.prefixes`` holds the folded words' beginnings."""
    fields: JSON = {lang: {"type": "text", "analyzer": language_analyzer(lang)}
                    for lang in LANGUAGES}
    fields[PREFIX_FIELD] = {"type": "text", "analyzer": PREFIX_ANALYZER,
                            "search_analyzer": FOLDED_ANALYZER, "index_options": "docs"}
    return {"type": "text", "analyzer": FOLDED_ANALYZER, "fields": fields}


def mappings() -> JSON:
    keywords: JSON = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    return {
        "dynamic": "strict",
        "_meta": {"liasse_mapping": MAPPING_VERSION},
        "properties": {
            "document_id": {"type": "long"},
            "title": text_field(),
            **keywords,
            "doc_date": {"type": "date", "format": "strict_date"},
            "year": {"type": "integer"},
            "household_id": {"type": "long"},
            "person_ids": {"type": "long"},
            "pages": {
                "type": "nested",
                "properties": {
                    "number": {"type": "integer"},
                    "stems": {"type": "keyword"},
                    "text": text_field(),
                    "words": {"type": "binary"},
                },
            },
        },
    }


def index_body(*, shards: int = 1, replicas: int = 0) -> JSON:
    """The body of the create-index request."""
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": analysis_settings(),
        },
        "mappings": mappings(),
    }


def stems_of(language: str | None) -> list[str]:
    """The languages whose stemmed sub-fields a document is searched through."""
    code = normalise_language(language)
    return [code] if code is not None else list(LANGUAGES)


def document_source(document: IndexedDocument) -> JSON:
    """The ``_source`` of one document, pages included (nothing derived from the server)."""
    stems = stems_of(document.language)
    source: JSON = {
        "document_id": document.document_id,
        "title": document.title,
        "stems": stems,
        "access": list(document.access),
        "person_ids": list(document.person_ids),
        "pages": [_page_source(page, stems) for page in document.pages],
    }
    optional: Mapping[str, object] = {
        "dossier": document.dossier, "doc_type": document.doc_type,
        "language": document.language, "element": document.element,
        "service": document.service, "status": document.status, "source": document.source,
        "household_id": document.household_id,
        "doc_date": document.doc_date.isoformat() if document.doc_date else None,
        "year": document.doc_date.year if document.doc_date else None,
    }
    source.update({name: value for name, value in optional.items() if value is not None})
    return source


def _page_source(page: IndexedPage, stems: list[str]) -> JSON:
    source: JSON = {"number": page.number, "stems": stems, "text": page.text}
    if page.words:
        source["words"] = base64.b64encode(encode_words(page.words)).decode("ascii")
    return source

"""The embedded index's schema, as plain data, and how a document becomes index entries.

One ``IndexedDocument`` becomes one *document entry* (kind "doc": metadata to filter, sort and
count facets on, all its text for ranking and counting, nothing large stored) plus one *page
entry* per page (kind "page": the page's text, indexed to find the best page of a hit and
stored to cut its snippet, and its word boxes, stored compactly by ``index._boxes``). Both
carry ``document_id``, so one delete-by-term removes a document and all its pages. Text fields
keep positions, for phrases. Page entries write their text to their own fields (``page_`` +
the name): a document query then walks only the documents' postings, not six times as many.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

import tantivy

from index._analysis import FOLDED_FIELD, TEXT_FIELDS, TextField, stemmed_fields_for
from index._boxes import encode_words
from index._model import IndexedDocument

KIND_DOCUMENT, KIND_PAGE = "doc", "page"
PAGE_PREFIX = "page_"  # page entries' text fields: page_text, page_text_fr, ...
NO_DATE = 0  # the ``day`` of an undated document: sorts after every dated one (newest first)
LATE_NO_DATE = 99_999_999  # its ``day_late``: sorts after every dated one (oldest first)

FieldKind = Literal["keyword", "integer", "stored_bytes", "text"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One schema field. ``keyword`` is an exact, unanalysed string; ``stored_bytes`` is kept
    but not searchable; ``text`` is analysed by ``analyzer`` (with positions). ``fast``: a
    column to sort or count facets on."""

    name: str
    kind: FieldKind
    stored: bool = False
    fast: bool = False
    analyzer: str | None = None


def _text(field: TextField, prefix: str = "") -> FieldSpec:
    return FieldSpec(prefix + field.name, "text", analyzer=field.analyzer)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "keyword"),  # KIND_DOCUMENT or KIND_PAGE
    FieldSpec("document_id", "integer", stored=True, fast=True),
    FieldSpec("page", "integer", stored=True),  # page entries: the page number
    FieldSpec("title", "stored_bytes", stored=True),
    FieldSpec("dossier", "keyword", stored=True),
    FieldSpec("doc_type", "keyword", stored=True, fast=True),
    FieldSpec("language", "keyword", stored=True),
    FieldSpec("day", "integer", stored=True, fast=True),  # doc_date.toordinal(), or NO_DATE
    FieldSpec("day_late", "integer", fast=True),  # the same, or LATE_NO_DATE
    FieldSpec("year", "integer", fast=True),  # dated documents only
    FieldSpec("household_id", "integer"),
    FieldSpec("person_ids", "integer", fast=True),  # many values
    FieldSpec("element", "keyword", fast=True),
    FieldSpec("status", "keyword"),
    FieldSpec("source", "keyword"),
    FieldSpec("access", "keyword"),  # access tokens: who may see the document (many values)
    FieldSpec("body", "stored_bytes", stored=True),  # page entries: the page text
    FieldSpec("words", "stored_bytes", stored=True),  # page entries: words and their boxes
    *(_text(field) for field in TEXT_FIELDS),
    *(_text(field, PAGE_PREFIX) for field in TEXT_FIELDS),
)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for spec in FIELDS:
        if spec.kind == "keyword":
            builder.add_text_field(spec.name, stored=spec.stored, fast=spec.fast,
                                   tokenizer_name="raw", index_option="basic")
        elif spec.kind == "integer":
            builder.add_integer_field(spec.name, stored=spec.stored, indexed=True, fast=spec.fast)
        elif spec.kind == "stored_bytes":
            builder.add_bytes_field(spec.name, stored=True, indexed=False)
        else:
            builder.add_text_field(spec.name, tokenizer_name=spec.analyzer or "default",
                                   index_option="position")
    return builder.build()


def day_of(value: date | None) -> int:
    return value.toordinal() if value is not None else NO_DATE


def entries(document: IndexedDocument) -> Iterator[tantivy.Document]:
    """The document entry, then one entry per page."""
    yield _document_entry(document)
    for page in document.pages:
        entry = tantivy.Document()
        entry.add_text("kind", KIND_PAGE)
        entry.add_integer("document_id", document.document_id)
        entry.add_integer("page", page.number)
        entry.add_bytes("body", page.text.encode("utf-8"))
        if page.words:
            entry.add_bytes("words", encode_words(page.words))
        _add_text(entry, document.language, page.text, PAGE_PREFIX)
        yield entry


def _document_entry(document: IndexedDocument) -> tantivy.Document:
    entry = tantivy.Document()
    entry.add_text("kind", KIND_DOCUMENT)
    entry.add_integer("document_id", document.document_id)
    entry.add_bytes("title", document.title.encode("utf-8"))
    entry.add_integer("day", day_of(document.doc_date))
    if document.doc_date is not None:
        entry.add_integer("day_late", day_of(document.doc_date))
        entry.add_integer("year", document.doc_date.year)
    else:
        entry.add_integer("day_late", LATE_NO_DATE)
    for name in ("dossier", "doc_type", "language", "element", "status", "source"):
        value = getattr(document, name)
        if value is not None:
            entry.add_text(name, value)
    if document.household_id is not None:
        entry.add_integer("household_id", document.household_id)
    for person_id in sorted(set(document.person_ids)):
        entry.add_integer("person_ids", person_id)
    for token in document.access:
        entry.add_text("access", token)
    _add_text(entry, document.language, document.title)
    for page in document.pages:
        _add_text(entry, document.language, page.text)
    return entry


def _add_text(entry: tantivy.Document, language: str | None, text: str,
              prefix: str = "") -> None:
    entry.add_text(prefix + FOLDED_FIELD, text)
    for field in stemmed_fields_for(language):
        entry.add_text(prefix + field.name, text)

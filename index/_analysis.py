"""How text becomes search terms in the embedded engine, written as plain data.

Every text is cut into words (letters and digits), lowercased and folded to ASCII
("Verfügung" -> "verfugung", "États" -> "etats"). The folded words go into one field shared by
all languages, so an exact word form matches whatever the page's language. The same folded words
are also stemmed with the Snowball stemmer of the document's language into that language's own
field, so "decision" finds "décisions". Accents are folded BEFORE stemming: the stemmers then see
the same letters whether or not the writer (or the OCR) kept the accents.

tantivy does not persist analyzers: ``register_analyzers`` runs every time an index is opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import tantivy

from index._model import LANGUAGES

#: Our language codes and the names of tantivy's Snowball stemmers and stopword lists.
SNOWBALL_NAMES: Mapping[str, str] = {
    "fr": "french",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
    "en": "english",
}
#: Longer "words" are OCR noise or encoded blobs; they are dropped, never indexed.
MAX_WORD_CHARS = 40
#: The unstemmed, folded field every document writes to.
FOLDED_FIELD = "text"


@dataclass(frozen=True, slots=True)
class TextField:
    """A full-text field and the analyzer (registered under ``analyzer``) that fills it."""

    name: str
    analyzer: str
    language: str | None  # None: folded only, no stemming


TEXT_FIELDS: tuple[TextField, ...] = (
    TextField(FOLDED_FIELD, "liasse_folded", None),
    *(TextField(f"text_{lang}", f"liasse_{lang}", lang) for lang in LANGUAGES),
)
STEMMED_FIELDS: Mapping[str, TextField] = {f.language: f for f in TEXT_FIELDS if f.language}


def normalise_language(language: str | None) -> str | None:
    """``"fr-CH"``, ``"FR"`` and ``"fr"`` are French; anything we cannot stem is ``None``."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in SNOWBALL_NAMES else None


def stemmed_fields_for(language: str | None) -> tuple[TextField, ...]:
    """The stemmed fields a document writes to. A document of unknown language is stemmed in
    every language: recall matters more than index size for the few such documents."""
    code = normalise_language(language)
    if code is None:
        return tuple(STEMMED_FIELDS.values())
    return (STEMMED_FIELDS[code],)


def _builder() -> tantivy.TextAnalyzerBuilder:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_WORD_CHARS))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )


@cache
def analyzer_for(field: TextField) -> tantivy.TextAnalyzer:
    builder = _builder()
    if field.language is not None:
        builder = builder.filter(tantivy.Filter.stemmer(SNOWBALL_NAMES[field.language]))
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tell a freshly opened index how to analyse each text field (not stored by tantivy)."""
    for field in TEXT_FIELDS:
        index.register_tokenizer(field.analyzer, analyzer_for(field))


@cache
def _lowercase_words() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_WORD_CHARS))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def lowercase_words(text: str) -> list[str]:
    """``text`` cut into words as the index cuts them, lowercased, accents kept."""
    return list(_lowercase_words().analyze(text))


@cache
def _stopword_filter(language: str) -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stopword(SNOWBALL_NAMES[language]))
        .build()
    )


def is_stopword(word: str, language: str | None = None) -> bool:
    """True when ``word`` (lowercase, accents kept) is a stopword in ``language``, or in any of
    our languages when ``language`` is None."""
    languages = SNOWBALL_NAMES if language is None else (language,)
    return any(not _stopword_filter(lang).analyze(word) for lang in languages)


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One word the user typed and the term it becomes in each text field. ``stem_languages``:
    the languages whose stemmed field is searched too (see ``analyse_word``)."""

    folded: str
    terms: tuple[tuple[str, str], ...]  # (field name, term)
    stem_languages: tuple[str, ...] = ()


def analyse_word(word: str, *, exact: bool = False) -> QueryWord:
    """``word``'s folded form and its stems. A stem that is a function word of its language
    while the word is not ("léa" -> French "le") is dropped: it would match every text of that
    language. ``exact`` (a name, see ``_syntax.Word``) keeps the folded form alone."""
    terms: list[tuple[str, str]] = []
    languages: list[str] = []
    for field in TEXT_FIELDS:
        analysed = list(analyzer_for(field).analyze(word))
        if field.language is not None:
            if exact or _stems_to_function_word(word, analysed, field.language):
                continue
            languages.append(field.language)
        terms.extend((field.name, term) for term in analysed)
    folded = "".join(term for name, term in terms if name == FOLDED_FIELD)
    return QueryWord(folded=folded, terms=tuple(terms), stem_languages=tuple(languages))


def _stems_to_function_word(word: str, stems: list[str], language: str) -> bool:
    return any(is_stopword(stem, language) for stem in stems) and not is_stopword(
        word.lower(), language)

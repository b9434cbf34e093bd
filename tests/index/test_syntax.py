"""The query language as plain data (``index._syntax``), the fuzzy matcher that highlights what
tantivy's fuzzy query found (``index._highlight``) and the word boxes' storage
(``index._boxes``)."""

from __future__ import annotations

from datetime import date

import pytest

from index._analysis import TEXT_FIELDS
from index._boxes import decode_words, encode_words, matched_boxes
from index._highlight import wanted, within
from index._syntax import (
    And,
    DateRange,
    FieldTerm,
    Not,
    Or,
    Phrase,
    Word,
    fuzziness,
    leaves,
    parse,
)


@pytest.mark.parametrize(("text", "tree"), [
    ("décision placement", And((Word("décision"), Word("placement")))),
    ('"décision de placement"', Phrase(("décision", "de", "placement"))),
    ("loyer OR caution", Or((Word("loyer"), Word("caution")))),
    ("aide -annulé", And((Word("aide"), Not(Word("annulé"))))),
    ("aide NOT annulé", And((Word("aide"), Not(Word("annulé"))))),
    ("(loyer OR caution) facture",
     And((Or((Word("loyer"), Word("caution"))), Word("facture")))),
    ("type:Invoice dossier:824415", And((FieldTerm("type", "invoice"),
                                         FieldTerm("dossier", "824415")))),
    ("element:DEM-APLAC-002 person:17 household:4",
     And((FieldTerm("element", "DEM-APLAC-002"), FieldTerm("person", "17"),
          FieldTerm("household", "4")))),
    ("date:2016-06..2016-12", DateRange(date(2016, 6, 1), date(2016, 12, 31))),
    ("date:2016-02", DateRange(date(2016, 2, 1), date(2016, 2, 29))),
    ("date:15.06.2016", DateRange(date(2016, 6, 15), date(2016, 6, 15))),
    ("date:..2015", DateRange(None, date(2015, 12, 31))),
    ("year:2015..2017", DateRange(date(2015, 1, 1), date(2017, 12, 31))),
    ("decsion~ decsion~1 armeng*", And((Word("decsion", 2), Word("decsion", 1),
                                        Word("armeng", prefix=True)))),
    ("la décision", Word("décision")),
    ("756.1234.5678.97", Phrase(("756", "1234", "5678", "97"))),
    ('"aide"', Word("aide", distance=0)),
])
def test_the_language(text: str, tree: object) -> None:
    """GIVEN what a caseworker types WHEN it is parsed THEN it is this tree of plain data."""
    assert parse(text) == tree


@pytest.mark.parametrize(("text", "tree"), [
    ("", None), ('"', None), ("   ", None),
    ("aide:", Word("aide")),
    ("foo:bar", And((Word("foo"), Word("bar")))),
    ("date:soon", And((Word("date"), Word("soon")))),
    ("date:2016-13", And((Word("date"), Word("2016"), Word("13")))),
    ("person:abc", And((Word("person"), Word("abc")))),
    ("aide AND", Word("aide")),
    ("OR aide", Word("aide")),
    ("(aide", Word("aide")),
    ("aide)", Word("aide")),
    ("AND", Word("and")),
    ("NOT", Word("not")),
])
def test_bad_input_degrades_to_words(text: str, tree: object) -> None:
    """GIVEN unbalanced quotes and parentheses, unknown fields, unreadable values or lone
    operators WHEN parsed THEN words (or nothing), never an error."""
    assert parse(text) == tree


def test_deep_nesting_and_long_input_never_raise() -> None:
    assert parse("(" * 1000 + "x") == Word("x")
    assert parse("(" * 5000 + "x") is None  # cut at 2,000 characters: only parentheses
    assert parse("NOT " * 1000 + "x") is not None
    assert parse("x" * 10_000) is None  # one 2,000-letter "word": longer than any word
    assert parse("aide " * 2_000) == Word("aide")


def test_fuzziness_rule() -> None:
    """Automatic for 6+ letters (one edit, two from 10), as a prefix; never for short words,
    numbers or quoted words; explicit with ~ and *."""
    assert fuzziness(Word("aide")) == (0, False)
    assert fuzziness(Word("armengo")) == (1, True)
    assert fuzziness(Word("unterstutzung")) == (2, True)
    assert fuzziness(Word("824415")) == (0, False)
    assert fuzziness(Word("decision", distance=0)) == (0, False)
    assert fuzziness(Word("loyr", distance=1)) == (1, False)
    assert fuzziness(Word("armen", prefix=True)) == (0, True)


def test_leaves_are_the_words_and_phrases_not_negated() -> None:
    tree = parse('aide "en foyer" -annulé type:invoice (loyer OR caution)')
    assert list(leaves(tree)) == [Word("aide"), Phrase(("en", "foyer")), Word("loyer"),
                                  Word("caution")]


@pytest.mark.parametrize(("query", "word", "distance", "prefix", "expected"), [
    ("armengo", "armengaud", 1, True, True),
    ("decsion", "decision", 1, True, True),
    ("decision", "decisoin", 1, False, True),  # a swap is one edit
    ("loyer", "foyer", 1, False, True),
    ("loyer", "royaume", 1, True, False),
    ("placement", "plac", 1, True, False),
    ("armengo", "armengaud", 1, False, False),
])
def test_within_decides_as_tantivys_fuzzy_query(query: str, word: str, distance: int,
                                                prefix: bool, expected: bool) -> None:
    assert within(query, word, distance, prefix) is expected


def test_word_boxes_survive_storage_and_boxes_follow_the_matched_words() -> None:
    """GIVEN a page's words with boxes WHEN stored and read back, then matched against
    "décisions" THEN the boxes come back (to 1/65535 of the page) and only the matched word's
    box is returned; a word holding two search words gets the part of its box that matched."""
    words = (("L'aide", 0.1, 0.2, 0.22, 0.23), ("Décision", 0.25, 0.2, 0.4, 0.23))
    read = decode_words(encode_words(words))
    assert [w[0] for w in read] == ["L'aide", "Décision"]
    assert all(abs(a - b) < 1e-4 for w, r in zip(words, read, strict=True)
               for a, b in zip(w[1:], r[1:], strict=True))

    fields = TEXT_FIELDS[:2]  # folded and French
    assert matched_boxes(read, fields, wanted([Word("décisions")])) == (read[1][1:],)
    (aide,) = matched_boxes(read, fields, wanted([Word("aide")]))
    assert aide[0] == pytest.approx(0.1 + 0.12 * 2 / 6, abs=1e-4)
    assert decode_words(b"") == [] and decode_words(encode_words(())) == []

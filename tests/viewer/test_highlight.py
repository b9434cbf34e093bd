"""Finding the searched words on a page: folding, matching, boxes and marks."""

from __future__ import annotations

import pytest

from viewer import Box, fold, marked_text, word_boxes
from viewer._highlight import decode_boxes, encode_boxes, query_terms

WORDS = [["Le", .10, .40, .13, .43, 96.0], ["renard", .15, .40, .25, .43, 91.0],
         ["Décisions.", .30, .50, .45, .53, 88.0], ["RENARDS,", .50, .60, .62, .63, 90.0],
         ["chat", .70, .70, .75, .73, 95.0]]


def test_fold_removes_accents_and_case() -> None:
    assert fold("Décision ÉTATS Verfügung") == "decision etats verfugung"


def test_query_terms_leave_out_field_filters_and_excluded_words() -> None:
    """GIVEN a query with a field term and an excluded word THEN only the plain words count."""
    assert query_terms('Décision "renard" type:decision -brouillon a') == ("decision", "renard")


@pytest.mark.parametrize(("query", "found"), [
    ("renard", ["renard", "RENARDS,"]),        # prefix, case
    ("decisions", ["Décisions."]),             # accents, punctuation
    ("décision", ["Décisions."]),              # the word longer than the term
    ("renardeau", []),                         # the word too short for the term
    ("", []), ("type:renard", [])])
def test_word_boxes_are_the_matching_words(query: str, found: list[str]) -> None:
    """GIVEN a page's stored words WHEN a query is looked for THEN the boxes of the words it
    matches, in fractions of the page."""
    boxes = word_boxes(WORDS, query)
    assert [b.text for b in boxes] == found
    if found:
        first = next(w for w in WORDS if w[0] == found[0])
        assert (boxes[0].x0, boxes[0].y0, boxes[0].x1, boxes[0].y1) == tuple(first[1:5])


def test_box_css_places_it_in_percent_of_the_page() -> None:
    assert Box(.1, .2, .35, .25).css() == "left:10.000%;top:20.000%;width:25.000%;height:5.000%"


def test_marked_text_escapes_everything_but_the_marks() -> None:
    """GIVEN page text with markup in it WHEN marked THEN the markup is escaped and only the
    matching words are in <mark>."""
    assert str(marked_text("<b>Le renard</b> & co", "RENARD")) == \
        "&lt;b&gt;Le <mark>renard</mark>&lt;/b&gt; &amp; co"
    assert str(marked_text("<i>x</i>", "")) == "&lt;i&gt;x&lt;/i&gt;"


def test_boxes_carried_in_a_link_come_back_and_bad_ones_are_dropped() -> None:
    """GIVEN the index's boxes of a hit WHEN carried in a link THEN the same boxes return;
    malformed or off-page boxes in a hand-made link are dropped."""
    carried = encode_boxes([(.1, .2, .3, .4), (.5, .5, .6, .55)])
    assert decode_boxes(carried) == [Box(.1, .2, .3, .4), Box(.5, .5, .6, .55)]
    assert decode_boxes("1,2,3;0.1,0.1,0.2,x;0.5,0.5,1.5,0.6;0.3,0.1,0.2,0.2") == []

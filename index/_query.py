"""A ``SearchQuery`` as tantivy queries, built from objects: user text is parsed by
``index._syntax`` into plain data and never reaches tantivy's own query parser.

Documents: the parsed text (AND, OR, NOT, phrases, field terms) plus the filters and the
reader's access tokens, all as MUST clauses. A word matches when any of its analysed forms is
in its field (the folded field or a language's stemmed field), or, when ``fuzziness`` allows
it, a word of the folded field within its edit distance (scored lower than an exact form). A
phrase matches the folded or a stemmed field, in order. Pages of the hits: any word or phrase
may match (OR), so the best-scoring page is the one holding most of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import tantivy

from index._analysis import FOLDED_FIELD, TEXT_FIELDS, analyse_word, analyzer_for
from index._model import MemberPeriod, SearchQuery, current_members
from index._schema import KIND_DOCUMENT, KIND_PAGE, NO_DATE, PAGE_PREFIX, day_of
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
)

Must, Should, MustNot = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
FUZZY_WEIGHT = 0.3  # a fuzzy match scores this constant; exact forms score by BM25 (~1-15)
_FIELD_OF_TERM = {"type": "doc_type", "dossier": "dossier", "element": "element",
                  "person": "person_ids", "household": "household_id"}
_INTEGER_FIELDS = {"person_ids", "household_id"}


def document_query(schema: tantivy.Schema, query: SearchQuery, text: Node | None) -> tantivy.Query:
    clauses = [_term(schema, "kind", KIND_DOCUMENT), *filter_clauses(schema, query)]
    if text is not None:
        clauses.append(node_query(schema, text))
    return tantivy.Query.boolean_query([(Must, clause) for clause in clauses])


def pages_query(
    schema: tantivy.Schema, document_ids: Sequence[int], leaves: Sequence[Leaf]
) -> tantivy.Query:
    """The pages of these documents holding any of the words or phrases."""
    any_leaf = tantivy.Query.boolean_query([(Should, leaf_query(schema, leaf, PAGE_PREFIX))
                                            for leaf in leaves])
    return tantivy.Query.boolean_query([
        (Must, _term(schema, "kind", KIND_PAGE)),
        (Must, tantivy.Query.term_set_query(schema, "document_id", list(document_ids))),
        (Must, any_leaf),
    ])


def kind_query(schema: tantivy.Schema, kind: str) -> tantivy.Query:
    return _term(schema, "kind", kind)


# -- the parsed text ------------------------------------------------------------------------
def node_query(schema: tantivy.Schema, node: Node) -> tantivy.Query:
    if isinstance(node, Word | Phrase):
        return leaf_query(schema, node)
    if isinstance(node, FieldTerm):
        return _zero_score(field_query(schema, node.name, node.value))
    if isinstance(node, DateRange):
        return _zero_score(_day_range(schema, node.start, node.end))
    if isinstance(node, Not):
        return tantivy.Query.boolean_query([(Must, tantivy.Query.all_query()),
                                            (MustNot, node_query(schema, node.node))])
    if isinstance(node, And):
        clauses = [(MustNot, node_query(schema, n.node)) if isinstance(n, Not)
                   else (Must, node_query(schema, n)) for n in node.nodes]
        if all(occur == MustNot for occur, _ in clauses):
            clauses.append((Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)
    assert isinstance(node, Or)
    return tantivy.Query.boolean_query([(Should, node_query(schema, n)) for n in node.nodes])


def leaf_query(schema: tantivy.Schema, leaf: Leaf, fields: str = "") -> tantivy.Query:
    """``fields``: "" for the documents' text fields, ``PAGE_PREFIX`` for the pages'."""
    if isinstance(leaf, Word):
        return word_query(schema, leaf, fields)
    return phrase_query(schema, leaf, fields)


def word_query(schema: tantivy.Schema, word: Word, fields: str = "") -> tantivy.Query:
    analysed = analyse_word(word.text, exact=word.exact)
    forms = [tantivy.Query.term_query(schema, fields + field, term, index_option="freq")
             for field, term in analysed.terms]
    distance, prefix = fuzziness(word)
    if (distance or prefix) and analysed.folded:
        fuzzy = tantivy.Query.fuzzy_term_query(schema, fields + FOLDED_FIELD, analysed.folded,
                                               distance=distance, transposition_cost_one=True,
                                               prefix=prefix)
        forms.append(tantivy.Query.const_score_query(fuzzy, FUZZY_WEIGHT))
    if not forms:
        return tantivy.Query.empty_query()
    return tantivy.Query.boolean_query([(Should, form) for form in forms])


def phrase_query(schema: tantivy.Schema, phrase: Phrase, fields: str = "") -> tantivy.Query:
    """The words in order, in the folded field or in any stemmed field."""
    text = " ".join(phrase.words)
    forms: list[tantivy.Query] = []
    for field in TEXT_FIELDS:
        terms = list(analyzer_for(field).analyze(text))
        if len(terms) > 1:
            words: list[str | tuple[int, str]] = list(terms)
            forms.append(tantivy.Query.phrase_query(schema, fields + field.name, words))
        elif terms:
            forms.append(tantivy.Query.term_query(schema, fields + field.name, terms[0],
                                                  index_option="freq"))
    if not forms:
        return tantivy.Query.empty_query()
    return tantivy.Query.boolean_query([(Should, form) for form in forms])


def field_query(schema: tantivy.Schema, name: str, value: str) -> tantivy.Query:
    field = _FIELD_OF_TERM[name]
    return _term(schema, field, int(value) if field in _INTEGER_FIELDS else value)


# -- filters --------------------------------------------------------------------------------
def filter_clauses(schema: tantivy.Schema, query: SearchQuery) -> list[tantivy.Query]:
    exact = {"dossier": query.dossier, "doc_type": query.doc_type, "element": query.element,
             "status": query.status, "source": query.source, "person_ids": query.person_id}
    clauses = [_term(schema, name, value) for name, value in exact.items() if value is not None]
    if query.household_id is not None:
        clauses.append(_household(schema, query.household_id, query.household_members))
    if query.date_from is not None or query.date_to is not None:
        clauses.append(_day_range(schema, query.date_from, query.date_to))
    if query.visible_to is not None:
        clauses.append(_visible_to(schema, query.visible_to))
    return clauses


def _household(schema: tantivy.Schema, household_id: int,
               members: Sequence[MemberPeriod]) -> tantivy.Query:
    """The household view: its dossiers' documents, always; a member's documents anywhere when
    dated within one of that member's periods; undated ones of today's members only (the rule
    of ``MemberPeriod``)."""
    clauses = [_term(schema, "household_id", household_id)]
    clauses.extend(_all_of(_term(schema, "person_ids", period.person_id),
                           _day_range(schema, period.start, period.end)) for period in members)
    current = current_members(members, date.today())
    if current:
        clauses.append(_all_of(tantivy.Query.term_set_query(schema, "person_ids", current),
                               _term(schema, "day", NO_DATE)))
    if len(clauses) == 1:
        return clauses[0]
    return tantivy.Query.boolean_query([(Should, clause) for clause in clauses])


def _all_of(*queries: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Must, query) for query in queries])


def _visible_to(schema: tantivy.Schema, tokens: tuple[str, ...]) -> tantivy.Query:
    """Documents carrying at least one of ``tokens``; none at all for an empty tuple."""
    if not tokens:
        return tantivy.Query.empty_query()
    return tantivy.Query.term_set_query(schema, "access", list(tokens))


def _day_range(schema: tantivy.Schema, start: date | None, end: date | None) -> tantivy.Query:
    # An undated document (NO_DATE) falls outside every range that has a lower bound, and is
    # kept out of open-ended "up to" ranges too: a date filter asks for dated documents.
    lower = day_of(start) if start is not None else NO_DATE + 1
    upper = day_of(end) if end is not None else None
    return tantivy.Query.range_query(
        schema, "day", tantivy.FieldType.Integer, lower_bound=lower, upper_bound=upper,
        include_lower=True, include_upper=True,
    )


def _zero_score(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.const_score_query(query, 0.0)


def _term(schema: tantivy.Schema, field: str, value: str | int) -> tantivy.Query:
    return tantivy.Query.term_query(schema, field, value, index_option="basic")

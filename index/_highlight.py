"""Which words of a page a query matched, as the engine matched them: by an analysed form
(folded, or stemmed in the page's language) or, for a fuzzy word, by edit distance on the
folded form. Used for the ``<mark>``ed snippet and for the word boxes of a hit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from index._analysis import FOLDED_FIELD, TEXT_FIELDS, TextField, analyse_word, analyzer_for
from index._syntax import Leaf, Phrase, Word, fuzziness


@dataclass(frozen=True, slots=True)
class Fuzzy:
    folded: str
    distance: int
    prefix: bool
    leaf: int  # index of the query's word or phrase


@dataclass(frozen=True, slots=True)
class Wanted:
    """What to mark: field name -> {analysed term: leaf index}, and the fuzzy words."""

    terms: Mapping[str, Mapping[str, int]]
    fuzzy: tuple[Fuzzy, ...] = ()
    memo: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)
    """Folded form -> the fuzzy word it matched (-1: none), for this query's pages."""

    def __bool__(self) -> bool:
        return bool(self.terms or self.fuzzy)


def wanted(leaves: Iterable[Leaf]) -> Wanted:
    terms: dict[str, dict[str, int]] = {}
    fuzzy: list[Fuzzy] = []
    for position, leaf in enumerate(leaves):
        words = leaf.words if isinstance(leaf, Phrase) else (leaf.text,)
        for word in words:
            analysed = analyse_word(word)
            for field, term in analysed.terms:
                terms.setdefault(field, {}).setdefault(term, position)
        if isinstance(leaf, Word):
            distance, prefix = fuzziness(leaf)
            folded = analyse_word(leaf.text).folded
            if (distance or prefix) and folded:
                fuzzy.append(Fuzzy(folded, distance, prefix, position))
    return Wanted(terms, tuple(fuzzy))


def matching_words(distinct: set[str], fields: Sequence[TextField],
                   wanted: Wanted) -> dict[str, int]:
    """The words among ``distinct`` (as written on the page) that the query matched, each with
    the index of the query word or phrase it matched."""
    matching: dict[str, int] = {}
    for field in fields:
        table = wanted.terms.get(field.name)
        if not table:
            continue
        forms = _word_forms(field)
        forms.learn(distinct)
        for term, leaf in table.items():
            for raw in forms.words_with(term) & distinct:
                matching.setdefault(raw, leaf)
    if wanted.fuzzy:
        folded = _word_forms(_FOLDED)
        folded.learn(distinct)
        for raw in distinct.difference(matching):
            form = folded.form_of(raw)
            if form not in wanted.memo:
                wanted.memo[form] = _fuzzy_leaf(form, wanted.fuzzy)
            if wanted.memo[form] >= 0:
                matching[raw] = wanted.memo[form]
    return matching


def _fuzzy_leaf(form: str, fuzzy: Sequence[Fuzzy]) -> int:
    for candidate in fuzzy:
        if form and within(candidate.folded, form, candidate.distance, candidate.prefix):
            return candidate.leaf
    return -1


_FOLDED = next(field for field in TEXT_FIELDS if field.name == FOLDED_FIELD)


@lru_cache(maxsize=100_000)
def within(query: str, word: str, distance: int, prefix: bool) -> bool:
    """Is ``word`` (or, with ``prefix``, one of its beginnings) at most ``distance`` edits
    (insert, delete, substitute, swap two neighbours) from ``query``? As tantivy's fuzzy
    term query decides."""
    if prefix:
        if len(word) < len(query) - distance:
            return False
        word = word[:len(query) + distance]
    elif abs(len(word) - len(query)) > distance:
        return False
    if sum(1 for char in set(query) if char not in word) > distance:
        return False  # each letter missing altogether needs an edit of its own
    found = _levenshtein(query, word, prefix)
    if found <= distance:
        return True
    if found > distance + 1:  # a swap counts two in Levenshtein's distance, one here
        return False
    last = _distances(query, word)[-1]
    return (min(last) if prefix else last[-1]) <= distance


def _levenshtein(query: str, word: str, prefix: bool) -> int:
    """Levenshtein's distance from ``query`` to ``word`` (with ``prefix``: to the closest of
    its beginnings), by Myers' bit-parallel algorithm (Hyyrö's formulation)."""
    length = len(query)
    if length == 0:
        return 0 if prefix else len(word)
    top, mask = 1 << (length - 1), (1 << length) - 1
    peq: dict[str, int] = {}
    for i, char in enumerate(query):
        peq[char] = peq.get(char, 0) | (1 << i)
    vp, vn, score = mask, 0, length
    best = score
    for char in word:
        eq = peq.get(char, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | (~(xh | vp) & mask)
        hn = vp & xh
        if hp & top:
            score += 1
        elif hn & top:
            score -= 1
        hp = ((hp << 1) | 1) & mask
        hn = (hn << 1) & mask
        vp = hn | (~(xv | hp) & mask)
        vn = hp & xv
        best = min(best, score)
    return best if prefix else score


def _distances(a: str, b: str) -> list[list[int]]:
    """Optimal-string-alignment distances between every prefix of ``a`` and of ``b``."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows


class _WordForms:
    """For one field, the words met so far grouped by their analysed form ("decisions" and
    "Décision" under "decis"), so a page's matching words are found with set operations;
    analysing costs a call into tantivy, and a page's words are mostly words already seen."""

    _BOUND = 200_000

    def __init__(self, field: TextField) -> None:
        self._analyzer = analyzer_for(field)
        self._form_of: dict[str, str] = {}
        self._words_of: dict[str, set[str]] = {}

    def learn(self, words: set[str]) -> None:
        unseen = words.difference(self._form_of)
        if len(self._form_of) + len(unseen) > self._BOUND:
            self._form_of, self._words_of = {}, {}
            unseen = words
        for raw in unseen:
            form = "".join(self._analyzer.analyze(raw))
            self._form_of[raw] = form
            self._words_of.setdefault(form, set()).add(raw)

    def words_with(self, form: str) -> set[str]:
        return self._words_of.get(form, _NO_WORDS)

    def form_of(self, raw: str) -> str:
        return self._form_of.get(raw, "")


_NO_WORDS: set[str] = set()


@cache
def _word_forms(field: TextField) -> _WordForms:
    return _WordForms(field)

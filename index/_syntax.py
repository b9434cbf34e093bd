"""The caseworker's query language, parsed into plain data that every adapter translates.

    décision placement          both words (AND), accents and endings forgiven
    "décision de placement"     a phrase: these words, in this order
    loyer OR caution            either word; AND is implied between terms and may be written
    -annulé   NOT annulé        documents without the word
    (loyer OR caution) facture  parentheses group
    type:invoice  dossier:824415  element:DEM-APLAC-002  person:17  household:42
    date:2016-06..2016-12  date:2016  date:..2015-03-31  date:15.06.2016  year:2016  year:2015..2017
    Armengo   decsion           typos and half names are forgiven (see ``fuzziness``)
    armeng*                     a prefix;   decsion~  decsion~2   explicit edit distance

Operators (AND, OR, NOT) are words written in capitals. The parser never raises: an unclosed
quote or parenthesis closes at the end, a stray one is ignored, an unknown field
(``foo:bar``) or an unreadable value (``date:soon``) is searched as its words, and an operator
with nothing to act on is dropped. A word that analysis cuts into several words (``d'aide``,
the AVS number ``756.1234.5678.97``) is searched as a phrase. Stopwords (``la``, ``der``,
``and``) are dropped from an AND group when something else remains in it.

Fuzziness, decided here once for both engines: a word of ``AUTO_FUZZY_FROM`` or more letters
(no digits) also matches words within one edit of it (two from ``AUTO_FUZZY_TWO_FROM``
letters), and matches them as a *prefix*, so "Armengo" finds "Armengaud" and "decsion" finds
"décision". Shorter words, numbers and quoted words match exactly (after folding and
stemming). Exact matches rank above fuzzy ones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from index._analysis import is_stopword, lowercase_words

AUTO_FUZZY_FROM = 6
AUTO_FUZZY_TWO_FROM = 10
MAX_DISTANCE = 2
FIELD_NAMES = ("type", "dossier", "element", "person", "household", "date", "year")


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # lowercased, one word as analysis cuts them
    distance: int | None = None  # None: automatic; else the edit distance asked for (~, ~N)
    prefix: bool = False  # typed with a trailing *
    exact: bool = False  # typed capitalised and short, like a first name: never stemmed


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]  # lowercased, in order


@dataclass(frozen=True, slots=True)
class FieldTerm:
    name: str  # "type", "dossier", "element", "person" or "household"
    value: str


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date | None
    end: date | None  # both inclusive


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | FieldTerm | DateRange | Not | And | Or
Leaf = Word | Phrase


def fuzziness(word: Word) -> tuple[int, bool]:
    """(edit distance, match as prefix) for ``word``: the rule in the module docstring."""
    if word.prefix:
        return 0, True
    if word.distance is not None:
        return word.distance, False
    if len(word.text) < AUTO_FUZZY_FROM or any(c.isdigit() for c in word.text):
        return 0, False
    return (1 if len(word.text) < AUTO_FUZZY_TWO_FROM else 2), True


def leaves(node: Node | None) -> Iterator[Leaf]:
    """The words and phrases a document must or may hold (not those under NOT): what to
    look for on the best page and to highlight."""
    if isinstance(node, Word | Phrase):
        yield node
    elif isinstance(node, And | Or):
        for child in node.nodes:
            yield from leaves(child)


# -- lexer ----------------------------------------------------------------------------------
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"?|(?P<raw>[^\s()"]+))')
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "phrase", "raw", "AND", "OR", "NOT"
    text: str = ""


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        if match.group("open"):
            tokens.append(_Token("("))
        elif match.group("close"):
            tokens.append(_Token(")"))
        elif match.group("phrase") is not None:
            tokens.append(_Token("phrase", match.group("phrase")))
        elif raw := match.group("raw"):
            tokens.extend(_raw_tokens(raw))
    return tokens


def _raw_tokens(raw: str) -> list[_Token]:
    if raw in _OPERATORS:
        return [_Token(raw)]
    if raw.startswith("-") and len(raw) > 1:
        return [_Token("NOT"), _Token("raw", raw[1:])]
    if raw == "-":
        return [_Token("NOT")]
    return [_Token("raw", raw)]


# -- parser ---------------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at].kind if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def query(self) -> Node | None:
        groups: list[Node] = []
        while self.peek() is not None:
            node = self.either()
            if node is not None:
                groups.append(node)
            if self.peek() == ")":  # a stray closing parenthesis
                self.take()
        return _joined(And, groups)

    def either(self) -> Node | None:
        options = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            options.append(self.all_of())
        return _joined(Or, [o for o in options if o is not None])

    def all_of(self) -> Node | None:
        items: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                continue
            item = self.unary()
            if item is not None:
                items.append(item)
        return _joined(And, _without_stopwords(items))

    def unary(self) -> Node | None:
        negations = 0
        while self.peek() == "NOT":
            self.take()
            negations += 1
        if negations and self.peek() in (None, ")", "OR", "AND"):
            return None
        inner = self.primary()
        return Not(inner) if inner is not None and negations % 2 else inner

    def primary(self) -> Node | None:
        token = self.take()
        if token.kind == "(":
            if self.depth >= _MAX_DEPTH:  # deeper nesting is flattened, not recursed into
                return None
            self.depth += 1
            inner = self.either()
            self.depth -= 1
            if self.peek() == ")":
                self.take()
            return inner
        if token.kind == ")":
            return None
        if token.kind == "phrase":
            words = tuple(lowercase_words(token.text))
            return _phrase(words)
        return raw_term(token.text)


def _joined(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    nodes = list(dict.fromkeys(nodes))  # "aide aide" asks for "aide"
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


def _phrase(words: tuple[str, ...]) -> Node | None:
    if not words:
        return None
    return Phrase(words) if len(words) > 1 else Word(words[0], distance=0)


def _without_stopwords(items: list[Node]) -> list[Node]:
    kept = [n for n in items if not (isinstance(n, Word) and n.distance is None
                                     and not n.prefix and is_stopword(n.text))]
    return kept if any(not isinstance(n, Not) for n in kept) else items


def raw_term(raw: str) -> Node | None:
    """One unquoted token: a field term, or a word with its ``~``/``*`` marks."""
    name, colon, value = raw.partition(":")
    if colon and name.lower() in FIELD_NAMES and value:
        term = _field_term(name.lower(), value)
        if term is not None:
            return term
    if colon:
        return _joined(And, [Word(w) for w in lowercase_words(raw)])
    return _word(raw)


#: A capitalised word this short ("Léa", "Marc", "Anna") is taken for a name: searched as
#: typed (folded), never stemmed, so no stemmer turns it into a function word.
SHORT_NAME_CHARS = 6
_FUZZY_MARK = re.compile(r"~([0-9]?)$")


def _word(raw: str) -> Node | None:
    distance: int | None = None
    prefix = False
    mark = _FUZZY_MARK.search(raw)
    if mark:
        raw = raw[:mark.start()]
        distance = min(int(mark.group(1)), MAX_DISTANCE) if mark.group(1) else -1
    elif raw.endswith("*"):
        raw, prefix = raw.rstrip("*"), True
    words = tuple(lowercase_words(raw))
    if len(words) != 1:
        return _phrase(words)
    if distance == -1:
        distance = 1 if len(words[0]) < AUTO_FUZZY_FROM else MAX_DISTANCE
    exact = raw[:1].isupper() and len(words[0]) <= SHORT_NAME_CHARS and not prefix
    return Word(words[0], distance=distance, prefix=prefix, exact=exact)


def _field_term(name: str, value: str) -> Node | None:
    if name in ("date", "year"):
        return date_range(value)
    if name in ("person", "household") and not value.isdigit():
        return None
    if name == "type":
        value = value.lower()
    return FieldTerm(name, value)


# -- dates ----------------------------------------------------------------------------------
_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_SWISS_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def date_range(value: str) -> DateRange | None:
    """``2016``, ``2016-06``, ``2016-06-15``, ``15.06.2016``, or ``A..B`` of those (either end
    may be left out); None when unreadable."""
    start_text, dots, end_text = value.partition("..")
    if not dots:
        first, last = _bounds(value)
        return DateRange(first, last) if first else None
    start = _bounds(start_text)[0] if start_text else None
    end = _bounds(end_text)[1] if end_text else None
    if (start_text and start is None) or (end_text and end is None) or not (start or end):
        return None
    return DateRange(start, end)


def _bounds(text: str) -> tuple[date | None, date | None]:
    """The first and last day ``text`` names (a year, a month or a day)."""
    try:
        swiss = _SWISS_DAY.match(text)
        if swiss:
            day = date(int(swiss[3]), int(swiss[2]), int(swiss[1]))
            return day, day
        match = _DAY.match(text)
        if not match:
            return None, None
        year = int(match[1])
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # month 13, day 31 of June, year 0
        return None, None


def parse(text: str) -> Node | None:
    """The query ``text`` as a tree; None when it asks for nothing (every document)."""
    tokens = _tokens(text[:_MAX_QUERY_CHARS])
    node = _Parser(tokens).query()
    if node is None and tokens:  # operators only ("AND", "OR NOT"): search them as words
        words: list[Node] = [Word(w) for w in dict.fromkeys(
            lowercase_words(text[:_MAX_QUERY_CHARS]))]
        node = _joined(And, words)
    return node


_MAX_QUERY_CHARS = 2000
_MAX_DEPTH = 16

"""Matching rules for document types and tags: any word, all words, exact phrase, regex, fuzzy.

A rule is plain data a service can write in its configuration. Evaluating it tells which rule
hit and on which words, so a prediction made by a rule can say why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from classify._text import similar, words
from core import InvalidInput

MatchKind = Literal["any", "all", "exact", "regex", "fuzzy"]
RuleTarget = Literal["type", "tag"]
MATCH_KINDS: tuple[MatchKind, ...] = ("any", "all", "exact", "regex", "fuzzy")


@dataclass(frozen=True, slots=True)
class Rule:
    """Assign ``value`` (a type code or a tag) when ``pattern`` matches the text.

    ``any``/``all``: the pattern's words, any or all of them, as whole words; ``exact``: the
    phrase as written (words in order); ``regex``: a Python regular expression; ``fuzzy``: the
    phrase with a slip or two per word (OCR). Accents and case are ignored except by ``regex``,
    which is case-insensitive unless ``case_sensitive``. ``head`` limits the search to the
    first characters of the text (where a title is), ``None`` to the whole text.
    """

    name: str
    target: RuleTarget
    value: str
    match: MatchKind
    pattern: str
    confidence: float = 0.95
    head: int | None = None
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        if self.match not in MATCH_KINDS:
            raise InvalidInput(f"rule {self.name!r}: unknown match kind {self.match!r}")
        if not 0.0 < self.confidence <= 1.0:
            raise InvalidInput(f"rule {self.name!r}: confidence must be in (0, 1]")
        if self.match == "regex":
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise InvalidInput(f"rule {self.name!r}: bad regular expression: {exc}") from exc


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that matched, and the words it matched on."""

    rule: Rule
    matched: str

    @property
    def reason(self) -> str:
        return f"rule '{self.rule.name}' ({self.rule.match} '{self.matched}')"


def _phrase_at(haystack: list[str], needle: list[str], fuzzy: bool) -> int:
    for i in range(len(haystack) - len(needle) + 1):
        window = haystack[i:i + len(needle)]
        if all((similar(a, b) if fuzzy else a == b) for a, b in zip(window, needle, strict=True)):
            return i
    return -1


def _match(rule: Rule, text: str) -> str | None:
    if rule.match == "regex":
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        m = re.search(rule.pattern, text, flags)
        return m.group() if m else None
    text_words = words(text)
    wanted = words(rule.pattern)
    if not wanted:
        return None
    if rule.match == "any":
        present = set(text_words)
        return next((w for w in wanted if w in present), None)
    if rule.match == "all":
        return " ".join(wanted) if set(wanted) <= set(text_words) else None
    at = _phrase_at(text_words, wanted, fuzzy=rule.match == "fuzzy")
    return None if at < 0 else " ".join(text_words[at:at + len(wanted)])


def evaluate(rules: Iterable[Rule], text: str) -> tuple[RuleHit, ...]:
    """The rules that match ``text``, in the order given."""
    hits = []
    for rule in rules:
        scope = text if rule.head is None else text[:rule.head]
        matched = _match(rule, scope)
        if matched is not None:
            hits.append(RuleHit(rule, matched))
    return tuple(hits)


def contains_phrase(text_words: list[str], phrase: str) -> bool:
    """True when ``phrase`` occurs as whole words in the already folded ``text_words``."""
    return _phrase_at(text_words, words(phrase), fuzzy=False) >= 0


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(words(phrase))


class WordPlaces:
    """The folded words of a text and where each occurs, so that looking for many phrases
    (every keyword of every document type) costs the occurrences of their first words, not a
    scan of the text per phrase."""

    def __init__(self, text_words: list[str]) -> None:
        self._words = text_words
        self._places: dict[str, list[int]] = {}
        for place, word in enumerate(text_words):
            self._places.setdefault(word, []).append(place)

    def contains(self, phrase: str) -> bool:
        """True when ``phrase`` occurs as whole words (same answer as ``contains_phrase``)."""
        wanted = _phrase_words(phrase)
        if not wanted:
            return True
        size = len(wanted)
        return any(tuple(self._words[at:at + size]) == wanted
                   for at in self._places.get(wanted[0], ()))


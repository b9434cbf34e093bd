"""Cut a snippet from a page and mark the words the query matched.

A word is marked when the query matched it (``index._highlight``: its analysed form, folded
or stemmed in the page's language, or a fuzzy match), so "decision" marks "Décisions". The
window shown is the one holding the most distinct query words, then the most matches.
Everything outside the marks is HTML-escaped; whitespace runs (OCR line breaks) become single
spaces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index._analysis import TextField
from index._highlight import Wanted, matching_words
from index._model import MARK_CLOSE, MARK_OPEN

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 40
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    word: int  # index of the query word or phrase matched


def snippet(
    text: str, fields: Sequence[TextField], wanted: Wanted, max_chars: int = SNIPPET_CHARS
) -> str:
    """Mark the words of ``text`` the query matched (``index._highlight``)."""
    if not wanted:
        return marked_snippet(text, {}, max_chars)
    return marked_snippet(text, matching_words(page_words(text), fields, wanted), max_chars)


def page_words(text: str) -> set[str]:
    """The distinct words of ``text``, cut as tantivy's simple tokenizer cuts them."""
    return set(_WORD.findall(text))


def marked_snippet(text: str, matching: Mapping[str, int],
                   max_chars: int = SNIPPET_CHARS) -> str:
    """The best window of ``text``, its ``matching`` words (as written) marked."""
    matches = find_matches(text, matching)
    start, end = _window(text, matches, max_chars)
    shown = [m for m in matches if m.start >= start and m.end <= end]
    return render(text, start, end, shown)


def find_matches(text: str, matching: Mapping[str, int]) -> list[Match]:
    """Where the ``matching`` words (as written) occur in ``text``, as whole words."""
    if not matching:
        return []
    alternatives = "|".join(re.escape(raw) for raw in sorted(matching, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
    return [Match(m.start(), m.end(), matching[m.group()]) for m in pattern.finditer(text)]


def _window(text: str, matches: Sequence[Match], max_chars: int) -> tuple[int, int]:
    if not matches:
        return 0, _cut_after(text, 0, max_chars)
    best, best_key = matches[0], (0, 0)
    for i, first in enumerate(matches):
        inside = _within(matches, i, max_chars)
        key = (len({m.word for m in inside}), len(inside))
        if key > best_key:
            best, best_key = first, key
    start = _cut_before(text, max(0, best.start - CONTEXT_BEFORE), best.start)
    return start, max(_cut_after(text, start, start + max_chars), best.end)


def _within(matches: Sequence[Match], first: int, max_chars: int) -> list[Match]:
    """The matches (sorted by position) that fit in a window opening at ``matches[first]``."""
    limit = matches[first].start + max_chars
    inside = []
    for match in matches[first:]:
        if match.end > limit:
            break
        inside.append(match)
    return inside


def _cut_before(text: str, position: int, limit: int) -> int:
    """Move ``position`` forward to the start of a word (never past ``limit``)."""
    if position == 0:
        return 0
    space = _WHITESPACE.search(text, position, limit)
    return space.end() if space else limit


def _cut_after(text: str, start: int, position: int) -> int:
    """Move ``position`` back to the end of a word (not before ``start``)."""
    if position >= len(text):
        return len(text)
    space = max(text.rfind(" ", start, position), text.rfind("\n", start, position))
    return space if space > start else position


def render(text: str, start: int, end: int, matches: Sequence[Match]) -> str:
    parts: list[str] = []
    cursor = start
    for match in matches:
        parts.append(_escaped(text[cursor:match.start]))
        parts.append(MARK_OPEN + _escaped(text[match.start:match.end]) + MARK_CLOSE)
        cursor = match.end
    parts.append(_escaped(text[cursor:end]))
    return "".join(parts).strip()


def _escaped(piece: str) -> str:
    return html.escape(_WHITESPACE.sub(" ", piece), quote=True)

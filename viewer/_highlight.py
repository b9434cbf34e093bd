"""Where the searched words are on a page: boxes to draw over its image, marks in its text.

The search index gives each hit the boxes of its matches on the hit's page (``boxes``); the
search screen carries them in the link to the document (``encode_boxes``). For any other page,
or an index that gives none, the viewer finds them in the page's stored words with the same
forgiving rule as search: accents folded, case ignored, and a word matches a searched term it
starts with ("renard" finds "renards", "decision" finds "Décisions.").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

_WORD = re.compile(r"\w+", re.UNICODE)
_STEM_SLACK = 2  # a word may also be a term shortened by this much ("décisions" -> "décision")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in fractions of the page (origin top-left), and the word under it."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def css(self) -> str:
        """Absolute position in % of the page image, for a ``style`` attribute."""
        return (f"left:{self.x0 * 100:.3f}%;top:{self.y0 * 100:.3f}%;"
                f"width:{(self.x1 - self.x0) * 100:.3f}%;height:{(self.y1 - self.y0) * 100:.3f}%")


def fold(text: str) -> str:
    """Lowercase, accents removed: ``"Décision"`` -> ``"decision"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_terms(query: str) -> tuple[str, ...]:
    """The folded words of a query worth finding; field filters (``type:decision``) and
    excluded words (``-brouillon``) are left out."""
    kept = [part for part in query.split() if ":" not in part and not part.startswith("-")]
    terms = (fold(w) for part in kept for w in _WORD.findall(part))
    return tuple(dict.fromkeys(t for t in terms if len(t) >= 2))


def matches(word: str, terms: Sequence[str]) -> bool:
    folded = "".join(_WORD.findall(fold(word)))
    if not folded:
        return False
    return any(folded.startswith(term)
               or (len(folded) >= 4 and term.startswith(folded)
                   and len(term) - len(folded) <= _STEM_SLACK) for term in terms)


def word_boxes(words: Iterable[Sequence[Any]], query: str) -> list[Box]:
    """The boxes of a page's stored words (``[text, x0, y0, x1, y1, confidence]``) that match
    the query."""
    terms = query_terms(query)
    if not terms:
        return []
    return [Box(float(w[1]), float(w[2]), float(w[3]), float(w[4]), str(w[0]))
            for w in words if len(w) >= 5 and matches(str(w[0]), terms)]


def marked_text(text: str, query: str) -> Markup:
    """The page text, HTML-escaped, with matching words in ``<mark>``."""
    terms = query_terms(query)
    if not terms:
        return escape(text)
    parts, last = [], 0
    for found in _WORD.finditer(text):
        if matches(found.group(), terms):
            parts.append(escape(text[last:found.start()]))
            parts.append(Markup("<mark>%s</mark>") % found.group())
            last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


MAX_CARRIED_BOXES = 40


def encode_boxes(boxes: Iterable[Sequence[float]]) -> str:
    """Boxes for a link: ``x0,y0,x1,y1`` to four decimals, ``;``-separated."""
    return ";".join(",".join(f"{v:.4f}" for v in box[:4])
                    for box in list(boxes)[:MAX_CARRIED_BOXES])


def decode_boxes(text: str) -> list[Box]:
    """Boxes from a link; anything malformed or outside the page is dropped."""
    boxes = []
    for part in text.split(";")[:MAX_CARRIED_BOXES]:
        try:
            x0, y0, x1, y1 = (float(v) for v in part.split(","))
        except ValueError:
            continue
        if 0 <= x0 <= x1 <= 1 and 0 <= y0 <= y1 <= 1:
            boxes.append(Box(x0, y0, x1, y1))
    return boxes

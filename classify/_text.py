"""Text normalisation and a small edit distance, shared by rules, linking and the classifier.

OCR output and hand-typed catalog data disagree on accents, case, hyphens and the odd
character; every comparison in ``classify`` goes through :func:`fold` first.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "œ": "oe", "æ": "ae",
              "ß": "ss"}


def fold(text: str) -> str:
    """Lower-case, strip accents, expand ligatures: ``"Décision Œuvre"`` -> ``"decision oeuvre"``.
    """
    lowered = text.lower()
    for ligature, plain in _LIGATURES.items():
        lowered = lowered.replace(ligature, plain)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits only)."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap), capped at ``limit+1``.

    The cap keeps name matching cheap: we only ever care whether two words are within one or
    two OCR slips of each other.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return min(prev[-1], limit + 1)


def tolerance(word: str) -> int:
    """How many slips a word of this length may carry and still count as the same word."""
    if len(word) <= 3:
        return 0
    if len(word) <= 7:
        return 1
    return 2


def similar(a: str, b: str) -> bool:
    """True when two folded words are equal or within :func:`tolerance` edits of each other."""
    if a == b:
        return True
    allowed = tolerance(min(a, b, key=len))
    return allowed > 0 and edit_distance(a, b, allowed) <= allowed

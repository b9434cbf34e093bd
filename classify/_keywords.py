"""Typing by title keywords: what Liasse does before anyone has confirmed a document.

Each type scores 3 for a keyword in the first lines (where a title is) and 1 for one further
down; the best type wins if it scores at least 2. The reason names the keywords found.
"""

from __future__ import annotations

from dataclasses import dataclass

from classify._rules import WordPlaces
from classify._taxonomy import FALLBACK_TYPE, Taxonomy
from classify._text import words

HEAD_CHARS = 250


@dataclass(frozen=True, slots=True)
class KeywordScore:
    code: str
    score: int
    found: tuple[str, ...]


def keyword_scores(taxonomy: Taxonomy, text: str) -> list[KeywordScore]:
    """Every type with at least one keyword in ``text``, best first."""
    head_words, all_words = WordPlaces(words(text[:HEAD_CHARS])), WordPlaces(words(text))
    scores = []
    for document_type in taxonomy.types:
        score, found = 0, list[str]()
        for keyword in document_type.keywords:
            if head_words.contains(keyword):
                score, found = score + 3, [*found, keyword]
            elif all_words.contains(keyword):
                score, found = score + 1, [*found, keyword]
        if score:
            scores.append(KeywordScore(document_type.code, score, tuple(found)))
    return sorted(scores, key=lambda s: -s.score)


def keyword_prediction(taxonomy: Taxonomy, text: str) -> tuple[str, float, str]:
    """(code, confidence, reason) from keywords alone."""
    scores = keyword_scores(taxonomy, text)
    if not scores or scores[0].score < 2:
        return FALLBACK_TYPE, 0.2, "no type keyword found"
    best = scores[0]
    runner_up = scores[1].score if len(scores) > 1 else 0
    confidence = round(min(0.8, 0.3 + 0.5 * (best.score - runner_up) / best.score), 3)
    shown = ", ".join(f"'{k}'" for k in best.found[:5])
    return best.code, confidence, f"keywords {shown} (score {best.score}, next {runner_up})"

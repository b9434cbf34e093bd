"""Which of our five languages a text is written in, by counting its most common words.

Running text in any language is ~40% small function words (articles, prepositions,
pronouns, auxiliaries), and those differ between languages. A word shared by several
languages ("la", "de", "in") counts a fraction for each of them.
"""

from __future__ import annotations

import re

_COMMON_WORDS: dict[str, str] = {
    "fr": "le la les l un une des du d de et est sont dans que qui qu pour pas ne sur au aux "
          "avec ce cette ces il elle nous vous ils elles été par plus se son sa ses mais ou où "
          "leur être avoir fait très aussi comme tout entre sans en y à",
    "de": "der die das und ist nicht ein eine einen einem dem den des mit von zu auf für sich "
          "auch es im ich sie wir ihr sind wird werden wurde bei aus nach oder aber wie noch "
          "nur über kann dass vom zum zur ihre ihren haben hat",
    "it": "il lo la le gli l di del della dei delle degli che è e per con non un una uno sono "
          "da dal dalla alla alle al nel nella ma come anche più questo questa sul suo sua "
          "loro essere ha hanno si ci ne",
    "nl": "de het een en van is dat die niet op te met voor zijn er aan ook als bij maar dan "
          "om door naar wordt worden heeft hebben was deze dit wij ze zij u uw geen nog ik "
          "je hij",
    "en": "the and of to is in that it for with as on be are this was by not or have from at "
          "which you we they has but an will their can would there been were he she his her",
}
_LANGUAGE_NAMES = {"fr": "French", "de": "German", "it": "Italian", "nl": "Dutch", "en": "English"}
_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 5000
MIN_WORDS = 3
MIN_COMMON_SHARE = 0.08  # below this, it is not running text (a table, a list of names)
MIN_LEAD = 1.5  # the best language must score this many times the runner-up


def _weights() -> dict[str, dict[str, float]]:
    owners: dict[str, list[str]] = {}
    for code, words in _COMMON_WORDS.items():
        for word in set(words.split()):
            owners.setdefault(word, []).append(code)
    return {word: {code: 1 / len(codes) for code in codes} for word, codes in owners.items()}


_WEIGHTS = _weights()


def is_common_word(word: str, language: str) -> bool:
    """Whether ``word`` is one of the common words of ``language`` (fr, de, it, nl, en)."""
    return language in _WEIGHTS.get(word.lower(), {})


def detect_language(text: str) -> tuple[str | None, str]:
    """The ISO 639-1 code (fr, de, it, nl, en) of ``text``, or ``None`` when unsure, and why."""
    words = [w.lower() for w in _WORD.findall(text)[:_MAX_WORDS]]
    if len(words) < MIN_WORDS:
        return None, f"too few words ({len(words)}) to tell the language"
    scores: dict[str, float] = {}
    for word in words:
        for code, weight in _WEIGHTS.get(word, {}).items():
            scores[code] = scores.get(code, 0.0) + weight
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:2]
    if not ranked:
        return None, f"none of the {len(words)} words is a common word of fr, de, it, nl or en"
    best, best_score = ranked[0]
    runner, runner_score = ranked[1] if len(ranked) > 1 else ("none", 0.0)
    if best_score / len(words) < MIN_COMMON_SHARE:
        return None, (
            f"only {best_score:.1f} of {len(words)} words are common {_LANGUAGE_NAMES[best]} "
            "words: not enough running text"
        )
    if best_score < MIN_LEAD * runner_score:
        return None, (
            f"undecided between {best} ({best_score:.1f}) and {runner} ({runner_score:.1f})"
        )
    return best, (
        f"{best_score:.1f} of {len(words)} words are common {_LANGUAGE_NAMES[best]} words "
        f"(next: {runner} {runner_score:.1f})"
    )

"""Read a page again when its first reading is poor, keep the better reading by a stated rule,
and say so when even the better one reads (nearly) nothing.

A reading is **poor** when the page showed ink (it was not blank) and the engine found fewer
than ``POOR_MIN_WORDS`` real words (three letters or more, confidence ``WORD_CONFIDENCE``
or more), or its mean confidence is below ``POOR_CONFIDENCE``. The page is then read again
with another preparation: every cleanup stage forced (``ocr._cleanup``, ``forced``) when the
first reading's page was not binarised, else the same cleaned page (another segmentation
of it); turned when OSD finds it upside down or on its side (a poor reading is often one of
a page read the wrong way up); and the engine's block-of-text segmentation (``--psm 6``)
when it has one. A second reading that
fails or takes longer than ``REREAD_TIMEOUT`` is given up: the first reading stays, and the
step says so. The page is never lost for its second reading.

**The rule**: the reading with the higher ``score`` is kept: its letters in real words, plus
``COMMON_WORD_BONUS`` letters for each word that is a common word of the language the
reading is in (``ocr._language``): a dictionary check that needs no dictionary file. Both
readings' figures and the choice are recorded on the page as a ``reread`` step.

A page whose kept reading still has fewer than ``UNREADABLE_MAX_WORDS`` real words, or reads
at a mean confidence under ``UNREADABLE_CONFIDENCE`` without a single common word of any of
our languages (what an engine makes of noise or a photograph), gets an ``unreadable`` step:
the intake then keeps its document in review (``ingest._doubts``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from core import UNREADABLE_PAGE, PageStep
from ocr._cleanup import clean_page
from ocr._engine import OcrResult
from ocr._language import detect_language, is_common_word
from ocr._tesseract_api import osd

POOR_MIN_WORDS = 8
POOR_CONFIDENCE = 70.0
WORD_CONFIDENCE = 50.0
COMMON_WORD_BONUS = 3
UNREADABLE_MAX_WORDS = 3
UNREADABLE_WORD_CONFIDENCE = 30.0  # "nearly nothing": hardly a word, even a faint one
UNREADABLE_CONFIDENCE = 45.0  # below it, a reading with few common words is noise
TEXT_COMMON_SHARE = 0.3  # fr/de/it/nl/en prose: ~40-50 % common words; read noise: under 20 %
REREAD_SEGMENTATION = 6  # tesseract: one uniform block of text
# A second reading is a chance, not a duty: past this many seconds it is given up and the
# first reading kept (tesseract can spend minutes on a speckled page read as it is).
REREAD_TIMEOUT = 30.0
REREAD_TURN_CONFIDENCE = 2.0  # OSD's confidence: see ``_suggested_turn``
_LETTERS = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class ReadingScore:
    words: int  # real words: three letters or more, read with enough confidence
    letters: int  # their letters
    common: int  # words of the reading that are common words of its language
    confidence: float | None

    @property
    def score(self) -> int:
        return self.letters + COMMON_WORD_BONUS * self.common

    def as_params(self, prefix: str) -> dict[str, int | float]:
        params: dict[str, int | float] = {f"{prefix}_words": self.words,
                                          f"{prefix}_score": self.score}
        if self.confidence is not None:
            params[f"{prefix}_confidence"] = round(self.confidence, 1)
        return params


def score_reading(result: OcrResult, min_confidence: float = WORD_CONFIDENCE) -> ReadingScore:
    """The figures of one reading, counting the words read at ``min_confidence`` or more. An
    engine that gives no word boxes is judged on its text and its page confidence."""
    if result.words:
        tokens = [w.text for w in result.words if w.confidence is None
                  or w.confidence >= min_confidence]
    else:
        sure = result.confidence is None or result.confidence >= min_confidence
        tokens = result.text.split() if sure else []
    real = [t for t in tokens if _LETTERS.search(t)]
    language, _ = detect_language(result.text)
    common = 0
    if language is not None:
        common = sum(1 for t in real if is_common_word(t.strip(".,;:()'\""), language))
    return ReadingScore(len(real), sum(len(m) for t in real for m in _LETTERS.findall(t)),
                        common, result.confidence)


def is_poor(result: OcrResult) -> bool:
    score = score_reading(result)
    return score.words < POOR_MIN_WORDS or (result.confidence or 0) < POOR_CONFIDENCE


def keep_better(first: OcrResult, second: OcrResult, how: str) -> tuple[bool, PageStep]:
    """Whether the second reading is kept, and the ``reread`` step that says why."""
    a, b = score_reading(first), score_reading(second)
    keep_second = b.score > a.score
    params: dict[str, str | int | float] = {**a.as_params("first"), **b.as_params("second"),
                                            "second_preparation": how,
                                            "kept": "second" if keep_second else "first"}
    return keep_second, PageStep("reread", params)


def second_preparation(page: Image.Image,
                       first_steps: Sequence[PageStep]) -> tuple[Image.Image, str, int]:
    """The page prepared for its second reading, what was done (``forced_cleanup`` when the
    first preparation was not binarised, else ``cleanup_again``: the same cleaned page read
    with another segmentation; ``+turned_N`` when turned), and the clockwise turn taken. The
    prepared page is turned when OSD finds it upside down or on its side: a poor first
    reading is often that of a page read the wrong way up (the engine's own orientation
    detection misled by specks or a stamp)."""
    binarised = any(step.code == "binarised" for step in first_steps)
    how = "cleanup_again" if binarised else "forced_cleanup"
    cleaned = clean_page(page, forced=not binarised).image
    turn = _suggested_turn(cleaned)
    if turn:
        cleaned, how = cleaned.rotate(-turn, expand=True), f"{how}+turned_{turn}"
    return cleaned, how, turn


def _suggested_turn(page: Image.Image) -> int:
    """The turn OSD suggests for the page, taken at a confidence (``REREAD_TURN_CONFIDENCE``)
    far below the one that turns a page at intake: the page already read poorly as it lies,
    and a wrong turn costs only the second reading, which the rule then does not keep."""
    try:
        told = osd(page)
    except Exception:  # no verdict: the page is read again as it lies
        return 0
    if told is None or told[1] < REREAD_TURN_CONFIDENCE:
        return 0
    return told[0]


def reread_failed(first: OcrResult, how: str, error: str) -> PageStep:
    """The ``reread`` step of a second reading that failed: the first reading is kept."""
    params: dict[str, str | int | float] = {**score_reading(first).as_params("first"),
                                            "second_preparation": how, "kept": "first",
                                            "second_error": error[:120]}
    return PageStep("reread", params)


_TOKENS = re.compile(r"[^\W\d_]+")


def common_share(text: str) -> float:
    """The share of the words of ``text`` (short ones included: they are the commonest) that
    are common words of its detected language; 0 when the language cannot be told."""
    language, _ = detect_language(text)
    tokens = [t.lower() for t in _TOKENS.findall(text)]
    if language is None or not tokens:
        return 0.0
    return sum(1 for t in tokens if is_common_word(t, language)) / len(tokens)


def unreadable_step(result: OcrResult, ink_ratio: float | None) -> PageStep | None:
    """The ``unreadable`` step for a page with ink whose reading found (nearly) no words."""
    score = score_reading(result, UNREADABLE_WORD_CONFIDENCE)
    # below that confidence, a reading is noise unless it runs like text
    noise = ((score.confidence or 0) < UNREADABLE_CONFIDENCE
             and common_share(result.text) < TEXT_COMMON_SHARE)
    if score.words >= UNREADABLE_MAX_WORDS and not noise:
        return None
    params: dict[str, str | int | float] = {"words": score.words}
    if score.confidence is not None:
        params["confidence"] = round(score.confidence, 1)
    if ink_ratio is not None:
        params["ink"] = round(ink_ratio, 4)
    return PageStep(UNREADABLE_PAGE, params)

"""Should a person look at this document before it counts as filed? The review decision.

A document waits in the review queue (``DocumentStatus.review``) when Liasse could not link it
to a dossier with confidence (``ingest._describe``), or when one of these doubts holds. Each
doubt is a sentence a clerk can read; no doubt at all means none is needed.

* **Low OCR confidence**: the mean word confidence of the document's OCR'd pages (0..100, as
  stored in ``Document.ocr_confidence``) is below ``ReviewRules.min_confidence``. Text-layer
  pages have no confidence and never count against a document.
* **Unreadable page**: a page that shows ink but whose reading found (nearly) no words, even
  after its second reading (an ``unreadable`` step on the page, ``ocr._reread``): the clerk
  types the dossier or asks for a better copy. Its message is a code with parameters
  (``doubt.unreadable_page`` {pages}), rendered in the reader's language by the viewer.
* **Doubtful split**, either:
  - a page with no text at all (text source ``none``, not a blank page: blank pages are left
    out of documents) — a separator sheet whose code could not be read, or a photo; or
  - the document's first page reads like a continuation ("page 2/3", "Seite 2 von 3",
    "- 2 -" near its top or bottom), when its file was cut into several documents: the cut
    probably fell inside a document.

The rules are pure functions over page facts, used by the pipeline (``persist``), when a
document is described again (``refile_document``) and by the queue listing (``ingest._review``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from core import UNREADABLE_PAGE, PageText
from core.catalog import Page

DEFAULT_MIN_CONFIDENCE = 60.0
_EDGE_CHARS = 200  # a page number sits near the top or the bottom of a page
_PAGE_OF = re.compile(
    r"(?:\b(?:page|p\.|seite|s\.|pagina|pag\.|pagina|blz\.?|blad)\s*(\d{1,3})\s*"
    r"(?:/|sur|of|von|di|de|van)\s*(\d{1,3})\b)"
    r"|(?:^|\n)\s*(\d{1,3})\s*/\s*(\d{1,3})\s*(?:$|\n)"
    r"|(?:^|\n)\s*[-–]\s*(\d{1,3})\s*[-–]\s*(?:$|\n)",
    re.IGNORECASE)


class ReviewReason(StrEnum):
    """Why a document waits in the review queue."""

    no_dossier = "no_dossier"          # Liasse could not choose a dossier
    doubtful_link = "doubtful_link"    # in review with a dossier, no other doubt named
    low_confidence = "low_confidence"  # OCR confidence below the threshold
    doubtful_split = "doubtful_split"  # a page without text, or a cut inside a document
    unreadable_page = "unreadable_page"  # a page with ink from which (nearly) nothing was read


@dataclass(frozen=True, slots=True)
class ReviewRules:
    """``min_confidence``: mean OCR word confidence (0..100) below which a person looks."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the rules look at on one page (of a draft or of a stored document)."""

    number: int
    text: str
    source: str
    confidence: float | None
    unreadable: bool = False

    @classmethod
    def of_text(cls, page: PageText, number: int) -> PageFacts:
        return cls(number, page.text, page.source, page.confidence, page.unreadable)

    @classmethod
    def of_page(cls, page: Page) -> PageFacts:
        unreadable = any(step.get("code") == UNREADABLE_PAGE for step in page.steps or [])
        return cls(page.number, page.text, page.text_source, page.confidence, unreadable)


@dataclass(frozen=True, slots=True)
class Doubt:
    """``detail`` is for logs; ``params`` (when set) are what the viewer's message for the
    reason (``doubt.<reason>``) is rendered with, in the reader's language."""

    reason: ReviewReason
    detail: str
    params: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"reason": str(self.reason), "detail": self.detail, "params": dict(self.params)}


def mean_confidence(pages: Sequence[PageFacts]) -> float | None:
    scores = [p.confidence for p in pages if p.source == "ocr" and p.confidence is not None]
    return sum(scores) / len(scores) if scores else None


def review_doubts(pages: Sequence[PageFacts], *, split: bool,
                  rules: ReviewRules = ReviewRules()) -> tuple[Doubt, ...]:
    """The doubts about one document's pages (in document order); ``split``: its file was cut
    into several documents. Empty: nothing for a person to check here."""
    doubts = []
    confidence = mean_confidence(pages)
    if confidence is not None and confidence < rules.min_confidence:
        worst = min((p for p in pages if p.source == "ocr" and p.confidence is not None),
                    key=lambda p: p.confidence or 0.0)
        doubts.append(Doubt(ReviewReason.low_confidence,
                            f"OCR confidence {confidence:.0f} is below {rules.min_confidence:g} "
                            f"(worst: page {worst.number}, {worst.confidence:.0f})"))
    unreadable = [p.number for p in pages if p.unreadable]
    if unreadable:
        doubts.append(Doubt(ReviewReason.unreadable_page,
                            f"page(s) {_numbers(unreadable)} could not be read",
                            (("pages", _numbers(unreadable)),)))
    empty = [p.number for p in pages if p.source == "none" and not p.text.strip()]
    if empty:
        doubts.append(Doubt(ReviewReason.doubtful_split,
                            f"no text could be read on page(s) {_numbers(empty)}: an unreadable "
                            "separator sheet, or a picture?"))
    if split and pages and (marker := continuation_marker(pages[0].text)):
        doubts.append(Doubt(ReviewReason.doubtful_split,
                            f"its first page reads like a continuation ({marker!r}): the stack "
                            "may have been cut inside a document"))
    return tuple(doubts)


def continuation_marker(text: str) -> str | None:
    """A page number above 1 near the top or bottom of ``text`` ("page 2/3"), else None."""
    stripped = text.strip()
    for edge in (stripped[:_EDGE_CHARS], stripped[-_EDGE_CHARS:]):
        for match in _PAGE_OF.finditer(edge):
            numbers = [int(g) for g in match.groups() if g is not None]
            if numbers[0] > 1 and (len(numbers) == 1 or numbers[0] <= numbers[1]):
                return match.group(0).strip()
    return None


def _numbers(values: Sequence[int]) -> str:
    shown = ", ".join(str(v) for v in values[:10])
    return shown + (f" and {len(values) - 10} more" if len(values) > 10 else "")

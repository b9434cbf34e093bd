"""The OCR engine seam: what an engine is asked, and what it answers.

Everything above this module talks to an ``OcrEngine``; ``TesseractApiEngine`` (in
``ocr/_tesseract_api.py``, tesseract's C API kept loaded) is the real one, ``TesseractEngine``
(``ocr/_tesseract.py``, the ``tesseract`` program) its fallback. Tests plug in their own real
implementations (an engine returning fixed text, one that crashes). An engine is sent to
worker processes, so it must be picklable: keep engines small frozen dataclasses holding only
settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from PIL import Image

from core import WordBox

DEFAULT_LANGUAGES: tuple[str, ...] = ("fra", "deu", "ita", "nld", "eng")


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What an engine read on one image.

    ``words`` carry coordinates as fractions of the image (0..1, origin top-left).
    ``confidence`` is the mean confidence (0..100) of the words read, ``None`` when no word
    was read. ``text`` keeps line breaks; paragraphs are separated by a blank line.
    """

    text: str
    words: tuple[WordBox, ...] = field(default=())
    confidence: float | None = None


@runtime_checkable
class OcrEngine(Protocol):
    """Reads the text of one page image. Must be picklable (it travels to worker processes).

    Implementations raise whatever they like on failure; ``extract_pages`` turns it into
    ``OcrFailure`` naming the page and the file.
    """

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult: ...


def mean_confidence(words: Sequence[WordBox]) -> float | None:
    """The mean confidence of the words that have one, or ``None`` when none has."""
    values = [w.confidence for w in words if w.confidence is not None]
    if not values:
        return None
    return round(sum(values) / len(values), 2)

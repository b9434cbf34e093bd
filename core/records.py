"""Small frozen records that flow through the pipeline, shared by every package."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

TextSource = Literal["text-layer", "ocr", "none"]
StepValue = str | int | float


@dataclass(frozen=True, slots=True)
class PageStep:
    """One thing done to a page while reading it, or one finding about it, as a code with its
    parameters (``background_normalised`` {grey_cast: 0.31}); rendered in the reader's
    language at the edge, never stored as a sentence. The codes are listed in
    ``ocr._cleanup`` (preparation), ``ocr._reread`` (second readings) and
    ``UNREADABLE_PAGE``."""

    code: str
    params: Mapping[str, StepValue] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> PageStep:
        return cls(str(row["code"]), dict(row.get("params") or {}))


# The step that says a page shows ink but its reading found (nearly) no text.
UNREADABLE_PAGE = "unreadable"


@dataclass(frozen=True, slots=True)
class WordBox:
    """One word on a page. Coordinates are fractions of the page (0..1, origin top-left),
    so a viewer can draw them on a rendition of any resolution."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None

    def as_list(self) -> list[object]:
        return [self.text, self.x0, self.y0, self.x1, self.y1, self.confidence]

    @classmethod
    def from_list(cls, row: list[object]) -> WordBox:
        text, x0, y0, x1, y1, conf = row
        return cls(str(text), float(x0), float(y0), float(x1), float(y1),  # type: ignore[arg-type]
                   None if conf is None else float(conf))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page and how it was obtained.

    ``number`` is 1-based in the source file. ``confidence`` is the mean word confidence of
    OCR (0..100), or ``None`` for a PDF text layer. ``reason`` says why this source was chosen
    (a decision reads as code: see ARCHITECTURE.md, rule 7). ``rotation`` is how far the page
    image was turned clockwise before OCR (word boxes are fractions of the turned page);
    ``blank`` marks a page left empty (a duplex backside); ``codes`` are the barcode/QR values
    read on the page (separator sheets, cover sheets). ``language`` is the ISO 639-1 code
    (fr, de, it, nl, en) of the page's text as its reading told it, ``None`` when unknown;
    ``steps`` what was done to the page image before and while reading it and why
    (``PageStep``), in order.
    """

    number: int
    text: str
    source: TextSource
    reason: str
    words: tuple[WordBox, ...] = field(default=())
    confidence: float | None = None
    width_pt: float | None = None
    height_pt: float | None = None
    rotation: int = 0
    blank: bool = False
    codes: tuple[str, ...] = ()
    language: str | None = None
    steps: tuple[PageStep, ...] = ()

    @property
    def unreadable(self) -> bool:
        """The page shows ink, yet (nearly) nothing could be read on it."""
        return any(step.code == UNREADABLE_PAGE for step in self.steps)

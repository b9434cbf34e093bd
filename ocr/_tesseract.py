"""The real OCR engine: tesseract through pytesseract, with word boxes and confidences."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, is_dataclass, replace
from typing import Any

import pytesseract
from PIL import Image

from core import OcrFailure, WordBox
from ocr._engine import OcrEngine, OcrResult, mean_confidence

# Tesseract's OpenMP threads fight each other when pages run in parallel processes: on the
# 2-core machines we run on it was 4-5x slower with OpenMP on (ENVIRONMENT-NOTES.md).
THREAD_LIMIT_VARIABLE = "OMP_THREAD_LIMIT"
AUTO_WITH_ORIENTATION = 1  # tesseract's page segmentation mode: automatic, with OSD


@dataclass(frozen=True, slots=True)
class TesseractEngine:
    """OCR with the ``tesseract`` program.

    ``timeout`` (seconds) bounds one page: tesseract is killed past it and ``OcrFailure`` is
    raised. ``psm`` is tesseract's page segmentation mode (``None``: its default, automatic).
    The engine sets ``OMP_THREAD_LIMIT=1`` for tesseract unless the environment already has it.
    """

    timeout: float = 120.0
    psm: int | None = None

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        os.environ.setdefault(THREAD_LIMIT_VARIABLE, "1")
        handed = image.copy()
        handed.format = "BMP"  # pytesseract writes a temporary file: BMP is 25x faster than PNG
        try:
            data = pytesseract.image_to_data(
                handed,
                lang="+".join(languages),
                config=self._config(image),
                output_type=pytesseract.Output.DICT,
                timeout=self.timeout,
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrFailure("tesseract is not installed or not on PATH") from exc
        except pytesseract.TesseractError as exc:
            raise OcrFailure(f"tesseract failed (exit {exc.status}): {exc.message}") from exc
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise OcrFailure(
                    f"tesseract took longer than {self.timeout:g} s on the page and was stopped"
                ) from exc
            raise
        return result_from_data(data, image.width, image.height)

    def _config(self, image: Image.Image) -> str:
        parts = []
        if self.psm is not None:
            parts.append(f"--psm {self.psm}")
        dpi = image.info.get("dpi")
        if dpi:
            parts.append(f"--dpi {round(float(dpi[0]))}")
        return " ".join(parts)


def orienting(engine: OcrEngine) -> OcrEngine:
    """``engine`` set to find the page's orientation itself while reading, when it can:
    tesseract's automatic segmentation with orientation detection (``--psm 1``) reads a page
    lying any way up in one pass, at about the cost of an upright one (measured: 5.9 s for a
    dense page upside down, where a plain pass reads garbage in 16 s and OSD then a second pass
    cost 7 s). Which way the page lay is told afterwards by how its words run
    (``ocr._prepare.reading_turn``). Other engines are returned as they are: the pipeline
    then asks OSD about a page whose reading does not look upright."""
    if isinstance(engine, TesseractEngine) and engine.psm is None:
        return replace(engine, psm=AUTO_WITH_ORIENTATION)
    return engine


def segmenting(engine: OcrEngine, psm: int, timeout: float) -> OcrEngine:
    """``engine`` set to segment the page with tesseract's mode ``psm`` (6: one block of
    text) and give up after ``timeout`` seconds (or its own, if shorter), for a second reading
    of a poor page; other engines are returned as they are."""
    if isinstance(engine, TesseractEngine) or (
            is_dataclass(engine) and hasattr(engine, "psm") and hasattr(engine, "timeout")):
        # the program, or the kept C API (``ocr._tesseract_api``), which has the same fields
        return replace(engine, psm=psm, timeout=min(engine.timeout, timeout))
    return engine


def result_from_data(data: Mapping[str, list[Any]], width: int, height: int) -> OcrResult:
    """Turn pytesseract's ``image_to_data`` table into text, word boxes and confidence.

    Rows with a confidence below 0 are layout rows (page, block, paragraph, line), not words.
    The text is rebuilt from the words: a space between words, a line break between lines and
    a blank line between paragraphs.
    """
    words: list[WordBox] = []
    pieces: list[str] = []
    previous_line: tuple[int, int, int] | None = None
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        confidence = float(data["conf"][i])
        if not text or confidence < 0:
            continue
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if previous_line is not None:
            pieces.append(_separator(previous_line, line))
        previous_line = line
        pieces.append(text)
        words.append(_word_box(data, i, text, confidence, width, height))
    return OcrResult(text="".join(pieces), words=tuple(words), confidence=mean_confidence(words))


def _separator(previous: tuple[int, int, int], current: tuple[int, int, int]) -> str:
    if previous[:2] != current[:2]:
        return "\n\n"
    if previous != current:
        return "\n"
    return " "


def _word_box(
    data: Mapping[str, list[Any]], i: int, text: str, confidence: float, width: int, height: int
) -> WordBox:
    left, top = int(data["left"][i]), int(data["top"][i])
    right, bottom = left + int(data["width"][i]), top + int(data["height"][i])
    return WordBox(
        text=text,
        x0=_fraction(left, width),
        y0=_fraction(top, height),
        x1=_fraction(right, width),
        y1=_fraction(bottom, height),
        confidence=round(confidence, 2),
    )


def _fraction(value: float, total: float) -> float:
    if total <= 0:
        return 0.0
    return round(min(1.0, max(0.0, value / total)), 5)

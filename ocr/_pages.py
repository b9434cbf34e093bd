"""Read one page of a file: its text layer, or OCR of its rendered image.

This runs in worker processes: a ``PageJob`` names the file and the page, never carries
the image, and the reader opens the file itself (keeping it open for the next page).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

from core import LiasseError, OcrFailure, PageStep, PageText
from ocr._barcodes import READING_DPI, read_barcodes
from ocr._blank import is_blank
from ocr._decide import choose_text_source
from ocr._engine import OcrEngine, OcrResult
from ocr._images import load_image_page, prepare_image_page
from ocr._language import detect_language
from ocr._orientation import lines_stand, straighten
from ocr._page_language import ISO_TO_TESSERACT, Reader, first_model, settle_language
from ocr._paper import on_paper
from ocr._pdf import open_pdfium, open_plumber, read_text_layer, render_pdf_page
from ocr._prepare import (
    PageAnalysis,
    PreparedPage,
    prepare_page,
    reading_turn,
    settle_orientation,
    turned_reading,
)
from ocr._reread import (
    REREAD_SEGMENTATION,
    REREAD_TIMEOUT,
    is_poor,
    keep_better,
    reread_failed,
    second_preparation,
    unreadable_step,
)
from ocr._tesseract import orienting, segmenting

FileKind = Literal["pdf", "image"]


@dataclass(frozen=True, slots=True)
class PageJob:
    """Everything a worker needs to read one page, small enough to pickle cheaply."""

    path: str
    kind: FileKind
    number: int
    dpi: int
    languages: tuple[str, ...]
    engine: OcrEngine
    max_pixels: int
    analysis: PageAnalysis = field(default_factory=PageAnalysis)
    language: str | None = None
    """The language to read the page in first (the clerk's, or the previous page's);
    ``None``: the first of ``languages`` (``ocr._page_language``)."""


class PageReader:
    """Reads pages, keeping the last PDF open between pages of the same file."""

    def __init__(self) -> None:
        self._path: str | None = None
        self._pdfium: pdfium.PdfDocument | None = None
        self._plumber: pdfplumber.PDF | None = None

    def read(self, job: PageJob) -> PageText:
        if job.kind == "pdf":
            return self._read_pdf_page(job)
        return _read_image_page(job)

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
        if self._pdfium is not None:
            self._pdfium.close()
        self._path, self._pdfium, self._plumber = None, None, None

    def _read_pdf_page(self, job: PageJob) -> PageText:
        doc, plumber = self._open_pdf(job.path)
        page = doc[job.number - 1]
        try:
            layer = read_text_layer(plumber, page, job.number)
        finally:
            page.close()
        decision = choose_text_source(layer.facts)
        if not decision.needs_ocr:
            codes = _layer_page_codes(doc, job)
            return PageText(
                number=job.number,
                text=layer.facts.text,
                source="text-layer",
                reason=decision.reason + (f" (barcodes: {', '.join(codes)})" if codes else ""),
                words=layer.words,
                width_pt=layer.width_pt,
                height_pt=layer.height_pt,
                codes=codes,
            )
        image = render_pdf_page(
            doc, job.number, dpi=job.dpi, max_pixels=job.max_pixels, grayscale=True
        )
        page_text = ocr_page(_layer_language(job, layer.facts.text), image, decision.reason, ())
        return _with_size(page_text, layer.width_pt, layer.height_pt)

    def _open_pdf(self, path: str) -> tuple[pdfium.PdfDocument, pdfplumber.PDF | None]:
        """The file, opened once for its pages: workers are kept between files, so a file
        written anew at the same path (same name, other inode or time) is opened again."""
        stat = os.stat(path)
        key = f"{path}\0{stat.st_ino}\0{stat.st_mtime_ns}\0{stat.st_size}"
        if self._path != key or self._pdfium is None:
            self.close()
            self._pdfium = open_pdfium(Path(path))
            self._plumber = open_plumber(Path(path))
            self._path = key
        return self._pdfium, self._plumber


def _layer_language(job: PageJob, layer_text: str) -> PageJob:
    """The job to read in the language of the page's own text layer when that layer, though
    not kept (an earlier OCR's invisible text, a few words over a picture), tells one: the
    page's own evidence beats the batch's or the previous page's guess, and costs nothing."""
    detected, _ = detect_language(layer_text)
    if detected is None or first_model(detected, job.languages) != ISO_TO_TESSERACT[detected]:
        return job
    return replace(job, language=detected)


def _layer_page_codes(doc: pdfium.PdfDocument, job: PageJob) -> tuple[str, ...]:
    """The barcodes of a page read from its text layer: a separator or cover sheet may be a
    born-digital page too (a printed label under the code). Read on a grey rendering at the
    barcode reader's resolution."""
    if not job.analysis.barcodes:
        return ()
    image = render_pdf_page(doc, job.number, dpi=READING_DPI, max_pixels=job.max_pixels,
                            grayscale=True)
    return tuple(barcode.value for barcode in read_barcodes(image))


def _read_image_page(job: PageJob) -> PageText:
    raw = load_image_page(Path(job.path), job.number, job.max_pixels)
    page = prepare_image_page(raw, job.max_pixels)
    width_pt, height_pt = page.size_pt
    return _with_size(ocr_page(job, page.image, "image: OCR", page.notes), width_pt, height_pt)


def ocr_page(job: PageJob, image: Image.Image, reason: str, notes: Sequence[str]) -> PageText:
    """Look at one page image (barcodes, blank, cleanup, skew), OCR it with the job's engine
    in one language, tell from the reading how the page lay (``ocr._prepare``) and which
    language it is in (``ocr._page_language``), read it again when the reading is poor and
    say when it stays unreadable (``ocr._reread``); any engine failure becomes
    ``OcrFailure``."""
    prepared = prepare_page(image, job.analysis)
    if prepared.image is None:
        return PageText(number=job.number, text="", source="none",
                        reason=f"{reason} ({'; '.join([*notes, *prepared.notes])})",
                        blank=prepared.blank, codes=prepared.codes)
    model = first_model(job.language, job.languages)
    if prepared.as_scanned is None:
        result, again = _read_as_it_lies(job, prepared.image, model)
    else:
        prepared, result, again = _read_upright(job, prepared, model)
    reading = settle_language(again, result, model, job.languages)
    result = reading.result
    steps, rotation = list(prepared.steps), prepared.rotation
    if job.analysis.cleanup and is_poor(result):
        result, step, rotation = _read_again(job, prepared, result, image, reading.model)
        steps.append(step)
    if (unreadable := _unreadable(result, prepared, image)) is not None:
        steps.append(unreadable)
    all_notes = [*notes, *prepared.notes, *([reading.note] if reading.note else [])]
    if not result.words and not result.text.strip():
        all_notes.append("no text found")
    if all_notes:
        reason = f"{reason} ({'; '.join(all_notes)})"
    return PageText(
        number=job.number,
        text=result.text,
        source="ocr",
        reason=reason,
        words=result.words,
        confidence=result.confidence,
        rotation=rotation,
        codes=prepared.codes,
        language=reading.language,
        steps=tuple(steps),
    )


def _read_again(job: PageJob, prepared: PreparedPage, first: OcrResult,
                image: Image.Image, model: str) -> tuple[OcrResult, PageStep, int]:
    """The second reading of a poor page, with another preparation (``ocr._reread``), in
    the language the first settled on, with block segmentation, and turned when OSD finds
    the prepared page still upside down or on its side (a poor first reading is often one
    of a page read the wrong way up); the better of the two by ``ocr._reread``'s rule, and
    the turn of the page kept. A second reading that fails keeps the first."""
    page = on_paper(image)
    if prepared.rotation:
        page = page.rotate(-prepared.rotation, expand=True)
    other, how, turn = second_preparation(page, prepared.steps)
    straight, _ = straighten(other)
    engine = segmenting(job.engine, REREAD_SEGMENTATION, REREAD_TIMEOUT)
    try:
        second = _read(job, engine, straight, (model,))
    except OcrFailure as exc:
        return first, reread_failed(first, how, exc.message), prepared.rotation
    keep_second, step = keep_better(first, second, how)
    if keep_second:
        return second, step, (prepared.rotation + turn) % 360
    return first, step, prepared.rotation


def _unreadable(result: OcrResult, prepared: PreparedPage,
                image: Image.Image) -> PageStep | None:
    """The ``unreadable`` step when the page shows ink but (nearly) nothing was read."""
    step = unreadable_step(result, prepared.ink)
    if step is None or prepared.ink is not None:
        return step
    verdict = is_blank(image)  # not measured yet: only ink makes an empty reading a doubt
    return None if verdict.blank else unreadable_step(result, verdict.ink_ratio)


def _read_as_it_lies(job: PageJob, image: Image.Image, model: str) -> tuple[OcrResult, Reader]:
    def again(languages: tuple[str, ...]) -> OcrResult:
        return _read(job, job.engine, image, languages)

    return again((model,)), again


def _read_upright(job: PageJob, prepared: PreparedPage,
                  model: str) -> tuple[PreparedPage, OcrResult, Reader]:
    """Read a page whose orientation is still open: the turn told by the reading (an engine
    that orients itself turned the page to read it; one that does not read a page on its side
    with standing words); else, when the reading cannot tell, OSD and a second reading of
    the page turned. Returns the page, its reading, and how to read it again as it was read
    (for another language)."""
    assert prepared.image is not None
    engine, image = orienting(job.engine), prepared.image
    if engine is job.engine and lines_stand(image):  # on its side: OSD first, no wasted read
        turned = _read_turned(job, prepared, model)
        if turned is not None:
            return turned
    result = _read(job, engine, image, (model,))
    turn = reading_turn(result, image)
    if turn:
        note = f"rotated {turn}° (told by its reading, confidence {result.confidence:.1f})"
        return (replace(prepared, rotation=turn, notes=[*prepared.notes, note]),
                turned_reading(result, turn),
                lambda languages: turned_reading(_read(job, engine, image, languages), turn))
    if turn is None and engine is job.engine:
        turned = _read_turned(job, prepared, model)
        if turned is not None:
            return turned
    return prepared, result, lambda languages: _read(job, engine, image, languages)


def _read_turned(job: PageJob, prepared: PreparedPage,
                 model: str) -> tuple[PreparedPage, OcrResult, Reader] | None:
    """OSD's verdict on the page and, when it turns it, the reading of the page turned;
    ``None`` when OSD keeps the page as it lies."""
    turned = settle_orientation(prepared)
    if turned is None or turned.image is None:
        return None
    upright = turned.image
    return (turned, _read(job, job.engine, upright, (model,)),
            lambda languages: _read(job, job.engine, upright, languages))


def _read(job: PageJob, engine: OcrEngine, image: Image.Image,
          languages: Sequence[str]) -> OcrResult:
    try:
        return engine.ocr_image(image, languages)
    except Exception as exc:
        detail = exc.message if isinstance(exc, LiasseError) else f"{type(exc).__name__}: {exc}"
        raise OcrFailure(
            f"OCR of page {job.number} of {Path(job.path).name} failed "
            f"({type(job.engine).__name__}): {detail}",
            key="quarantine.ocr_failed", page=job.number) from exc


def _with_size(page: PageText, width_pt: float | None, height_pt: float | None) -> PageText:
    return replace(page, width_pt=width_pt, height_pt=height_pt)

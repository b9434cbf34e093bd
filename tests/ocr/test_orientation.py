"""Orientation (tesseract OSD), skew estimation and preparing a page for OCR."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr._orientation import Orientation, detect_orientation, estimate_skew, prepare_for_ocr

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SCANS = CORPUS / "scans"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not at {CORPUS}")


def _words(image: Image.Image) -> set[str]:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    text = pytesseract.image_to_string(image, lang="eng")
    return {word.lower() for word in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)}


def _pdf_page(path: Path, index: int, dpi: int) -> Image.Image:
    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[index].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()


@pytest.fixture
def eurotext() -> Image.Image:
    """The Tesseract 'eurotext' sample (Apache-2.0), upright."""
    return Image.open(SCANS / "tess4j_eurotext.tif").convert("L")


@pytest.fixture
def text_page() -> Image.Image:
    """A generated A4 page at 150 dpi with straight lines of French text."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 22)
    for line in range(30):
        draw.text((130, 150 + line * 45), "Le renard brun rapide saute par-dessus le chien "
                  "paresseux.", font=font, fill=0)
    return page


@needs_corpus
def test_page_turned_a_quarter_is_detected() -> None:
    """GIVEN the eurotext page scanned a quarter turn off (text running bottom to top)
    WHEN its orientation is detected
    THEN it must turn 270° clockwise, with a convincing confidence and a reason."""
    orientation = detect_orientation(Image.open(SCANS / "tess4j_eurotext90.png"))
    assert orientation.rotate_degrees == 270
    assert orientation.confidence >= 10
    assert "270°" in orientation.reason


@needs_corpus
@pytest.mark.parametrize(("index", "expected"), [(0, 0), (1, 270), (2, 180), (3, 90)])
def test_four_cardinal_orientations(index: int, expected: int) -> None:
    """GIVEN the four pages of cardinal.pdf (one scan baked in at 0/90/180/270°), at 150 dpi
    WHEN their orientation is detected
    THEN each page gets the turn that makes it upright."""
    page = _pdf_page(SCANS / "ocrmypdf_cardinal.pdf", index, 150)
    assert detect_orientation(page).rotate_degrees == expected


@needs_corpus
def test_unconvincing_verdict_keeps_the_page(eurotext: Image.Image) -> None:
    """GIVEN a page turned upside down and a confidence bar OSD cannot reach
    WHEN its orientation is detected
    THEN the page is kept as is, and the reason says why."""
    upside_down = eurotext.transpose(Image.Transpose.ROTATE_180)
    orientation = detect_orientation(upside_down, min_confidence=1000)
    assert orientation.rotate_degrees == 0
    assert "kept" in orientation.reason


def test_page_without_text_is_unknown_and_kept() -> None:
    """GIVEN a white page (OSD finds too few characters)
    WHEN it is prepared for OCR
    THEN orientation is unknown, nothing is done and no error is raised."""
    white = Image.new("L", (1240, 1754), 255)
    assert detect_orientation(white) == Orientation(
        0, 0.0, "OSD found too few characters: orientation unknown, kept")
    page, notes = prepare_for_ocr(white)
    assert notes == []
    assert page.size == white.size
    assert estimate_skew(white) == 0.0


@pytest.mark.parametrize("angle", [-7.0, -1.5, 0.0, 0.8, 4.0])
def test_skew_of_a_generated_page(text_page: Image.Image, angle: float) -> None:
    """GIVEN a straight text page turned by a known small angle
    WHEN its skew is estimated
    THEN the estimate is within 0.2° of that angle."""
    tilted = text_page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                              fillcolor=255)
    assert estimate_skew(tilted) == pytest.approx(angle, abs=0.2)


@needs_corpus
def test_skewed_scan_is_straightened_and_reads() -> None:
    """GIVEN the eurotext page photographed at a slant of about 21° (RGBA, transparent corners)
    WHEN it is prepared for OCR
    THEN it is deskewed, the note says so, and tesseract reads its first line."""
    skewed = Image.open(SCANS / "tess4j_eurotext_deskew.png")
    assert estimate_skew(skewed) == pytest.approx(-20.8, abs=0.5)
    page, notes = prepare_for_ocr(skewed)
    assert [note for note in notes if note.startswith("deskewed by -2")]
    assert {"quick", "brown", "fox", "jumps"} <= _words(page)


@needs_corpus
def test_upside_down_page_reads_like_the_original(eurotext: Image.Image) -> None:
    """GIVEN a real page and the same page turned 180°
    WHEN the turned page is prepared for OCR
    THEN it is turned back (the note says so) and OCRs to the same words as the original."""
    page, notes = prepare_for_ocr(eurotext.transpose(Image.Transpose.ROTATE_180))
    assert notes and notes[0].startswith("rotated 180° (OSD confidence ")
    original = _words(eurotext)
    recovered = _words(page)
    assert len(original & recovered) >= 0.9 * len(original)


def test_straight_upright_page_is_left_alone(text_page: Image.Image) -> None:
    """GIVEN an upright page with straight lines
    WHEN it is prepared for OCR
    THEN nothing is done to it and there is nothing to note."""
    page, notes = prepare_for_ocr(text_page)
    assert notes == []
    assert page is text_page

"""Orientation is settled after a first OCR pass: an upright page costs no OSD run; a page
upside down or on its side is asked of OSD, turned, and read again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import ocr._prepare
from ocr import PageAnalysis
from ocr._engine import DEFAULT_LANGUAGES
from ocr._orientation import Orientation
from ocr._pages import PageJob, ocr_page
from ocr._prepare import reads_upright
from ocr._tesseract import TesseractEngine

SCANS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "scans"
pytestmark = pytest.mark.skipif(not SCANS.is_dir(), reason=f"shared corpus not at {SCANS}")

TURNS = {  # how the page lies -> the clockwise turn that makes it upright
    "upright": (None, 0),
    "upside down": (Image.Transpose.ROTATE_180, 180),
    "on its left side": (Image.Transpose.ROTATE_90, 90),
    "on its right side": (Image.Transpose.ROTATE_270, 270),
}


@pytest.fixture(scope="module")
def eurotext() -> Image.Image:
    """The Tesseract 'eurotext' sample (Apache-2.0, in the shared corpus), upright."""
    return Image.open(SCANS / "tess4j_eurotext.tif").convert("L")


def _lying(page: Image.Image, how: str) -> Image.Image:
    transpose = TURNS[how][0]
    return page if transpose is None else page.transpose(transpose)


@pytest.mark.parametrize("how", list(TURNS))
def test_only_an_upright_first_reading_counts_as_upright(eurotext: Image.Image,
                                                         how: str) -> None:
    """GIVEN the eurotext page lying four ways WHEN it is OCR'd as it lies (five languages)
    THEN only the upright reading counts as upright: upside down the words are not
    confident, and on either side tesseract may read them but they stand taller than wide."""
    page = _lying(eurotext, how)
    result = TesseractEngine().ocr_image(page, DEFAULT_LANGUAGES)
    assert reads_upright(result, page) is (how == "upright"), (result.confidence,
                                                              len(result.words))


@pytest.mark.parametrize("how", list(TURNS))
def test_a_page_is_turned_only_when_it_must_be_and_osd_runs_only_then(
        eurotext: Image.Image, how: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN the eurotext page lying four ways WHEN it is read as a scanned page
    THEN it comes out upright (the turn recorded), its words read as on the upright page,
    and tesseract's OSD ran only for the pages that were not upright."""
    asked: list[Orientation] = []
    real = ocr._prepare.detect_orientation

    def watched(image: Image.Image) -> Orientation:
        asked.append(real(image))
        return asked[-1]

    monkeypatch.setattr(ocr._prepare, "detect_orientation", watched)
    job = PageJob(path=str(tmp_path / "scan.tif"), kind="image", number=1, dpi=300,
                  languages=DEFAULT_LANGUAGES, engine=TesseractEngine(), max_pixels=10**8,
                  analysis=PageAnalysis(barcodes=False))
    page = ocr_page(job, _lying(eurotext, how), "image: OCR", ())
    assert page.rotation == TURNS[how][1], page.reason
    assert len(asked) == (0 if how == "upright" else 1)
    words = set(re.findall(r"\w+", page.text.lower()))
    assert {"quick", "brown", "fox", "schnelle", "braune", "fuchs", "volpe"} <= words, page.text
    assert page.confidence is not None and page.confidence > 75

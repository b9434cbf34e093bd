"""Orientation is settled by the reading itself: tesseract finds it while reading (psm 1), and
which way the words run says how the page lay; no separate OSD pass and no second reading.
An engine that cannot orient itself falls back on OSD and a second reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import ocr._prepare
from core import WordBox
from ocr import PageAnalysis
from ocr._engine import DEFAULT_LANGUAGES
from ocr._orientation import Orientation
from ocr._pages import PageJob, ocr_page
from ocr._prepare import reading_turn
from ocr._tesseract import TesseractEngine

SCANS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "scans"
pytestmark = pytest.mark.skipif(not SCANS.is_dir(), reason=f"shared corpus not at {SCANS}")

TURNS = {  # how the page lies -> the clockwise turn that makes it upright
    "upright": (None, 0),
    "upside down": (Image.Transpose.ROTATE_180, 180),
    "on its left side": (Image.Transpose.ROTATE_90, 90),  # lines run up the page
    "on its right side": (Image.Transpose.ROTATE_270, 270),  # lines run down the page
}



@pytest.fixture(scope="module")
def eurotext() -> Image.Image:
    """The Tesseract 'eurotext' sample (Apache-2.0, in the shared corpus), upright."""
    return Image.open(SCANS / "tess4j_eurotext.tif").convert("L")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[Orientation]:
    """Every verdict of tesseract's separate OSD pass during the test (it still runs)."""
    verdicts: list[Orientation] = []
    real = ocr._prepare.detect_orientation

    def watched(image: Image.Image) -> Orientation:
        verdicts.append(real(image))
        return verdicts[-1]

    monkeypatch.setattr(ocr._prepare, "detect_orientation", watched)
    return verdicts


def _lying(page: Image.Image, how: str) -> Image.Image:
    transpose = TURNS[how][0]
    return page if transpose is None else page.transpose(transpose)


@pytest.mark.parametrize("how", list(TURNS))
def test_only_an_upright_first_reading_counts_as_upright(eurotext: Image.Image,
                                                         how: str) -> None:
    """GIVEN the eurotext page lying four ways WHEN it is OCR'd as it lies (five languages)
    THEN only the upright reading counts as upright: upside down the words are not
    confident, and on either side tesseract may read them but they stand taller than wide
    (the plain engine, which does not orient itself)."""
    page = _lying(eurotext, how)
    result = TesseractEngine().ocr_image(page, DEFAULT_LANGUAGES)
    assert (reading_turn(result, page) == 0) is (how == "upright"), (result.confidence,
                                                                     len(result.words))


@pytest.mark.parametrize("how", list(TURNS))
def test_a_page_is_turned_only_when_it_must_be_and_osd_runs_only_then(
        eurotext: Image.Image, how: str, tmp_path: Path, asked: list[Orientation]) -> None:
    """GIVEN the eurotext page lying four ways WHEN it is read as a scanned page
    THEN it comes out upright (the turn recorded), its words read as on the upright page and
    sit where they sit on it, and tesseract's separate OSD never ran."""
    job = PageJob(path=str(tmp_path / "scan.tif"), kind="image", number=1, dpi=300,
                  languages=DEFAULT_LANGUAGES, engine=TesseractEngine(), max_pixels=10**8,
                  analysis=PageAnalysis(barcodes=False))
    page = ocr_page(job, _lying(eurotext, how), "image: OCR", ())
    assert page.rotation == TURNS[how][1], page.reason
    assert asked == []
    words = set(re.findall(r"\w+", page.text.lower()))
    assert {"quick", "brown", "fox", "schnelle", "braune", "fuchs", "volpe"} <= words, page.text
    assert page.confidence is not None and page.confidence > 75
    upright = TesseractEngine().ocr_image(eurotext, DEFAULT_LANGUAGES)
    for word in ("brown", "Fuchs", "volpe"):
        expected, got = _centre(upright.words, word), _centre(page.words, word)
        assert abs(expected[0] - got[0]) < 0.03 and abs(expected[1] - got[1]) < 0.03, (
            word, expected, got)


def _centre(words: tuple[WordBox, ...], text: str) -> tuple[float, float]:
    box = next(w for w in words if text in w.text)
    return (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2


def test_an_engine_that_cannot_orient_itself_falls_back_on_osd(
        eurotext: Image.Image, tmp_path: Path, asked: list[Orientation]) -> None:
    """GIVEN tesseract held to plain automatic segmentation (psm 3: no orientation while
    reading) and the eurotext page upside down WHEN it is read as a scanned page
    THEN its poor first reading sends it to OSD once, and it comes out turned 180° and read."""
    job = PageJob(path=str(tmp_path / "scan.tif"), kind="image", number=1, dpi=300,
                  languages=DEFAULT_LANGUAGES, engine=TesseractEngine(psm=3), max_pixels=10**8,
                  analysis=PageAnalysis(barcodes=False))
    page = ocr_page(job, _lying(eurotext, "upside down"), "image: OCR", ())
    assert len(asked) == 1 and asked[0].rotate_degrees == 180
    assert page.rotation == 180 and "fuchs" in page.text.lower(), page.reason

"""The warm engine: tesseract's C API kept loaded, pages handed in memory."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from PIL import Image

from core import OcrFailure
from ocr import OcrEngine, PageAnalysis, TesseractApiEngine, TesseractEngine
from ocr._pages import PageJob, ocr_page
from ocr._tesseract_api import osd, tessdata_folder
from tests.ocr.fakes import CountingEngine, read_count

TURNS = {  # how the page lies -> the clockwise turn that makes it upright
    "upright": (None, 0),
    "upside down": (Image.Transpose.ROTATE_180, 180),
    "on its left side": (Image.Transpose.ROTATE_90, 90),
    "on its right side": (Image.Transpose.ROTATE_270, 270),
}


@pytest.fixture(scope="module")
def eurotext() -> Image.Image:
    return Image.open(Path(__file__).parent / "data" / "tess4j_eurotext.tif").convert("L")


def test_debian_language_models_load_in_the_wheel_library() -> None:
    """GIVEN the tesserocr wheel (its own libtesseract 5.5) and Debian's tessdata
    WHEN the folder of our five languages is looked for THEN it is found, and OSD's model too."""
    folder = tessdata_folder("fra+deu+ita+nld+eng+osd")
    assert (Path(folder) / "deu.traineddata").is_file()


def test_warm_engine_reads_as_the_program_does(eurotext: Image.Image) -> None:
    """GIVEN the eurotext scan WHEN the warm engine and the tesseract program (same psm,
    same language) read it THEN the text is the same, boxes sit in the same places, and
    the warm engine answers with one recognition: text, boxes and confidences together."""
    warm = TesseractApiEngine()
    assert isinstance(warm, OcrEngine)
    result = warm.ocr_image(eurotext, ["eng"])
    program = TesseractEngine(psm=3).ocr_image(eurotext, ["eng"])
    assert result.text == program.text
    assert result.text.splitlines()[0] == "The (quick) [brown] {fox} jumps!"
    assert [w.text for w in result.words] == [w.text for w in program.words]
    assert all(abs(a.x0 - b.x0) < 0.002 and abs(a.y1 - b.y1) < 0.002
               for a, b in zip(result.words, program.words, strict=True))
    assert result.confidence is not None and result.confidence > 85


def test_warm_engine_is_picklable_and_holds_no_library() -> None:
    """GIVEN an engine that has already read a page WHEN pickled (as for worker processes)
    THEN it survives as its settings alone."""
    engine = TesseractApiEngine(timeout=30, psm=6)
    engine.ocr_image(Image.new("L", (200, 100), 255), ["eng"])
    assert pickle.loads(pickle.dumps(engine)) == engine


def test_warm_engine_timeout_and_missing_language_are_ocr_failures(
        eurotext: Image.Image) -> None:
    """GIVEN a timeout far too short, then a language nobody installed WHEN a page is read
    THEN each is an OcrFailure saying what happened."""
    with pytest.raises(OcrFailure, match=r"longer than 0\.001 s"):
        TesseractApiEngine(timeout=0.001).ocr_image(eurotext, ["eng"])
    with pytest.raises(OcrFailure, match="xyz"):
        TesseractApiEngine().ocr_image(eurotext, ["xyz"])


def test_osd_on_the_warm_library_says_how_to_turn(eurotext: Image.Image) -> None:
    """GIVEN the eurotext page lying four ways WHEN the warm OSD looks at it at 150 dpi
    THEN it tells the clockwise turn that makes it upright; a blank page tells nothing."""
    half = (eurotext.width // 2, eurotext.height // 2)
    for transpose, turn in TURNS.values():
        page = eurotext if transpose is None else eurotext.transpose(transpose)
        found = osd(page.resize(half) if turn in (0, 180) else page)
        assert found is not None and found[0] == turn
    assert osd(Image.new("L", (400, 400), 255)) is None


@pytest.mark.parametrize("how", list(TURNS))
def test_pages_lying_any_way_come_out_upright_and_upright_ones_are_read_once(
        eurotext: Image.Image, how: str, tmp_path: Path) -> None:
    """GIVEN the eurotext page lying four ways and the warm engine (psm 3: no orientation
    detection while reading), counted WHEN it is read as a scanned page in English
    THEN it comes out upright with the turn recorded and its words where they sit on the
    upright page; the upright page was read exactly once."""
    calls = tmp_path / "calls.log"
    engine = CountingEngine(TesseractApiEngine(), str(calls))
    job = PageJob(path=str(tmp_path / "scan.tif"), kind="image", number=1, dpi=300,
                  languages=("eng",), engine=engine, max_pixels=10**8,
                  analysis=PageAnalysis(barcodes=False))
    transpose, turn = TURNS[how]
    page = ocr_page(job, eurotext if transpose is None else eurotext.transpose(transpose),
                    "image: OCR", ())
    assert page.rotation == turn, page.reason
    words = set(re.findall(r"\w+", page.text.lower()))
    assert {"quick", "brown", "fox", "fuchs", "volpe"} <= words, page.text
    if how == "upright":
        assert read_count(calls) == 1
    upright = TesseractApiEngine().ocr_image(eurotext, ["eng"])
    for word in ("brown", "Fuchs", "volpe"):
        want = next(w for w in upright.words if word in w.text)
        got = next(w for w in page.words if word in w.text)
        assert abs(want.x0 - got.x0) < 0.03 and abs(want.y0 - got.y0) < 0.03, (word, got)

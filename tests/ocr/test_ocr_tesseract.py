"""The real engine: tesseract's word table turned into text, word boxes and confidence."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from PIL import Image

from core import OcrFailure
from ocr import OcrEngine, TesseractEngine
from ocr._tesseract import result_from_data


def _row(level: int, block: int, par: int, line: int, text: str, conf: float,
         box: tuple[int, int, int, int] = (0, 0, 0, 0)) -> dict[str, object]:
    left, top, width, height = box
    return {"level": level, "block_num": block, "par_num": par, "line_num": line,
            "text": text, "conf": conf, "left": left, "top": top, "width": width,
            "height": height}


def _table(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    return {key: [row[key] for row in rows] for key in rows[0]}


def test_word_table_becomes_lines_and_paragraphs() -> None:
    """GIVEN tesseract's table with layout rows, two lines and a second paragraph
    WHEN turned into a result THEN layout rows and empty words are dropped, lines break,
    paragraphs are separated by a blank line, boxes are page fractions, and the confidence
    is the mean of the words."""
    data = _table([
        _row(1, 0, 0, 0, "", -1),
        _row(5, 1, 1, 1, "Madame", 90, (100, 50, 200, 40)),
        _row(5, 1, 1, 1, "Dupont,", 80, (320, 50, 220, 40)),
        _row(5, 1, 1, 2, "bonjour", 70, (100, 100, 250, 40)),
        _row(5, 1, 1, 2, " ", 95),
        _row(5, 1, 2, 1, "Salutations", 60, (100, 300, 400, 40)),
    ])
    result = result_from_data(data, width=1000, height=2000)
    assert result.text == "Madame Dupont,\nbonjour\n\nSalutations"
    assert [w.text for w in result.words] == ["Madame", "Dupont,", "bonjour", "Salutations"]
    first = result.words[0]
    assert (first.x0, first.y0, first.x1, first.y1) == (0.1, 0.025, 0.3, 0.045)
    assert result.confidence == 75.0


def test_empty_page_has_no_confidence() -> None:
    """GIVEN a table with no word WHEN turned into a result THEN empty text, no confidence."""
    result = result_from_data(_table([_row(1, 0, 0, 0, "", -1)]), width=10, height=10)
    assert (result.text, result.words, result.confidence) == ("", (), None)


def test_engine_reads_eurotext(eurotext_tif: Path) -> None:
    """GIVEN the classic multilingual eurotext scan WHEN tesseract reads it
    THEN its lines come back in order, with word boxes inside the page and a good confidence."""
    engine = TesseractEngine()
    assert isinstance(engine, OcrEngine)
    result = engine.ocr_image(Image.open(eurotext_tif), ["eng", "deu", "fra"])
    lines = result.text.splitlines()
    assert lines[0] == "The (quick) [brown] {fox} jumps!"
    assert "Fuchs springt" in result.text
    assert "«rapide» saute par-dessus le chien" in result.text
    assert result.confidence is not None and result.confidence > 80
    assert all(0 <= w.x0 < w.x1 <= 1 and 0 <= w.y0 < w.y1 <= 1 for w in result.words)
    assert result.words[0].text == "The"


def test_engine_is_picklable() -> None:
    """GIVEN an engine with settings WHEN pickled (as for worker processes) THEN it survives."""
    engine = TesseractEngine(timeout=30, psm=6)
    assert pickle.loads(pickle.dumps(engine)) == engine


def test_tesseract_timeout_is_an_ocr_failure(eurotext_tif: Path) -> None:
    """GIVEN a per-page timeout far too short WHEN tesseract reads a page
    THEN it is stopped and OcrFailure says it took too long."""
    with pytest.raises(OcrFailure, match=r"longer than 0\.001 s"):
        TesseractEngine(timeout=0.001).ocr_image(Image.open(eurotext_tif), ["eng"])


def test_unknown_language_is_an_ocr_failure(eurotext_tif: Path) -> None:
    """GIVEN a language tesseract does not have WHEN it reads a page
    THEN OcrFailure carries tesseract's own message."""
    with pytest.raises(OcrFailure, match="tesseract failed") as caught:
        TesseractEngine().ocr_image(Image.open(eurotext_tif), ["xyz"])
    assert "xyz" in caught.value.message

"""A page lying on its side is told before any reading, from its ink alone."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ocr._orientation import lines_stand

DATA = Path(__file__).resolve().parent / "data"


def test_lines_stand_only_on_pages_lying_on_a_side() -> None:
    """GIVEN the eurotext scan lying four ways, and a blank page WHEN asked whether its lines
    stand THEN only the two sideways pages say so (upside down, lines still lie flat)."""
    page = Image.open(DATA / "tess4j_eurotext.tif").convert("L")
    ways = [None, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180,
            Image.Transpose.ROTATE_270]
    told = [lines_stand(page if way is None else page.transpose(way)) for way in ways]
    assert told == [False, True, False, True]
    assert not lines_stand(Image.new("L", (800, 1000), 255))

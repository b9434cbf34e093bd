"""Blank-page detection on generated duplex backs and on real pages of the corpus."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr._blank import BlankCode, BlankVerdict, is_blank

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 150
A4_PX = (1240, 1754)
PAPER = 242


def _mm(value: float) -> int:
    return round(value * DPI / 25.4)


def _paper(seed: int = 1) -> Image.Image:
    """An A4 back at 150 dpi with sensor noise and scattered dust specks."""
    rng = random.Random(seed)
    noise = Image.effect_noise(A4_PX, 6).point(lambda v: PAPER - 128 + v)
    draw = ImageDraw.Draw(noise)
    for _ in range(400):
        x, y = rng.randrange(A4_PX[0]), rng.randrange(A4_PX[1])
        draw.point((x, y), fill=rng.randrange(30, 120))
    for _ in range(25):
        x, y, r = rng.randrange(A4_PX[0]), rng.randrange(A4_PX[1]), rng.choice((1, 1, 2))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=60)
    return noise


def _text(page: Image.Image, xy: tuple[int, int], text: str, *, size: int, fill: int) -> None:
    ImageDraw.Draw(page).text(xy, text, font=ImageFont.truetype(FONT, size), fill=fill)


@pytest.fixture
def noisy_back() -> Image.Image:
    return _paper()


@pytest.fixture
def bleed_through_back() -> Image.Image:
    """The mirror image of a full text page, seen faintly through the paper."""
    front = Image.new("L", A4_PX, 255)
    for line in range(40):
        _text(front, (_mm(25), _mm(30) + line * _mm(6)),
              "Décision de placement du 12 mars, voir annexe " * 2, size=28, fill=0)
    ghost = front.transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(2))
    ghost = ghost.point(lambda v: 200 + v * 42 // 255)  # ink shows through at ~200 of 255
    back = _paper(seed=2)
    return Image.fromarray(np.minimum(np.asarray(back), np.asarray(ghost)))


@pytest.fixture
def punched_back() -> Image.Image:
    """A back with the dark shadows of two punched holes, 12 mm from the left edge."""
    page = _paper(seed=3)
    draw = ImageDraw.Draw(page)
    for centre_mm in (96, 176):
        x, y, r = _mm(12), _mm(centre_mm), _mm(3)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=70)
    return page


@pytest.fixture
def one_short_line() -> Image.Image:
    page = _paper(seed=4)
    _text(page, (_mm(30), _mm(140)), "Vu le 12.03.2024", size=22, fill=20)
    return page


@pytest.fixture
def signature_only() -> Image.Image:
    """A ballpoint scribble (blue ink, grey on a grayscale scan) in the lower half."""
    page = _paper(seed=5).convert("RGB")
    points = [
        (_mm(110) + _mm(1.5) * t + _mm(6) * math.sin(t / 2.1),
         _mm(230) + _mm(7) * math.sin(t * 0.9) * math.cos(t / 5))
        for t in (i / 3 for i in range(100))
    ]
    ImageDraw.Draw(page).line(points, fill=(30, 40, 150), width=3)
    return page


def test_noisy_back_is_blank(noisy_back: Image.Image) -> None:
    """GIVEN the back of a sheet with sensor noise and dust
    WHEN it is judged
    THEN it is blank, and the reason says only noise was found."""
    verdict = is_blank(noisy_back)
    assert verdict.blank, verdict.reason
    assert "noise" in verdict.reason and verdict.code == BlankCode.noise_only


def test_bleed_through_is_blank(bleed_through_back: Image.Image) -> None:
    """GIVEN a back on which the text of the front shows faintly
    WHEN it is judged
    THEN it is blank: bleed-through is lighter than ink."""
    verdict = is_blank(bleed_through_back)
    assert verdict.blank, verdict.reason
    assert verdict.ink_ratio < 0.001


def test_punched_hole_shadows_are_blank(punched_back: Image.Image) -> None:
    """GIVEN a back with the shadows of two punched holes in the left margin
    WHEN it is judged
    THEN it is blank."""
    assert is_blank(punched_back).blank


def test_scanner_streak_is_blank(noisy_back: Image.Image) -> None:
    """GIVEN a back crossed top to bottom by a thin line (dirt on the scanner glass)
    WHEN it is judged
    THEN it is blank."""
    x = _mm(105)
    ImageDraw.Draw(noisy_back).line([(x, 0), (x, A4_PX[1])], fill=90, width=2)
    assert is_blank(noisy_back).blank


def test_one_short_line_is_not_blank(one_short_line: Image.Image) -> None:
    """GIVEN an otherwise empty page carrying a single short handwritten-size line
    WHEN it is judged
    THEN it is NOT blank, and the reason names the line found."""
    verdict = is_blank(one_short_line)
    assert not verdict.blank
    assert "1 line(s)" in verdict.reason


def test_signature_is_not_blank(signature_only: Image.Image) -> None:
    """GIVEN a page whose only mark is a signature scribble
    WHEN it is judged
    THEN it is NOT blank."""
    verdict = is_blank(signature_only)
    assert not verdict.blank, verdict.reason


def test_white_page_is_blank_at_any_resolution() -> None:
    """GIVEN a perfectly white page at 300 dpi and one at 100 dpi
    WHEN they are judged
    THEN both are blank with no ink at all."""
    for size in ((2480, 3508), (827, 1169)):
        verdict = is_blank(Image.new("L", size, 255))
        assert verdict == BlankVerdict(True, verdict.reason, 0.0, BlankCode.noise_only)


def test_black_page_is_not_blank() -> None:
    """GIVEN a page scanned with the lid open (dark all over)
    WHEN it is judged
    THEN it is not blank: something is there we do not understand."""
    verdict = is_blank(Image.new("L", A4_PX, 20))
    assert not verdict.blank
    assert "dark" in verdict.reason


def test_one_short_line_at_300_dpi_is_not_blank(one_short_line: Image.Image) -> None:
    """GIVEN the single-line page scanned at 300 dpi (told by its metadata)
    WHEN it is judged
    THEN it is still not blank."""
    big = one_short_line.resize((2480, 3508), Image.Resampling.LANCZOS)
    big.info["dpi"] = (300, 300)
    assert not is_blank(big).blank


@pytest.mark.parametrize("width_mm", [4, 60, 150])
def test_a_full_height_photo_is_never_blank(noisy_back: Image.Image, width_mm: int) -> None:
    """GIVEN a page carrying only a dark photo or figure over its full height (found by a
    hostile tester: the streak filter cleared it and the page was dropped), narrow or wide
    WHEN it is judged
    THEN it is NOT blank, and the reason code says ink covers a large area."""
    left = _mm(30)
    ImageDraw.Draw(noisy_back).rectangle(
        [(left, 0), (left + _mm(width_mm), A4_PX[1])], fill=45)
    verdict = is_blank(noisy_back)
    assert not verdict.blank, verdict.reason
    assert verdict.code == BlankCode.ink_area and "photo" in verdict.reason


def test_two_scanner_streaks_are_still_blank(noisy_back: Image.Image) -> None:
    """GIVEN a back crossed by two thin streaks, one 1.5 mm wide
    WHEN it is judged
    THEN it is blank: thin full-height lines are dirt, not content."""
    draw = ImageDraw.Draw(noisy_back)
    for x, width in ((_mm(60), 2), (_mm(140), _mm(1.5))):
        draw.line([(x, 0), (x, A4_PX[1])], fill=90, width=width)
    verdict = is_blank(noisy_back)
    assert verdict.blank and verdict.code == BlankCode.noise_only, verdict.reason


def test_every_page_kept_says_why(one_short_line: Image.Image) -> None:
    """GIVEN a page with a line, a dark page WHEN judged THEN each verdict names its code."""
    assert is_blank(one_short_line).code == BlankCode.writing
    assert is_blank(Image.new("L", A4_PX, 20)).code == BlankCode.dark_page


REAL_PAGES = [
    ("scans/tess4j_eurotext.tif", 0),
    ("scans/tess4j_eurotext90.png", 0),
    ("scans/ocrmypdf_linn.png", 0),
    ("scans/paperless_simple-no-dpi.png", 0),
    ("born_digital/invoice2data_coolblue1.pdf", 0),
    ("born_digital/paperless_multi-page-digital.pdf", 1),
    ("separators/paperless_patch-code-t.pdf", 0),
    ("separators/paperless_barcode-fax-image.pdf", 2),
]


def _corpus_page(relative: str, index: int) -> Image.Image:
    path = CORPUS / relative
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(path)
        try:
            return pdf[index].render(scale=DPI / 72).to_pil()
        finally:
            pdf.close()
    return Image.open(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize(("relative", "index"), REAL_PAGES)
def test_real_pages_are_not_blank(relative: str, index: int) -> None:
    """GIVEN a real page of the corpus (scans, born-digital, separator sheets)
    WHEN it is judged
    THEN it is not blank."""
    verdict = is_blank(_corpus_page(relative, index))
    assert not verdict.blank, verdict.reason

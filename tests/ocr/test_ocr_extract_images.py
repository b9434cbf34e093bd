"""extract_pages on image files: TIFF (many pages), PNG without DPI, CMYK JPEG, bombs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core import DamagedFile, OversizedFile, UnsupportedFileType
from ocr import extract_pages
from tests.conftest import corpus_file
from tests.ocr.fakes import FixedTextEngine, GreyLevelEngine, grey_pages


def test_tiff_scan_is_ocrd(eurotext_tif: Path) -> None:
    """GIVEN the 300 dpi eurotext TIFF WHEN extracted THEN it is OCR'd with its size in points."""
    (page,) = extract_pages(eurotext_tif, "image/tiff", languages=("eng", "deu"), workers=1)
    assert page.source == "ocr"
    assert page.reason.startswith("image: OCR")
    assert page.text.startswith("The (quick) [brown] {fox} jumps!")
    assert (page.width_pt, page.height_pt) == (1024 / 300 * 72, 800 / 300 * 72)


def test_generated_multipage_tiff_keeps_its_pages(tmp_path: Path) -> None:
    """GIVEN a four-page TIFF made in code WHEN extracted THEN four pages, in order."""
    path = tmp_path / "batch.tif"
    first, *rest = grey_pages(4)
    first.save(path, save_all=True, append_images=rest, dpi=(200, 200))
    pages = extract_pages(path, "image/tiff", workers=1, engine=GreyLevelEngine())
    assert [p.text.split(" pid ")[0] for p in pages] == [f"page {n}" for n in range(1, 5)]


@pytest.mark.slow
def test_real_multipage_tiff_is_ocrd_page_by_page() -> None:
    """GIVEN a real three-page grey TIFF without DPI WHEN extracted by two workers
    THEN each page reads its own number."""
    path = corpus_file("scans/paperless_multi-page-images.tiff")
    pages = extract_pages(path, "image/tiff", languages=("eng",), workers=2)
    assert [p.text for p in pages] == [
        f"This is a multi page document. Page {n}." for n in (1, 2, 3)
    ]
    assert all(p.reason == "image: OCR (no usable DPI metadata)" for p in pages)


def test_small_png_without_dpi_is_scaled_up() -> None:
    """GIVEN a small PNG with no DPI metadata WHEN extracted THEN it is enlarged for
    tesseract, the reason says so, and the sentence is read."""
    path = corpus_file("scans/paperless_simple-no-dpi.png")
    (page,) = extract_pages(path, "image/png", languages=("eng",))
    assert page.text == "This is a test document."
    assert page.reason == "image: OCR (no usable DPI metadata; small image scaled x2)"
    assert page.width_pt is None


def test_cmyk_jpeg_is_converted_and_read() -> None:
    """GIVEN a CMYK JPEG map with place names WHEN extracted THEN converted to RGB and read."""
    path = corpus_file("scans/ocrmypdf_baiona_cmyk.jpg")
    (page,) = extract_pages(path, "image/jpeg", languages=("fra", "eng"))
    assert page.reason == "image: OCR (converted from CMYK to RGB)"
    assert "BAIONA" in page.text


def test_generated_cmyk_jpeg_reaches_the_engine_as_rgb(tmp_path: Path) -> None:
    """GIVEN a CMYK JPEG made in code WHEN extracted THEN the engine gets an RGB image."""
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 200), (0, 0, 0, 40)).save(path, dpi=(300, 300))
    (page,) = extract_pages(path, "image/jpeg", engine=FixedTextEngine())
    assert page.reason == "image: OCR (converted from CMYK to RGB)"


def test_image_over_the_pixel_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    """GIVEN a 3000 x 3000 PNG and a limit of one megapixel WHEN extracted THEN refused."""
    path = tmp_path / "big.png"
    Image.new("1", (3000, 3000), 1).save(path)
    with pytest.raises(OversizedFile, match=r"big.png would be 3000 x 3000 pixels \(9 mega"):
        extract_pages(path, "image/png", max_pixels=1_000_000, engine=FixedTextEngine())


def test_truncated_image_is_damaged(tmp_path: Path) -> None:
    """GIVEN a PNG cut in half WHEN extracted THEN DamagedFile."""
    whole = tmp_path / "whole.png"
    Image.effect_noise((400, 400), 50).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(DamagedFile, match=r"cut\.png"):
        extract_pages(cut, "image/png", engine=FixedTextEngine())


def test_unsupported_type_is_refused(tmp_path: Path) -> None:
    """GIVEN a Word document WHEN extracted THEN UnsupportedFileType names its type."""
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with pytest.raises(UnsupportedFileType, match="wordprocessingml"):
        extract_pages(tmp_path / "letter.docx", mime)

"""Page counts and renditions for thumbnails, the viewer and barcode reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core import InvalidInput, OversizedFile
from ocr import page_count, prepare_for_ocr, render_page
from tests.ocr.fakes import grey_pages


def test_pdf_page_is_rendered_in_colour_at_the_asked_dpi(eurotext_pdf: Path) -> None:
    """GIVEN a one-page PDF WHEN page 1 is rendered at 100 dpi THEN an RGB image of the page
    size at that resolution, with its dpi recorded."""
    image = render_page(eurotext_pdf, "application/pdf", 1, dpi=100)
    assert image.mode == "RGB"
    assert image.info["dpi"] == (100, 100)
    assert abs(image.width - 341) <= 1 and abs(image.height - 267) <= 1  # 245.76 x 192 pt


def test_image_page_is_resampled_to_the_asked_dpi(eurotext_tif: Path) -> None:
    """GIVEN a 300 dpi TIFF WHEN rendered at 150 dpi THEN it is half its size."""
    image = render_page(eurotext_tif, "image/tiff", 1, dpi=150)
    assert image.size == (512, 400)


def test_page_counts(eurotext_pdf: Path, grey_pdf: Path, tmp_path: Path) -> None:
    """GIVEN PDFs and a multi-page TIFF WHEN counted THEN their page numbers."""
    tiff = tmp_path / "three.tif"
    first, *rest = grey_pages(3)
    first.save(tiff, save_all=True, append_images=rest)
    assert page_count(eurotext_pdf, "application/pdf") == 1
    assert page_count(grey_pdf, "application/pdf") == 6
    assert page_count(tiff, "image/tiff") == 3


def test_rendering_a_missing_page_is_invalid_input(grey_pdf: Path) -> None:
    """GIVEN a six-page PDF WHEN page 9 is rendered THEN InvalidInput."""
    with pytest.raises(InvalidInput, match="page 9 does not exist"):
        render_page(grey_pdf, "application/pdf", 9)


def test_rendering_a_huge_page_is_refused(tmp_path: Path) -> None:
    """GIVEN a page 100 inches square WHEN rendered for a thumbnail THEN OversizedFile."""
    path = tmp_path / "poster.pdf"
    Image.new("L", (100, 100), 255).save(path, resolution=1)
    with pytest.raises(OversizedFile, match="rendered at 150 dpi"):
        render_page(path, "application/pdf", 1)


def test_prepare_for_ocr_leaves_the_page_alone_for_now() -> None:
    """GIVEN a page image WHEN prepared for OCR THEN the same image, with nothing to note."""
    image = Image.new("L", (10, 10), 255)
    assert prepare_for_ocr(image) == (image, [])

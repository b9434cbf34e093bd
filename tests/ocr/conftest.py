"""Fixtures of the ocr tests: permissively licensed files copied beside them (data/, see
data/README.md) and generated files. GPL/CC-BY-SA files are read from ../shared/corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ocr.fakes import write_grey_pdf

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def eurotext_tif() -> Path:
    return DATA / "tess4j_eurotext.tif"


@pytest.fixture
def eurotext_pdf() -> Path:
    return DATA / "tess4j_eurotext.pdf"


@pytest.fixture
def invoice_pdf() -> Path:
    """A real French two-page born-digital invoice (Free fibre, MIT)."""
    return DATA / "invoice2data_free_fiber.pdf"


@pytest.fixture
def grey_pdf(tmp_path: Path) -> Path:
    """A six-page image-only PDF whose page n is painted in grey level n."""
    return write_grey_pdf(tmp_path / "grey.pdf", 6)

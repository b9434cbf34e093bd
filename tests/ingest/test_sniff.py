"""Sniff: types from bytes, and every hostile file of the corpus refused with a clear reason."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from core import DamagedFile, EmptyFile, EncryptedFile, OversizedFile, UnsupportedFileType
from ingest import FileLimits, inspect_file, sniff_type
from tests.conftest import CORPUS, corpus_file
from tests.support.documents import text_pdf

HOSTILE = {
    "pdfplumber_empty.pdf": EmptyFile,
    "qpdf_bad1.pdf": UnsupportedFileType,
    "qpdf_issue-150.pdf": UnsupportedFileType,
    "qpdf_issue-335b.pdf": UnsupportedFileType,
    "paperless_invalid_pdf.pdf": UnsupportedFileType,
    "ocrmypdf_invalid.pdf": DamagedFile,
    "qpdf_issue-146.pdf": DamagedFile,
    "qpdf_issue-149.pdf": DamagedFile,
    "qpdf_issue-202.pdf": DamagedFile,
    "pdfplumber_malformed-from-issue-932.pdf": DamagedFile,
    "pdfplumber_password-example.pdf": EncryptedFile,
    "pypdf_r6-both-passwords.pdf": EncryptedFile,
    "ocrmypdf_hugemono.pdf": OversizedFile,
    "ocrmypdf_enormous.pdf": OversizedFile,
}


def check(path: Path, limits: FileLimits | None = None) -> None:
    inspect_file(path, sniff_type(path), limits or FileLimits())


def test_the_table_covers_every_hostile_file() -> None:
    """GIVEN the corpus's hostile folder THEN each of its files has an expected verdict here."""
    folder = corpus_file("hostile")
    assert {p.name for p in folder.iterdir()} == set(HOSTILE)


@pytest.mark.parametrize(("name", "error"), sorted(HOSTILE.items()))
def test_hostile_files_are_refused_with_a_reason(name: str, error: type[Exception]) -> None:
    """GIVEN a hostile file WHEN it is sniffed and inspected
    THEN it is refused with the expected kind of error and a reason without a traceback."""
    with pytest.raises(error) as caught:
        check(corpus_file(f"hostile/{name}"))
    reason = str(caught.value)
    assert len(reason) > 20 and "Traceback" not in reason and "/work/" not in reason


@pytest.mark.parametrize("name", ["scans/tess4j_eurotext.tif", "scans/tess4j_eurotext.pdf",
                                  "scans/ocrmypdf_baiona_cmyk.jpg",
                                  "scans/paperless_simple-no-dpi.png",
                                  "born_digital/paperless_signed.pdf",
                                  "separators/paperless_split-by-asn-2.pdf"])
def test_good_files_pass_whatever_their_name(name: str, tmp_path: Path) -> None:
    """GIVEN a good file renamed to a misleading extension WHEN sniffed
    THEN its real type is found and it passes inspection."""
    source = corpus_file(name)
    renamed = tmp_path / "scan.txt"
    renamed.write_bytes(source.read_bytes())
    mime = sniff_type(renamed)
    assert mime in {"image/tiff", "application/pdf", "image/jpeg", "image/png"}
    assert inspect_file(renamed, mime, FileLimits()).page_count >= 1


def test_page_and_pixel_limits_are_configurable(tmp_path: Path) -> None:
    """GIVEN a three-page PDF and a 3000x3000 image WHEN the limits are lowered
    THEN both are refused as oversized, naming the limit."""
    pdf = tmp_path / "three.pdf"
    pdf.write_bytes(text_pdf(["one", "two", "three"]))
    with pytest.raises(OversizedFile, match="3 pages"):
        check(pdf, FileLimits(max_pages=2))
    png = tmp_path / "big.png"
    buffer = io.BytesIO()
    Image.new("L", (3000, 3000), 255).save(buffer, format="PNG")
    png.write_bytes(buffer.getvalue())
    with pytest.raises(OversizedFile, match="megapixel"):
        check(png, FileLimits(max_image_megapixels=5))
    assert CORPUS.name == "corpus"


def test_an_enormous_image_hidden_in_a_form_xobject_is_refused(tmp_path: Path) -> None:
    """GIVEN a one-page PDF whose only image (60,000 × 60,000 pixels, declared, a few bytes
    compressed) is drawn through a form XObject, not from the page's own resources
    WHEN it is inspected THEN it is refused as oversized, naming the megapixels."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, zlib.compress(b"\xff" * 4096), Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=60_000, Height=60_000,
                           ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
                           Filter=pikepdf.Name.FlateDecode)
    form = pikepdf.Stream(pdf, b"q 100 0 0 100 0 0 cm /Im0 Do Q", Type=pikepdf.Name.XObject,
                          Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 100],
                          Resources=pikepdf.Dictionary(
                              XObject=pikepdf.Dictionary(Im0=image)))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx0=form)),
        Contents=pikepdf.Stream(pdf, b"/Fx0 Do"))
    pdf.pages.append(pikepdf.Page(page))
    path = tmp_path / "nested.pdf"
    pdf.save(path)
    with pytest.raises(OversizedFile, match="3600 megapixels"):
        check(path)


def test_a_page_enlarged_by_userunit_is_measured_at_its_real_size(tmp_path: Path) -> None:
    """GIVEN an A4-sized MediaBox with /UserUnit 75 (each unit 75 points: a page 15 m tall;
    found by a hostile tester: the limit ignored it) WHEN inspected THEN refused as oversized,
    naming its real size; the same page without /UserUnit passes."""
    def one_page(path: Path, unit: float | None) -> Path:
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(595, 842))
        if unit is not None:
            pdf.pages[0].obj.UserUnit = unit
        pdf.save(path)
        return path

    with pytest.raises(OversizedFile, match="larger than the 1000 mm limit"):
        check(one_page(tmp_path / "huge.pdf", 75), FileLimits())
    check(one_page(tmp_path / "a4.pdf", None), FileLimits())

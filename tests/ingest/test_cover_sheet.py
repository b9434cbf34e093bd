"""Cover sheets: the QR payload, the printed PDF, and the round trip through a scan."""

from __future__ import annotations

import os

import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image

from core import InvalidInput
from ingest._cover_sheet import (
    CoverSheet,
    cover_payload,
    parse_cover_payload,
    render_cover_sheet,
    render_cover_sheets,
)
from ocr._barcodes import read_barcodes

PLACEMENT = CoverSheet(
    dossier_number="824415",
    dossier_title="Famille Dupont-Müller",
    element_reference="DEM-APLAC-002",
    element_title="Demande de placement",
    doc_type="decision",
)

TRICKY_SHEETS = [
    PLACEMENT,
    CoverSheet("2024/0017", "Rossi", element_reference="A;B=C%D", doc_type="lettre"),
    CoverSheet("756.1234.5678.97", "Keller", element_reference="Gesuch Nr. 12 – Ä/ö"),
    CoverSheet("BE-93.05.18", "Peeters", element_reference="%41;;==%", service="OCMW Gent"),
    CoverSheet("42", "", element_reference="LIASSE:1;D=99", doc_type="décision d'octroi"),
]


def _rasterise(pdf_bytes: bytes, dpi: int = 150) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in pdf]
    finally:
        pdf.close()


def _codes(sheet: CoverSheet) -> CoverSheet:
    """What survives the QR code: the codes, not the titles."""
    return CoverSheet(sheet.dossier_number, "", sheet.element_reference, None, sheet.doc_type,
                      sheet.service)


def test_payload_is_short_versioned_and_carries_codes_only() -> None:
    """GIVEN a cover sheet for a placement decision
    WHEN its QR payload is made
    THEN it is versioned, lists the codes in a fixed order and leaves the titles out."""
    assert cover_payload(PLACEMENT) == "LIASSE:1;D=824415;E=DEM-APLAC-002;T=decision"


def test_payload_escapes_the_syntax_characters() -> None:
    """GIVEN an element code containing ; = % and a space
    WHEN the payload is made
    THEN those characters are percent-encoded, so splitting on ; and = stays unambiguous."""
    payload = cover_payload(CoverSheet("7", "", element_reference="A;B=C%D E"))
    assert payload == "LIASSE:1;D=7;E=A%3BB%3DC%25D%20E"


@pytest.mark.parametrize("sheet", TRICKY_SHEETS, ids=lambda sheet: sheet.dossier_number)
def test_payload_round_trips_in_text(sheet: CoverSheet) -> None:
    """GIVEN a cover sheet whose codes hold special and non-ASCII characters
    WHEN its payload is parsed back
    THEN the same codes come back, with an empty title."""
    assert parse_cover_payload(cover_payload(sheet)) == _codes(sheet)


@pytest.mark.parametrize(
    "value",
    [
        "", "PATCHT", "ASN00123", "LIASSE:1", "LIASSE:1;", "liasse:1;D=1", "LIASSE:2;D=1",
        "LIASSE:1;E=DEM-1", "LIASSE:1;D=", "LIASSE:1;D=1;D=2", "LIASSE:1;D=1;X=2",
        "LIASSE:1;D=1;E", "LIASSE:1;D=%ZZ", "LIASSE:1;D=%c3%a9", "LIASSE:1;D=%C3",
        "LIASSE:1;D=a b", "LIASSE:1;D=1;;E=2", "https://example.org/?LIASSE:1;D=1",
    ],
)
def test_anything_else_is_not_a_cover_payload(value: str) -> None:
    """GIVEN a barcode value that is not exactly one of our payloads
    WHEN it is parsed
    THEN the answer is None (never a half-understood dossier)."""
    assert parse_cover_payload(value) is None


def test_a_dossier_number_is_required() -> None:
    """GIVEN a cover sheet without a dossier number, or no sheet at all
    WHEN it is rendered
    THEN InvalidInput says what is missing."""
    with pytest.raises(InvalidInput, match="dossier number"):
        render_cover_sheet(CoverSheet(" ", "Sans numéro"))
    with pytest.raises(InvalidInput, match="no cover sheet"):
        render_cover_sheets([])


def test_one_a4_page_per_sheet() -> None:
    """GIVEN three cover sheets
    WHEN they are rendered together
    THEN the PDF has three A4 pages, in order."""
    pdf = pdfium.PdfDocument(render_cover_sheets(TRICKY_SHEETS[:3]))
    try:
        assert len(pdf) == 3
        for page in pdf:
            width, height = page.get_size()
            assert width == pytest.approx(595.3, abs=1)
            assert height == pytest.approx(841.9, abs=1)
    finally:
        pdf.close()


def test_scanned_cover_sheets_give_back_their_codes() -> None:
    """GIVEN cover sheets with special characters in their codes, printed as one PDF
    WHEN each page is rasterised at 150 dpi, its barcodes read and the payload parsed
    THEN every page yields exactly its own sheet's codes."""
    pages = _rasterise(render_cover_sheets(TRICKY_SHEETS))
    parsed = []
    for page in pages:
        (barcode,) = read_barcodes(page)
        assert barcode.format == "QRCode"
        parsed.append(parse_cover_payload(barcode.value))
    assert parsed == [_codes(sheet) for sheet in TRICKY_SHEETS]


def test_clerk_can_read_the_sheet() -> None:
    """GIVEN a rendered cover sheet
    WHEN it is read by eye (here: by tesseract, at 150 dpi)
    THEN the instruction, dossier number, title, element and type are printed in plain text."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    (page,) = _rasterise(render_cover_sheet(PLACEMENT))
    text = pytesseract.image_to_string(page, lang="fra")
    for expected in ("Feuille de couverture", "placer devant le document", "824415",
                     "Famille Dupont-Müller", "DEM-APLAC-002", "Demande de placement",
                     "decision"):
        assert expected in text


def test_long_title_is_cut_with_an_ellipsis() -> None:
    """GIVEN a dossier title far too long for two lines
    WHEN the sheet is rendered and read back by OCR
    THEN the beginning is printed, cut with an ellipsis, and the sheet still scans."""
    sheet = CoverSheet("5", "Accompagnement social " * 20, doc_type="rapport")
    (page,) = _rasterise(render_cover_sheet(sheet))
    (barcode,) = read_barcodes(page)
    assert parse_cover_payload(barcode.value) == _codes(sheet)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    text = pytesseract.image_to_string(page, lang="fra")
    assert text.count("Accompagnement social") < 10
    assert "…" in text or "..." in text

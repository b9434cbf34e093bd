"""The look before OCR inside extract_pages: marker sheets and blank pages are not OCR'd,
upside-down pages are turned, and what was done is recorded on the page."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image

from ocr import PageAnalysis, extract_pages
from tests.support.documents import page_image

ANALYSIS = PageAnalysis()


def pdf_of(images: list[Image.Image], path: Path, dpi: int = 200) -> Path:
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return path


def separator_page(value: str = "PATCHT", dpi: int = 200) -> Image.Image:
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    buffer = io.BytesIO()
    segno.make(value, micro=False).save(buffer, kind="png", scale=12, border=4)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    page.paste(code, (page.width // 3, page.height // 3))
    return page


def test_marker_blank_and_upside_down_pages(tmp_path: Path) -> None:
    """GIVEN a stack: a letter page upside down, a blank backside, a separator sheet
    WHEN extracted with page analysis THEN the letter page is turned 180° and read,
    the blank page is flagged and the separator's code is kept, neither OCR'd."""
    letter = page_image("\n".join([
        "Verfügung über wirtschaftliche Sozialhilfe",
        "Der Antrag vom 2. Mai 2016 wird gutgeheissen.",
        "Die Unterstützung beginnt am 1. Juni 2016 und wird monatlich ausbezahlt.",
        "Gegen diese Verfügung kann innert 30 Tagen Beschwerde erhoben werden.",
        "Die Beschwerde ist schriftlich und begründet einzureichen.",
        "Der Sozialdienst prüft die Verhältnisse jährlich von Amtes wegen.",
        "Änderungen der Einkommens- und Vermögensverhältnisse sind sofort zu melden.",
        "Zu Unrecht bezogene Leistungen müssen zurückerstattet werden."] * 2))
    stack = pdf_of([letter.rotate(180), Image.new("L", letter.size, 250), separator_page()],
                   tmp_path / "stack.pdf")
    turned, blank, separator = extract_pages(stack, "application/pdf", workers=2, dpi=200,
                                             languages=("deu",), analysis=ANALYSIS)
    assert turned.rotation == 180 and "Sozialhilfe" in turned.text
    assert "rotated 180" in turned.reason
    assert blank.blank and blank.text == "" and blank.source == "none"
    assert separator.codes == ("PATCHT",) and separator.text == ""
    assert "separator sheet" in separator.reason


def test_without_analysis_pages_are_read_as_they_are(tmp_path: Path) -> None:
    """GIVEN an upside-down page WHEN extracted without analysis THEN it is not turned."""
    stack = pdf_of([page_image("Attestation de domicile").rotate(180)], tmp_path / "one.pdf")
    [page] = extract_pages(stack, "application/pdf", workers=1, dpi=200, languages=("fra",))
    assert page.rotation == 0 and not page.blank and page.codes == ()

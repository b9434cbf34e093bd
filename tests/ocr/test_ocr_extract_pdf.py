"""extract_pages on PDFs: text layers, OCR of scans, the fallbacks, hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core import DamagedFile, EmptyFile, EncryptedFile, InvalidInput, OversizedFile
from ocr import extract_pages
from tests.conftest import corpus_file
from tests.ocr.conftest import DATA
from tests.ocr.fakes import CrashingEngine, FixedTextEngine, GreyLevelEngine

PDF = "application/pdf"


def test_born_digital_pdf_uses_its_text_layer(invoice_pdf: Path) -> None:
    """GIVEN a real two-page born-digital invoice WHEN its pages are extracted with an engine
    that would crash if used THEN both pages come from the text layer, with the reason,
    word boxes as page fractions and page sizes in points."""
    pages = extract_pages(invoice_pdf, PDF, workers=1, engine=CrashingEngine())
    assert [p.number for p in pages] == [1, 2]
    first = pages[0]
    assert first.source == "text-layer"
    assert first.reason.startswith("text layer with ") and first.reason.endswith(" characters")
    assert "Free Service Abonné" in first.text and "\n" in first.text
    assert first.confidence is None
    assert (round(first.width_pt or 0), round(first.height_pt or 0)) == (595, 842)
    assert all(0 <= w.x0 <= w.x1 <= 1 and 0 <= w.y0 <= w.y1 <= 1 for w in first.words)
    free = next(w for w in first.words if w.text == "Free")
    assert free.y0 < 0.2  # the sender's name is printed at the top of the invoice


def test_word_boxes_follow_the_crop_box_of_a_rotated_page() -> None:
    """GIVEN a page rotated 270° whose crop box shows a small part of its media box
    WHEN extracted THEN only the visible text is read and the words are fractions of the
    visible page (its heading at the top)."""
    pages = extract_pages(DATA / "pdfplumber_issue-1054-example.pdf", PDF, workers=1)
    page = pages[0]
    assert page.source == "text-layer"
    assert page.text.startswith("Seite1092 GMBl2008")
    heading = page.words[0]
    assert heading.text == "Seite1092"
    assert 0 < heading.x0 < 0.3 and 0 < heading.y0 < 0.15


@pytest.mark.slow
def test_scanned_pdf_is_ocrd(eurotext_pdf: Path) -> None:
    """GIVEN an image-only PDF of the eurotext page (a line in each of six languages, most
    in English) WHEN extracted with real tesseract, three languages installed
    THEN the page is OCR'd in one language, English (its first), saying so, with confidence
    and word boxes; its German line reads without its umlaut, the price of one model."""
    (page,) = extract_pages(eurotext_pdf, PDF, languages=("eng", "deu", "fra"), workers=1)
    assert page.source == "ocr"
    assert page.reason == "no text layer: OCR"
    assert page.language == "en"
    assert "The (quick) [brown] {fox} jumps!" in page.text
    assert "ber den faulen Hund" in page.text
    assert page.confidence is not None and page.confidence > 80
    assert page.words and page.width_pt is not None


def test_french_accents_survive_ocr() -> None:
    """GIVEN a scanned French pangram full of diacritics WHEN OCR'd in French
    THEN the accented words are read exactly."""
    path = corpus_file("scans/ocrmypdf_francais.pdf")
    (page,) = extract_pages(path, PDF, languages=("fra",), workers=1)
    for word in ("île", "intérieure", "côté", "l'alcôve", "bûches", "l'âtre", "ambiguë",
                 "capharnaüm", "çà", "Moÿ"):
        assert word in page.text, word


def test_garbled_text_layer_falls_back_to_ocr() -> None:
    """GIVEN a PDF whose fonts map glyphs to a few repeated letters
    WHEN extracted THEN the page is OCR'd and the reason says the text layer is unusable.
    (This file's glyphs themselves draw the same letters, so OCR reads them too.)"""
    path = DATA / "pdfplumber_issue-192-example.pdf"
    (page,) = extract_pages(path, PDF, workers=1, engine=FixedTextEngine())
    assert page.source == "ocr"
    assert page.reason.startswith("text layer unusable (letters too repetitive")
    assert page.text == "Texte fixe"


def test_text_layer_beside_large_images_is_ocrd() -> None:
    """GIVEN pages with a tiny text layer ("Test 1") and body text only as an image
    WHEN extracted THEN each page is OCR'd as a whole, the reason naming the images."""
    path = corpus_file("scans/tess4j_multipage-img.pdf")
    pages = extract_pages(path, PDF, workers=1, engine=FixedTextEngine())
    assert [p.source for p in pages] == ["ocr", "ocr"]
    assert "but images cover 73% of the page: OCR of the full page" in pages[0].reason


def test_selected_pages_come_back_in_page_order(grey_pdf: Path) -> None:
    """GIVEN a six-page scan WHEN pages 5, 2 and 2 again are asked for
    THEN pages 2 and 5 come back, in page order."""
    pages = extract_pages(grey_pdf, PDF, pages=[5, 2, 2], workers=1, engine=GreyLevelEngine())
    assert [p.number for p in pages] == [2, 5]
    assert [p.text.split(" pid ")[0] for p in pages] == ["page 2", "page 5"]


def test_page_out_of_range_is_invalid_input(grey_pdf: Path) -> None:
    """GIVEN a six-page file WHEN page 7 is asked for THEN InvalidInput names the count."""
    with pytest.raises(InvalidInput, match="has 6 page"):
        extract_pages(grey_pdf, PDF, pages=[7], engine=GreyLevelEngine())


def test_page_too_large_to_render_is_refused(tmp_path: Path) -> None:
    """GIVEN a tiny PDF whose page is 100 inches square WHEN it would be rendered for OCR
    THEN OversizedFile explains the size against the pixel limit, before any rendering."""
    path = tmp_path / "poster.pdf"
    Image.new("L", (100, 100), 255).save(path, resolution=1)  # 100 px at 1 dpi = 100 in
    with pytest.raises(OversizedFile) as caught:
        extract_pages(path, PDF, workers=1, engine=FixedTextEngine())
    assert caught.value.message == (
        "page 1 (100.0 x 100.0 in) rendered at 300 dpi would be 30000 x 30000 pixels "
        "(900 megapixels), more than the limit of 60 megapixels"
    )


def test_pixel_limit_is_configurable(eurotext_pdf: Path) -> None:
    """GIVEN an ordinary scan WHEN the pixel limit is set below its render THEN refused."""
    with pytest.raises(OversizedFile, match=r"more than the limit of 0\.5 megapixels"):
        extract_pages(eurotext_pdf, PDF, workers=1, max_pixels=500_000,
                      engine=FixedTextEngine())


def test_decompression_bomb_pdf_is_refused() -> None:
    """GIVEN an 11 KB PDF holding a 35000 x 35000 image WHEN extracted THEN refused."""
    path = corpus_file("hostile/ocrmypdf_hugemono.pdf")
    with pytest.raises(OversizedFile, match="megapixels"):
        extract_pages(path, PDF, workers=1, engine=FixedTextEngine())


def test_damaged_pdf_is_refused(tmp_path: Path) -> None:
    """GIVEN a file named .pdf that is not a PDF WHEN extracted THEN DamagedFile."""
    path = tmp_path / "not.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(DamagedFile, match=r"not\.pdf cannot be opened as a PDF"):
        extract_pages(path, PDF, engine=FixedTextEngine())


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """GIVEN a zero-byte file WHEN extracted THEN EmptyFile."""
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty"):
        extract_pages(path, PDF)


def test_encrypted_pdf_is_refused() -> None:
    """GIVEN a PDF protected by a user password WHEN extracted THEN EncryptedFile."""
    path = corpus_file("hostile/pypdf_r6-both-passwords.pdf")
    with pytest.raises(EncryptedFile, match="password"):
        extract_pages(path, PDF)


def test_a_media_box_inherited_from_the_page_tree_is_read_whole(tmp_path: Path) -> None:
    """GIVEN a landscape born-digital page whose MediaBox is set on the page tree, not on the
    page (as fpdf2 and many scanners write it) WHEN extracted THEN text beyond 612 pt (the
    width of US Letter, pdfium's default when a page carries no box of its own) is read, and
    the words' boxes are fractions of the whole landscape page."""
    import pikepdf
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.text(40, 30, "Gauche du dossier")
    pdf.text(260, 30, "Droite lointaine")
    made = tmp_path / "made.pdf"
    pdf.output(str(made))
    inherited = tmp_path / "inherited.pdf"
    with pikepdf.open(made) as doc:
        box = doc.pages[0].obj.get("/MediaBox") or doc.Root.Pages.get("/MediaBox")
        doc.Root.Pages.MediaBox = pikepdf.Array(list(box))
        if "/MediaBox" in doc.pages[0].obj:
            del doc.pages[0].obj["/MediaBox"]
        doc.save(inherited)
    page = extract_pages(inherited, PDF, workers=1, engine=CrashingEngine())[0]
    assert page.source == "text-layer"
    assert "Droite lointaine" in page.text
    far = next(w for w in page.words if w.text == "lointaine")
    assert 0.85 < far.x0 < far.x1 <= 1

"""Pages spoiled as copiers and stamps spoil them are prepared for reading (``ocr._cleanup``),
read again when poor, and never come out silently empty (``ocr._reread``)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ocr import PageAnalysis, extract_pages
from tests.support.documents import jpeg, page_image, photocopied, stamped

LETTER = ("Service social régional\nLausanne, le 12 mars 2024\nDossier n° 824415\n"
          "Madame Amélie Dubois\nObjet : Décision de placement\n"
          "Nous avons décidé de prolonger le placement de votre fils.\n"
          "Veuillez agréer, Madame, nos salutations distinguées.")
DPI, SIZE = 300, 42
LINE_TOP = [int(DPI * 0.8) + i * int(SIZE * 1.6) for i in range(8)]


def _letter() -> Image.Image:
    """The letter printed on the top of an A4 page (its empty lower half left out: the
    tests read less)."""
    page = page_image(LETTER, dpi=DPI, size=SIZE)
    return page.crop((0, 0, page.width, page.height * 2 // 5))


def _read(path: Path, mime: str) -> tuple[str, list[str]]:
    [page] = extract_pages(path, mime, workers=1, analysis=PageAnalysis(barcodes=False))
    return page.text, [step.code for step in page.steps]


def test_a_stamp_over_two_lines_does_not_lose_them(tmp_path: Path) -> None:
    """GIVEN a letter with a red "received" stamp inked across the lines naming the dossier
    and the person WHEN it is read THEN both lines are read, the stamp's colour dropped."""
    page = stamped(_letter(), LINE_TOP[2] - 30, "REÇU LE 14.03.2024")
    path = tmp_path / "stamped.jpg"
    path.write_bytes(jpeg(page, quality=75))
    text, steps = _read(path, "image/jpeg")
    assert "824415" in text
    assert "Amélie Dubois" in text
    assert "colour_dropped" in steps


def test_a_grey_speckled_photocopy_is_cleaned_and_read(tmp_path: Path) -> None:
    """GIVEN a photocopy-grade page (grey cast, uneven light, toner specks, strong JPEG)
    WHEN it is read THEN its background is normalised and its specks removed, and every line
    is read, the dossier number included."""
    path = tmp_path / "copy.jpg"
    path.write_bytes(jpeg(photocopied(_letter()), quality=30))
    text, steps = _read(path, "image/jpeg")
    assert {"background_normalised", "despeckled"} <= set(steps)
    for words in ("824415", "Amélie Dubois", "Décision de placement", "salutations"):
        assert words in text

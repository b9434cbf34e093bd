"""Generated letters in our five languages, rendered as scanned pages with known text."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LETTERS = {
    "fr": "Madame, nous accusons réception de votre demande d'aide sociale. Les pièces "
          "relatives à votre logement et aux revenus de votre ménage doivent nous parvenir "
          "avant la fin du mois. Nous restons à votre disposition pour toute question.",
    "de": "Sehr geehrte Frau Müller, wir bestätigen den Eingang Ihres Antrags auf "
          "Unterstützung. Die Unterlagen über Ihre Wohnung und das Einkommen Ihrer Familie "
          "müssen bis zum Ende des Monats bei uns eingereicht werden. Für Rückfragen stehen "
          "wir Ihnen gerne zur Verfügung.",
}


def letter_page(text: str, *, dpi: int = 200, paragraphs: int = 2) -> Image.Image:
    """An A5 page at ``dpi`` with ``paragraphs`` copies of ``text``, black on white."""
    width, height = round(5.8 * dpi), round(8.3 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, round(dpi * 0.14))
    y = dpi // 2
    for _ in range(paragraphs):
        for line in textwrap.wrap(text, 60):
            draw.text((dpi // 2, y), line, font=font, fill=0)
            y += round(dpi * 0.2)
        y += round(dpi * 0.2)
    page.info["dpi"] = (dpi, dpi)
    return page


def write_letters_pdf(path: Path, languages: list[str], *, dpi: int = 200) -> Path:
    """An image-only PDF of one letter page per language code in ``languages``."""
    first, *rest = [letter_page(LETTERS[code], dpi=dpi) for code in languages]
    first.save(path, save_all=True, append_images=rest, resolution=dpi)
    return path

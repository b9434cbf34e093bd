"""Demo material generated in code: a scanned-looking French decision letter."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_LETTER = """Service de l'action sociale — Commune de Sion
Dossier n° 824415 — Élément DEM-APLAC-002

Sion, le 13 juin 2016

Décision

Monsieur François Armengaud,
Vu votre demande du 2 mai 2016, le service décide d'octroyer
une aide sociale financière de CHF 1'250.00 par mois
pour le placement de votre fille Léa en foyer.

Cette décision peut faire l'objet d'un recours dans les 30 jours.

L'assistante sociale : Chantal Dubois"""


def decision_letter(target: Path, *, dpi: int = 200) -> Path:
    """Write an image-only (scanned) one-page PDF of a decision letter to ``target``."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(_FONT), 30) if _FONT.exists() else ImageFont.load_default()
    y = int(dpi * 0.9)
    for line in _LETTER.splitlines():
        draw.text((int(dpi * 0.9), y), line, fill=0, font=font)
        y += 50
    page.save(target, format="PDF", resolution=dpi)
    return target

"""Cover sheets: printed by Liasse for a dossier, put by the clerk in front of a document.

A cover sheet tells the batch splitter two things at once: "a new document starts after this
page" and "it belongs to this dossier (element, type)". The machine reads a QR code; the clerk
reads the same codes in big letters, with the titles that the QR code leaves out.

The QR payload (``core.sheet_codes``, shared with the letters Liasse writes)::

    LIASSE:1;D=824415;E=DEM-APLAC-002;T=decision;S=SPE

``D`` dossier number (required), ``E`` element reference, ``T`` document type, ``S`` service.
Titles are not in the payload: they
change, and a short payload keeps the QR code coarse and robust against stamps and fax-grade
scans.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import segno
from PIL import Image, ImageDraw, ImageFont

from core import InvalidInput
from core.sheet_codes import decode_payload, encode_payload

_KEYS = {"D": "dossier_number", "E": "element_reference", "T": "doc_type", "S": "service"}

DPI = 300
PAGE_SIZE = (2480, 3508)  # A4 at 300 dpi
MARGIN = 180
QR_SIDE = 780  # pixels, about 66 mm
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
INSTRUCTION = "Feuille de couverture — placer devant le document"


@dataclass(frozen=True, slots=True)
class CoverSheet:
    """What a cover sheet says. Only the codes travel in its QR code; the titles are for the
    clerk, so a sheet parsed from a scan has an empty ``dossier_title`` and no
    ``element_title``."""

    dossier_number: str
    dossier_title: str
    element_reference: str | None = None
    element_title: str | None = None
    doc_type: str | None = None
    service: str | None = None


def cover_payload(sheet: CoverSheet) -> str:
    """The text of the sheet's QR code. Raises ``InvalidInput`` without a dossier number."""
    if not sheet.dossier_number.strip():
        raise InvalidInput("a cover sheet needs a dossier number")
    return encode_payload({key: getattr(sheet, attribute) for key, attribute in _KEYS.items()})


def parse_cover_payload(value: str) -> CoverSheet | None:
    """The cover sheet a QR code stands for, or ``None`` if it is not one of ours
    (another prefix, an unknown version, an unknown or repeated key, a bad escape)."""
    found = decode_payload(value, keys=_KEYS)
    if found is None or "D" not in found:
        return None
    codes = {_KEYS[key]: decoded for key, decoded in found.items()}
    return CoverSheet(dossier_title="", **codes)


def render_cover_sheet(sheet: CoverSheet) -> bytes:
    """One cover sheet as a one-page A4 PDF (a 300 dpi bilevel image)."""
    return render_cover_sheets([sheet])


def render_cover_sheets(sheets: Iterable[CoverSheet]) -> bytes:
    """Several cover sheets as one A4 PDF, one page each, in the order given."""
    pages = [_draw_sheet(sheet) for sheet in sheets]
    if not pages:
        raise InvalidInput("no cover sheet to print")
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title="Liasse — feuilles de couverture")
    return buffer.getvalue()


def _draw_sheet(sheet: CoverSheet) -> Image.Image:
    payload = cover_payload(sheet)
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, PAGE_SIZE[0], 60), fill=0)  # a black band: easy to spot in a stack
    y = _write(draw, INSTRUCTION, MARGIN, 130, _font("DejaVuSans-Bold", 64))
    page.paste(_qr_image(payload), ((PAGE_SIZE[0] - QR_SIDE) // 2, y + 60))
    y += 60 + QR_SIDE + 80
    for label, text, size, lines in _lines(sheet):
        y = _write(draw, label, MARGIN, y, _font("DejaVuSans", 44)) + 10
        y = _write_wrapped(draw, text, y, _font("DejaVuSans-Bold", size), lines) + 50
    footer = _font("DejaVuSansMono", 36)
    _write_wrapped(draw, payload, PAGE_SIZE[1] - MARGIN - 2 * _line_height(footer), footer, 3)
    return page.point(lambda level: 255 if level >= 128 else 0, mode="1")


def _lines(sheet: CoverSheet) -> Iterator[tuple[str, str, int, int]]:
    """(label, text, font size, at most so many lines) for each part of the sheet."""
    yield "Dossier", sheet.dossier_number, 190, 1
    if sheet.dossier_title:
        yield "Titre du dossier", sheet.dossier_title, 80, 2
    if sheet.element_reference or sheet.element_title:
        element = " — ".join(p for p in (sheet.element_reference, sheet.element_title) if p)
        yield "Élément", element, 80, 2
    if sheet.doc_type:
        yield "Type de document", sheet.doc_type, 80, 1
    if sheet.service:
        yield "Service", sheet.service, 64, 1


def _qr_image(payload: str) -> Image.Image:
    """The payload as a QR code (error correction Q: a stamp may land on it), QR_SIDE wide."""
    modules = qr_modules(payload)
    scale = QR_SIDE // modules.width
    return modules.resize((modules.width * scale, modules.height * scale), Image.Resampling.NEAREST)


def qr_modules(payload: str) -> Image.Image:
    """The payload as a QR code, one pixel a module, with its quiet zone (error correction Q,
    boosted where the size allows)."""
    symbol = segno.make_qr(payload, error="q", boost_error=True)
    png = io.BytesIO()
    symbol.save(png, kind="png", scale=1, border=4)
    return Image.open(png).convert("L")


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{FONT_DIR}{name}.ttf", size)


def _write(draw: ImageDraw.ImageDraw, text: str, x: int, y: int,
           font: ImageFont.FreeTypeFont) -> int:
    """Draw one line at (x, y); return the y below it."""
    draw.text((x, y), text, font=font, fill=0)
    return y + _line_height(font)


def _write_wrapped(draw: ImageDraw.ImageDraw, text: str, y: int,
                   font: ImageFont.FreeTypeFont, max_lines: int) -> int:
    for line in _wrap(draw, text, font, PAGE_SIZE[0] - 2 * MARGIN, max_lines):
        y = _write(draw, line, MARGIN, y, font)
    return y


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int,
          max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width``; an ellipsis ends
    a text that does not fit. Words longer than a line are cut."""
    lines: list[str] = []
    current = ""
    for char in " ".join(text.split()):
        candidate = current + char
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        head, space, tail = current.rpartition(" ")
        lines.append(head if space else current)
        current = (tail if space else "") + char
    lines.append(current)
    lines = [line.strip() for line in lines]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(draw, lines[-1], font, width)
    return lines


def _with_ellipsis(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont,
                   width: int) -> str:
    while line and draw.textlength(line + " …", font=font) > width:
        line = line[:-1]
    return line.rstrip() + " …"


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


"""Documents generated in code for tests: PDFs with a real text layer, scanned-looking pages."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(pages: Sequence[str]) -> bytes:
    """A born-digital PDF: each page's lines drawn in Helvetica (WinAnsi, so French, German and
    Italian accents survive) as a real text layer."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    for text in pages:
        ops = [b"BT /F1 12 Tf 14 TL 72 770 Td"]
        for line in text.splitlines():
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
            ops.append(b"(" + escaped.replace(b")", b"\\)") + b") Tj T*")
        ops.append(b"ET")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(b"\n".join(ops)))
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def page_image(text: str, *, dpi: int = 200, size: int = 34) -> Image.Image:
    """An A4 page at ``dpi`` with ``text`` printed in black: what a clean scan looks like."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    y = int(dpi * 0.8)
    for line in text.splitlines():
        draw.text((int(dpi * 0.8), y), line, fill=0, font=font)
        y += int(size * 1.6)
    return image


def scanned_pdf(pages: Sequence[str], *, dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer), one printed page per entry: needs OCR."""
    images = [page_image(text, dpi=dpi) for text in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()

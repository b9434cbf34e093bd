"""Documents generated in code for tests: PDFs with a real text layer, scanned-looking pages."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pikepdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

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


def photocopied(page: Image.Image, *, seed: int = 7) -> Image.Image:
    """``page`` as a copier spoils it: grey paper lit unevenly (darker to one side), greyed
    and softened text, toner specks between the words."""
    rng = np.random.default_rng(seed)
    pixels = np.asarray(page.filter(ImageFilter.GaussianBlur(1.0)), dtype=np.float32) / 255
    pixels = 0.25 + (0.7 - 0.25) * pixels  # ink 0.25, paper 0.7
    pixels *= np.linspace(1.0, 0.8, pixels.shape[1], dtype=np.float32)[None, :]
    for y, x in zip(rng.integers(0, pixels.shape[0] - 3, 2500),
                    rng.integers(0, pixels.shape[1] - 3, 2500), strict=True):
        pixels[y:y + 2, x:x + 2] = 0.15
    return Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))


def stamped(page: Image.Image, top: int, label: str, *, ink: tuple[int, int, int] =
            (200, 30, 40)) -> Image.Image:
    """``page`` in colour with a rubber stamp (a framed ``label``, tilted) inked over the
    text from ``top`` down across two lines: the stamp's ink over the toner, as on paper."""
    font = ImageFont.truetype(FONT, 60)
    width = int(font.getlength(label)) + 80
    stamp = Image.new("L", (width, 200), 0)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((6, 6, width - 6, 194), outline=255, width=9)
    draw.text((40, 25), label, fill=255, font=font)
    draw.text((40, 110), "SERVICE SOCIAL", fill=255, font=font)
    stamp = stamp.rotate(6, expand=True, resample=Image.Resampling.BICUBIC)
    layer = Image.new("RGB", page.size, (255, 255, 255))
    layer.paste(Image.new("RGB", stamp.size, ink), (page.width // 8, top), stamp)
    return ImageChops.multiply(page.convert("RGB"), layer)


def jpeg(image: Image.Image, *, quality: int = 35, dpi: int = 300) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()

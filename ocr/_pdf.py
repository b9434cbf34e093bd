"""PDF pages: open (pypdfium2), render (pypdfium2) and read the text layer (pdfplumber).

Vendor errors stop here: a PDF that cannot be opened becomes ``DamagedFile`` or
``EncryptedFile``; a text layer pdfplumber cannot read becomes a fact for the decision
(the page is then OCR'd).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from core import DamagedFile, EncryptedFile, WordBox
from ocr._decide import TextLayerFacts
from ocr._limits import refuse_if_too_many_pixels

# An embedded image is decoded whole before it is scaled down to the render, so it gets a
# looser limit than the render itself (1-bit fax scans at 600 dpi are large but cheap).
EMBEDDED_IMAGE_FACTOR = 4

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber's page frame


def open_pdfium(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium, translating its errors into ours."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(f"{path.name} is protected by a password") from exc
        raise DamagedFile(f"{path.name} cannot be opened as a PDF: {exc}") from exc


def open_plumber(path: Path) -> pdfplumber.PDF | None:
    """Open a PDF with pdfplumber, or ``None`` when it cannot (pdfium may still render it)."""
    try:
        return pdfplumber.open(str(path))
    except Exception:
        return None


def render_pdf_page(
    doc: pdfium.PdfDocument, number: int, *, dpi: int, max_pixels: int, grayscale: bool
) -> Image.Image:
    """Render page ``number`` (1-based) at ``dpi``, refusing pages or images too large."""
    page = doc[number - 1]
    try:
        width_pt, height_pt = page.get_size()
        scale = dpi / 72
        width, height = round(width_pt * scale), round(height_pt * scale)
        refuse_if_too_many_pixels(
            width,
            height,
            max_pixels,
            f"page {number} ({width_pt / 72:.1f} x {height_pt / 72:.1f} in) rendered at {dpi} dpi",
        )
        _refuse_huge_embedded_images(page, number, max_pixels * EMBEDDED_IMAGE_FACTOR)
        bitmap = page.render(scale=scale, grayscale=grayscale)
        image = bitmap.to_pil()
    finally:
        page.close()
    image.info["dpi"] = (dpi, dpi)
    return image


def _refuse_huge_embedded_images(page: pdfium.PdfPage, number: int, limit: int) -> None:
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        if isinstance(obj, pdfium.PdfImage):
            width, height = obj.get_px_size()
            refuse_if_too_many_pixels(
                width, height, limit, f"an image embedded in page {number}"
            )


@dataclass(frozen=True, slots=True)
class TextLayer:
    """A PDF page's text layer as read by pdfplumber, within the visible (crop) box."""

    facts: TextLayerFacts
    words: tuple[WordBox, ...]
    width_pt: float
    height_pt: float


def read_text_layer(plumber: pdfplumber.PDF | None, page: pdfium.PdfPage, number: int) -> TextLayer:
    """Read page ``number``'s text layer; an unreadable one yields facts with an ``error``."""
    width_pt, height_pt = page.get_size()
    if plumber is None:
        facts = TextLayerFacts(text="", image_share=1.0, error="pdfplumber cannot open the file")
        return TextLayer(facts, (), width_pt, height_pt)
    try:
        return _read_with_plumber(plumber.pages[number - 1], visible_box(page), width_pt, height_pt)
    except Exception as exc:
        facts = TextLayerFacts(text="", image_share=1.0, error=f"{type(exc).__name__}: {exc}")
        return TextLayer(facts, (), width_pt, height_pt)


def _read_with_plumber(
    page: pdfplumber.page.Page, box: Box, width_pt: float, height_pt: float
) -> TextLayer:
    try:
        visible = page if _same_box(box, page.bbox) else page.crop(_clamp(box, page.bbox))
        text = visible.extract_text() or ""
        words = tuple(_word_box(w, box) for w in visible.extract_words())
        share = _image_share(visible.images, box)
    finally:
        page.close()
    return TextLayer(TextLayerFacts(text=text, image_share=share), words, width_pt, height_pt)


def visible_box(page: pdfium.PdfPage) -> Box:
    """The crop box in pdfplumber's frame: rotated like the displayed page, origin top-left
    of the rotated media box. pypdfium2 renders exactly this box."""
    # pdfium reads /MediaBox and /CropBox from the page's own dictionary only; a box set on
    # the page tree (common: fpdf2, many scanners) is inherited, so fall back to get_bbox(),
    # which does inherit, instead of pypdfium2's US Letter default.
    inherited = page.get_bbox()
    mx0, my0, mx1, my1 = page.get_mediabox(fallback_ok=False) or inherited
    cx0, cy0, cx1, cy1 = page.get_cropbox(fallback_ok=False) or (mx0, my0, mx1, my1)
    width, height = mx1 - mx0, my1 - my0
    x0, t0, x1, t1 = cx0 - mx0, my1 - cy1, cx1 - mx0, my1 - cy0  # unrotated, top-left origin
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return (height - t1, x0, height - t0, x1)
    if rotation == 180:
        return (width - x1, height - t1, width - x0, height - t0)
    if rotation == 270:
        return (t0, width - x1, t1, width - x0)
    return (x0, t0, x1, t1)


def _word_box(word: dict[str, object], box: Box) -> WordBox:
    x0, top, x1, bottom = box
    width, height = (x1 - x0) or 1.0, (bottom - top) or 1.0

    def frac(value: object, origin: float, size: float) -> float:
        return round(min(1.0, max(0.0, (float(value) - origin) / size)), 5)  # type: ignore[arg-type]

    return WordBox(
        text=str(word["text"]),
        x0=frac(word["x0"], x0, width),
        y0=frac(word["top"], top, height),
        x1=frac(word["x1"], x0, width),
        y1=frac(word["bottom"], top, height),
    )


def _image_share(images: list[dict[str, object]], box: Box) -> float:
    x0, top, x1, bottom = box
    area = (x1 - x0) * (bottom - top)
    if area <= 0:
        return 0.0
    covered = 0.0
    for image in images:
        ix0, it, ix1, ib = (float(image[k]) for k in ("x0", "top", "x1", "bottom"))  # type: ignore[arg-type]
        w = min(ix1, x1) - max(ix0, x0)
        h = min(ib, bottom) - max(it, top)
        if w > 0 and h > 0:
            covered += w * h
    return round(min(1.0, covered / area), 3)


def _same_box(a: Box, b: tuple[float, float, float, float], tolerance: float = 0.5) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def _clamp(box: Box, bounds: tuple[float, float, float, float]) -> Box:
    return (
        max(box[0], bounds[0]),
        max(box[1], bounds[1]),
        min(box[2], bounds[2]),
        min(box[3], bounds[3]),
    )

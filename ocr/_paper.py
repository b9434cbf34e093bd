"""Small facts about a scanned page image shared by the looks before OCR: its resolution and
its pixels as plain paper (no transparency)."""

from __future__ import annotations

from PIL import Image

A4_LONG_SIDE_INCHES = 297 / 25.4


def page_dpi(image: Image.Image) -> float:
    """The resolution to assume: that of an A4 page of this size, or the image's own metadata
    when lower. Metadata alone is not trusted (an 800x1024 sample claims 300 dpi); the lower
    value is also the safe side for blank-page detection (marks count as larger)."""
    as_a4 = max(image.size) / A4_LONG_SIDE_INCHES
    dpi = image.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and float(dpi[0]) > 1:
        return min(float(dpi[0]), as_a4)
    return as_a4


def on_paper(image: Image.Image) -> Image.Image:
    """Grayscale or RGB, with transparent parts (scanner apps leave them around a cropped page)
    shown as white paper."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")


def grayscale(image: Image.Image) -> Image.Image:
    """The page in grayscale on white paper."""
    return image if image.mode == "L" else on_paper(image).convert("L")

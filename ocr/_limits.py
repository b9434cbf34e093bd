"""Pixel limits that keep one hostile page from exhausting a worker's memory."""

from __future__ import annotations

from core import OversizedFile

# An A4 page at 600 dpi is ~35 megapixels; 60 leaves room for A3 at 400 dpi.
DEFAULT_MAX_PIXELS = 60_000_000


def refuse_if_too_many_pixels(width: int, height: int, max_pixels: int, what: str) -> None:
    """Raise ``OversizedFile`` when ``width x height`` exceeds ``max_pixels``.

    ``what`` names the thing for the clerk who reads the message, e.g. "page 3 rendered at
    300 dpi" or "the image".
    """
    pixels = width * height
    if pixels > max_pixels:
        raise OversizedFile(
            f"{what} would be {width} x {height} pixels ({megapixels(pixels)} megapixels), "
            f"more than the limit of {megapixels(max_pixels)} megapixels"
        )


def megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")

"""Barcodes on scanned pages: read them, and decide whether a page is a separator sheet.

Reading uses zxing-cpp. Pages are brought down to about 150 dpi first: that is both faster
and more reliable than full scanner resolution (ENVIRONMENT-NOTES: at 300 dpi a Code 128 was
missed), and only the formats asked for are searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import zxingcpp
from PIL import Image

from core import InvalidInput
from ocr._paper import grayscale, page_dpi

DEFAULT_FORMATS: tuple[str, ...] = ("QRCode", "Code128", "Code39")
DEFAULT_SEPARATOR_VALUES: tuple[str, ...] = ("PATCHT",)

READING_DPI = 150


@dataclass(frozen=True, slots=True)
class Barcode:
    """One decoded barcode.

    ``format`` is zxing-cpp's format name (``"QRCode"``, ``"Code128"``, ``"Code39"``...).
    ``box`` is ``(x0, y0, x1, y1)`` in fractions of the page (0..1, origin top-left), like
    ``core.WordBox``, so it holds at any rendering resolution.
    """

    format: str
    value: str
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class SeparatorMatch:
    """The barcode that makes a page a separator sheet, and why."""

    barcode: Barcode
    reason: str


def read_barcodes(
    image: Image.Image, *, formats: Sequence[str] = DEFAULT_FORMATS
) -> list[Barcode]:
    """Decode the barcodes of the given formats on one page image, top to bottom.

    Raises ``InvalidInput`` for a format name zxing-cpp does not know.
    """
    wanted = _zxing_formats(formats)
    page = _reading_copy(image)
    found = zxingcpp.read_barcodes(page, formats=wanted)
    barcodes = [_as_barcode(result, page.width, page.height) for result in found]
    return sorted(barcodes, key=lambda barcode: (barcode.box[1], barcode.box[0]))


def find_separator(
    barcodes: Iterable[Barcode], values: Sequence[str] = DEFAULT_SEPARATOR_VALUES
) -> SeparatorMatch | None:
    """The first barcode whose whole value is one of ``values``, or ``None``.

    The comparison is exact (after trimming surrounding spaces): "PATCHT-2" or "patcht" is not
    a separator, so a stray label cannot split a document by accident.
    """
    accepted = {value.strip() for value in values}
    for barcode in barcodes:
        value = barcode.value.strip()
        if value in accepted:
            reason = f'{barcode.format} barcode "{value}" is a configured separator value'
            return SeparatorMatch(barcode=barcode, reason=reason)
    return None


def _zxing_formats(names: Sequence[str]) -> zxingcpp.BarcodeFormats:
    if not names:
        raise InvalidInput("at least one barcode format is needed")
    known = zxingcpp.BarcodeFormat.__members__
    unknown = [name for name in names if name not in known]
    if unknown:
        raise InvalidInput(f"unknown barcode format(s): {', '.join(unknown)}")
    return zxingcpp.barcode_formats_from_str(",".join(names))


def _reading_copy(image: Image.Image) -> Image.Image:
    """A grayscale copy at about ``READING_DPI``; smaller images are left at their size."""
    gray = grayscale(image)
    scale = READING_DPI / page_dpi(image)
    if scale >= 0.9:
        return gray
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    return gray.resize(size, Image.Resampling.BOX)



def _as_barcode(result: zxingcpp.Barcode, width: int, height: int) -> Barcode:
    position = result.position
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    xs = [point.x for point in corners]
    ys = [point.y for point in corners]
    box = (
        _fraction(min(xs), width),
        _fraction(min(ys), height),
        _fraction(max(xs), width),
        _fraction(max(ys), height),
    )
    return Barcode(format=result.format.name, value=result.text, box=box)


def _fraction(pixels: float, extent: int) -> float:
    return min(1.0, max(0.0, pixels / extent))

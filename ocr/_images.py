"""Image files (TIFF with many pages, PNG, JPEG...): open one page safely, ready for OCR."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from core import DamagedFile, InvalidInput, OversizedFile
from ocr._limits import refuse_if_too_many_pixels

# Images whose longest side reaches this are taken as page scans (an A4 page at 200 dpi is
# 2339 px high); smaller ones without a usable resolution are screenshots or crops, and
# tesseract reads those better enlarged.
PAGE_SCAN_MIN_SIDE = 1600
SMALL_IMAGE_SCALE = 2
# Resolutions below this in the metadata are usually a program's default (72, 96), not a scan.
MIN_PLAUSIBLE_DPI = 100


@dataclass(frozen=True, slots=True)
class ImagePage:
    """One page of an image file, converted for OCR, and what was done to it."""

    image: Image.Image
    dpi: float | None
    notes: tuple[str, ...]

    @property
    def size_pt(self) -> tuple[float | None, float | None]:
        if not self.dpi:
            return None, None
        return self.image.width / self.dpi * 72, self.image.height / self.dpi * 72


def image_page_count(path: Path, max_pixels: int) -> int:
    with _open(path, max_pixels) as image:
        return int(getattr(image, "n_frames", 1))


def load_image_page(path: Path, number: int, max_pixels: int) -> Image.Image:
    """Page ``number`` (1-based) of an image file, decoded, in its own colour mode."""
    with _open(path, max_pixels) as image:
        frames = int(getattr(image, "n_frames", 1))
        if not 1 <= number <= frames:
            raise InvalidInput(f"{path.name} has {frames} page(s); page {number} does not exist")
        try:
            image.seek(number - 1)
            refuse_if_too_many_pixels(*image.size, max_pixels, f"page {number} of {path.name}")
            image.load()
            page = image.copy()
        except (OSError, SyntaxError, ValueError) as exc:
            raise DamagedFile(f"page {number} of {path.name} cannot be decoded: {exc}") from exc
    return page


def prepare_image_page(image: Image.Image, max_pixels: int) -> ImagePage:
    """Convert a decoded image for OCR: plain colour mode, upright (EXIF), sensible size."""
    notes: list[str] = []
    image = ImageOps.exif_transpose(image) or image
    converted = _plain_mode(image)
    if converted.mode != image.mode:
        notes.append(f"converted from {image.mode} to {converted.mode}")
    dpi = _usable_dpi(image)
    converted = _square_pixels(converted, image.info.get("dpi"), notes)
    if dpi is None:
        notes.append("no usable DPI metadata")
    if dpi is None and max(converted.size) < PAGE_SCAN_MIN_SIDE:
        factor = SMALL_IMAGE_SCALE
        if converted.width * converted.height * factor * factor <= max_pixels:
            size = (converted.width * factor, converted.height * factor)
            converted = converted.resize(size, Image.Resampling.LANCZOS)
            notes.append(f"small image scaled x{factor}")
    if dpi is not None:
        converted.info["dpi"] = (dpi, dpi)
    return ImagePage(converted, dpi, tuple(notes))


def _square_pixels(image: Image.Image, dpi: object, notes: list[str]) -> Image.Image:
    """A page scanned at another resolution down than across (a fax in normal mode is 200x100
    dpi) stretched to square pixels, at the resolution across."""
    try:
        across, down = (float(v) for v in dpi)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return image
    if across < MIN_PLAUSIBLE_DPI or down <= 0 or abs(across / down - 1) < 0.05:
        return image
    height = max(1, round(image.height * across / down))
    grey = image.convert("L") if image.mode == "1" else image
    notes.append(f"resolution {across:g}x{down:g} dpi made square")
    return grey.resize((image.width, height), Image.Resampling.BICUBIC)


def _open(path: Path, max_pixels: int) -> Image.Image:
    """Open an image lazily (header only), refusing decompression bombs before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OversizedFile(f"{path.name} is an image with too many pixels: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise DamagedFile(f"{path.name} is not a readable image") from exc
    except OSError as exc:
        raise DamagedFile(f"{path.name} cannot be read as an image: {exc}") from exc
    try:
        refuse_if_too_many_pixels(*image.size, max_pixels, f"the image {path.name}")
    except OversizedFile:
        image.close()
        raise
    return image


def _plain_mode(image: Image.Image) -> Image.Image:
    """Tesseract reads 1-bit, grey and RGB; everything else is converted (CMYK, palette,
    16-bit grey, transparency flattened onto white paper)."""
    if image.mode in ("1", "L", "RGB"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    if image.mode == "P":
        return image.convert("RGB")
    if image.mode.startswith("I") or image.mode == "F":
        return ImageOps.autocontrast(image.convert("I").point(lambda v: v / 256).convert("L"))
    return image.convert("RGB")


def _usable_dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None
    return value if value >= MIN_PLAUSIBLE_DPI else None

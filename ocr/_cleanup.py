"""Make a page easier for the engine to read, from what the page shows: small stages, each
taken only when a measure of the page calls for it, each leaving a ``PageStep`` (a code with
its parameters) that says why.

The measures come from one look at a small copy of the page (``PageLook``): how grey the
paper is and how unevenly lit, how many toner specks lie between the words, how tall the
lower-case letters stand (x-height), and whether coloured ink (a stamp, a pen) crosses the
black text. The stages, in order:

1. ``colour_dropped``: coloured ink lighter than the text is taken out (each pixel keeps its
   brightest channel: black stays black, a red, blue or violet stamp turns pale).
2. ``background_normalised``: the page divided by its blurred background (the paper without
   the ink), which removes a grey cast and uneven light alike.
3. ``rescaled``: the page brought to the size at which tesseract reads best, told by the
   x-height found (``TARGET_X_HEIGHT`` pixels).
4. ``despeckled``: a median filter, when specks are many.
5. ``contrast_stretched``: the darkest ink to black, the paper to white.
6. ``lines_removed``: long straight rules (box frames, a stamp's border) thinned out, so that
   the engine does not take the lines they cross for a picture.
7. ``binarised``: a threshold between ink and paper, for a page that came as black and white
   (a fax) or whose ink is still noisy.

No stage runs on a page that does not need it: a clean office scan goes through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter
from scipy import ndimage

from core import PageStep
from ocr._paper import page_dpi

FloatArray = npt.NDArray[Any]  # float32 grey, 0 (ink) .. 1 (paper)
LOOK_DPI = 150  # the small copy the page's measures are taken on
TARGET_X_HEIGHT = 20.0  # pixels: tesseract reads lower-case letters of 20-30 px best
RESCALE_TOLERANCE = 0.25  # within this share of the target, the page keeps its size
MIN_SCALE, MAX_SCALE = 0.4, 2.5
GREY_CAST_LIMIT = 0.08  # paper darker than 92 % white is normalised
UNEVEN_LIMIT = 0.06  # paper whose light varies by more than this is normalised
COLOUR_SATURATION = 0.35  # a pixel this saturated (and dark enough to be ink) is coloured
COLOUR_SHARE_LIMIT = 0.0005  # coloured ink on this share of the page: it is dropped
SPECK_MM = 0.3  # a mark smaller than this across is a speck, not a full stop
SPECKS_PER_MEGAPIXEL = 200  # tiny isolated marks per megapixel (at look resolution)
EDGE_MM = 4.0  # the border of a speckled page cleared (``clear_edges``)
SPECK_X_HEIGHT_SHARE = 0.3  # a mark narrower than this share of the x-height is a dot
TINY_X_HEIGHT_SHARE = 0.12  # narrower than the smallest dot of the text: always a speck
NEAR_X_HEIGHT_SHARE = 1.0  # a dot this close to a letter (in x-heights) belongs to it
RULE_LENGTH_SHARE = 0.12  # a straight dark run this long (share of the width) is a rule


@dataclass(frozen=True, slots=True)
class PageLook:
    """The measures of one page taken on a small grey copy."""

    paper: float  # the paper's brightness, 0..1
    unevenness: float  # spread of the background's brightness, 0..1
    coloured_share: float  # share of the page inked in colour
    specks: float  # tiny isolated marks per megapixel of the look copy
    x_height: float | None  # in pixels of the page as it is
    bilevel: bool  # the page has only black and white


@dataclass(frozen=True, slots=True)
class CleanPage:
    image: Image.Image
    steps: tuple[PageStep, ...]
    look: PageLook


def clean_page(image: Image.Image, *, dpi: float | None = None,
               forced: bool = False) -> CleanPage:
    """The page made easier to read, and the steps taken (none for a clean page).
    ``forced``: every stage that can help a poor reading runs (background normalised,
    contrast stretched, rules removed, binarised), whatever the measures say: the second
    preparation of a page whose first reading was poor (``ocr._reread``)."""
    dpi = dpi or page_dpi(image)
    steps: list[PageStep] = []
    coloured = _coloured_share(image)
    grey = drop_colour(image, coloured, steps)
    look = look_at(grey, dpi, coloured, bilevel=image.mode == "1")
    pixels = np.asarray(grey, dtype=np.float32) / 255
    if forced or look.paper < 1 - GREY_CAST_LIMIT or look.unevenness > UNEVEN_LIMIT:
        pixels = normalise_background(pixels, dpi)
        steps.append(PageStep("background_normalised", {
            "grey_cast": round(1 - look.paper, 2), "unevenness": round(look.unevenness, 2)}))
    pixels, scale = rescale(pixels, look, steps)
    speckled = look.specks > SPECKS_PER_MEGAPIXEL
    if speckled:
        pixels = despeckle(pixels)
    if steps or look.bilevel or speckled:
        pixels = stretch_contrast(pixels, steps)
        pixels = remove_rules(pixels, steps)
    if forced or look.bilevel or speckled:
        pixels = binarise(pixels, steps)
    if speckled:
        pixels, removed = drop_small_marks(pixels, look.x_height and look.x_height * scale)
        pixels = clear_edges(pixels, dpi * scale)
        steps.append(PageStep("despeckled", {"specks_per_megapixel": round(look.specks),
                                             "median": 3, "marks_removed": removed,
                                             "edge_mm": EDGE_MM}))
    if not steps:
        return CleanPage(image, (), look)
    cleaned = Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))
    cleaned.info["dpi"] = (round(dpi * scale), round(dpi * scale))
    return CleanPage(cleaned, tuple(steps), look)


def look_at(grey: Image.Image, dpi: float, coloured: float, *, bilevel: bool) -> PageLook:
    factor = max(1, round(dpi / LOOK_DPI))
    small = np.asarray(grey.reduce(factor) if factor > 1 else grey, dtype=np.float32) / 255
    background = _background(small, factor_dpi=dpi / factor)
    paper = float(np.percentile(background, 50))
    unevenness = float(np.percentile(background, 95) - np.percentile(background, 5))
    ink = small < background * 0.6
    bilevel = bilevel or len(np.unique(np.asarray(grey)[::7, ::7])) <= 2
    x_height = _x_height(ink)
    return PageLook(paper, unevenness, coloured, _specks(ink, dpi / factor),
                    x_height * factor if x_height else None, bilevel)


def _background(pixels: FloatArray, factor_dpi: float) -> FloatArray:
    """The paper without the ink: a grey closing (the brightest values around each pixel,
    then the darkest of those), lightly smoothed. The closing fills strokes narrower than
    ``side`` but keeps the edge of a wider bright area where it is: the white margin a
    scanner adds round a tilted grey page does not lighten the paper beside it (a plain
    brightest-value filter did, and the page's edges came out as black bands)."""
    side = max(3, round(factor_dpi / 8))  # about 3 mm: wider than any stroke
    bright = ndimage.grey_closing(pixels, size=(side, side))
    return ndimage.uniform_filter(bright, size=max(3, side // 2)).astype(np.float32)


def normalise_background(pixels: FloatArray, dpi: float) -> FloatArray:
    """Each pixel divided by the brightness of the paper around it."""
    factor = max(1, round(dpi / LOOK_DPI))
    small = pixels[::factor, ::factor]
    background = _background(small, dpi / factor)
    zoom = (pixels.shape[0] / background.shape[0], pixels.shape[1] / background.shape[1])
    full = ndimage.zoom(background, zoom, order=1)[: pixels.shape[0], : pixels.shape[1]]
    full = np.pad(full, ((0, pixels.shape[0] - full.shape[0]),
                         (0, pixels.shape[1] - full.shape[1])), mode="edge")
    return np.clip(pixels / np.maximum(full, 0.05), 0, 1).astype(np.float32)


def rescale(pixels: FloatArray, look: PageLook, steps: list[PageStep]) -> tuple[FloatArray,
                                                                                float]:
    if look.x_height is None:
        return pixels, 1.0
    scale = min(MAX_SCALE, max(MIN_SCALE, TARGET_X_HEIGHT / look.x_height))
    if abs(scale - 1) <= RESCALE_TOLERANCE:
        return pixels, 1.0
    image = Image.fromarray(pixels, mode="F")
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resized = image.resize(size, Image.Resampling.BOX if scale < 1 else Image.Resampling.BICUBIC)
    steps.append(PageStep("rescaled", {"x_height": round(look.x_height, 1),
                                       "scale": round(scale, 2)}))
    return np.asarray(resized, dtype=np.float32), scale


def despeckle(pixels: FloatArray) -> FloatArray:
    """A 3x3 median: specks of a pixel or two go, strokes stay."""
    image = Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))
    return np.asarray(image.filter(ImageFilter.MedianFilter(3)), dtype=np.float32) / 255


def drop_small_marks(pixels: FloatArray, x_height: float | None) -> tuple[FloatArray, int]:
    """Specks turned to paper on a black-and-white page; also how many. A speck is a mark
    smaller than ``SPECK_X_HEIGHT_SHARE`` of the x-height across (a dot, not a letter) that
    no letter stands near: a full stop, the dot of an i or an accent sits within
    ``NEAR_X_HEIGHT_SHARE`` of the x-height of its letters and stays; a mark smaller than
    the tiniest dot of the text (``TINY_X_HEIGHT_SHARE`` across) goes wherever it lies."""
    height = x_height or TARGET_X_HEIGHT
    labels, count = ndimage.label(pixels < 0.5)
    if not count:
        return pixels, 0
    sizes = np.bincount(labels.ravel())
    small = sizes <= max(4, round((SPECK_X_HEIGHT_SHARE * height) ** 2))
    tiny = sizes <= max(2, round((TINY_X_HEIGHT_SHARE * height) ** 2))
    small[0] = tiny[0] = False
    letters = (labels > 0) & ~small[labels]
    near = ndimage.maximum_filter(letters, size=max(3, round(2 * NEAR_X_HEIGHT_SHARE * height) + 1))
    touching = np.zeros(count + 1, dtype=bool)
    touching[np.unique(labels[near & (labels > 0)])] = True
    speck = tiny | (small & ~touching)
    speck[0] = False
    cleared = pixels.copy()
    cleared[speck[labels]] = 1.0
    return cleared, int(speck.sum())


def clear_edges(pixels: FloatArray, dpi: float) -> FloatArray:
    """The outer ``EDGE_MM`` of a speckled black-and-white page turned to paper: the edge of
    a copied sheet (or of the white a scanner adds round a tilted one) leaves broken dashes
    there, which the engine reads as letters; printed text keeps a wider margin."""
    edge = max(1, round(EDGE_MM * dpi / 25.4))
    cleared = pixels.copy()
    cleared[:edge], cleared[-edge:], cleared[:, :edge], cleared[:, -edge:] = 1.0, 1.0, 1.0, 1.0
    return cleared


def stretch_contrast(pixels: FloatArray, steps: list[PageStep]) -> FloatArray:
    dark, light = (float(v) for v in np.percentile(pixels[::4, ::4], (0.5, 60)))
    if light - dark < 0.05 or (dark < 0.05 and light > 0.95):
        return pixels
    steps.append(PageStep("contrast_stretched", {"ink": round(dark, 2),
                                                 "paper": round(light, 2)}))
    return np.clip((pixels - dark) / (light - dark), 0, 1).astype(np.float32)


def remove_rules(pixels: FloatArray, steps: list[PageStep]) -> FloatArray:
    """Long straight horizontal or vertical dark runs (frames, borders) turned to paper."""
    ink = (pixels < 0.5).astype(np.float32)
    length = max(20, round(pixels.shape[1] * RULE_LENGTH_SHARE))
    rules = np.zeros(ink.shape, dtype=bool)
    for axis in (0, 1):
        full = ndimage.uniform_filter1d(ink, size=length, axis=axis) > 0.999
        if full.any():
            rules |= ndimage.maximum_filter1d(full, size=length, axis=axis)
    if not rules.any():
        return pixels
    count = int(ndimage.label(rules)[1])
    steps.append(PageStep("lines_removed", {"rules": count}))
    cleared = pixels.copy()
    cleared[ndimage.binary_dilation(rules, iterations=1)] = 1.0
    return cleared


def binarise(pixels: FloatArray, steps: list[PageStep]) -> FloatArray:
    threshold = otsu(pixels)
    steps.append(PageStep("binarised", {"threshold": round(threshold, 2)}))
    return np.where(pixels < threshold, 0.0, 1.0).astype(np.float32)


def otsu(pixels: FloatArray) -> float:
    counts, edges = np.histogram(pixels[::2, ::2], bins=64, range=(0, 1))
    weights = counts.astype(np.float64) / max(1, counts.sum())
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(weights)
    mean_below = np.cumsum(weights * centres)
    total = mean_below[-1]
    between = (total * below - mean_below) ** 2 / np.maximum(below * (1 - below), 1e-9)
    return float(centres[int(np.argmax(between[:-1]))])


def drop_colour(image: Image.Image, coloured: float, steps: list[PageStep]) -> Image.Image:
    """Grey; on a page with coloured ink, that ink lifted to paper: each pixel keeps its
    brightest channel (coloured ink is bright in its own colour), and a saturated pixel
    whose brightest channel is light goes closer to white (black toner under a stamp has no
    bright channel: it stays dark)."""
    if image.mode != "RGB":
        return image.convert("L") if image.mode != "L" else image
    if coloured < COLOUR_SHARE_LIMIT:
        return image.convert("L")
    rgb = np.asarray(image, dtype=np.float32) / 255
    top, bottom = rgb.max(axis=2), rgb.min(axis=2)
    saturation = (top - bottom) / np.maximum(top, 1e-3)
    lift = np.clip((saturation - 0.2) / 0.3, 0, 1) * np.clip((top - 0.35) / 0.3, 0, 1)
    grey = top + (1 - top) * lift
    steps.append(PageStep("colour_dropped", {"coloured_share": round(coloured, 4)}))
    return Image.fromarray(np.clip(grey * 255, 0, 255).astype(np.uint8))


def _coloured_share(image: Image.Image) -> float:
    if image.mode != "RGB":
        return 0.0
    small = np.asarray(image.reduce(4), dtype=np.float32) / 255
    top, bottom = small.max(axis=2), small.min(axis=2)
    saturation = (top - bottom) / np.maximum(top, 1e-3)
    return float(np.mean((saturation > COLOUR_SATURATION) & (bottom < 0.6)))


def _specks(ink: npt.NDArray[np.bool_], dpi: float) -> float:
    """Tiny marks (under ``SPECK_MM`` across) with no ink touching them, per megapixel."""
    labels, count = ndimage.label(ink)
    if not count:
        return 0.0
    sizes = np.bincount(labels.ravel())[1:]
    tiny = sizes <= max(2.0, (SPECK_MM * dpi / 25.4) ** 2)
    return float(tiny.sum()) / (ink.size / 1e6)


def _x_height(ink: npt.NDArray[np.bool_]) -> float | None:
    """The usual height of letter-sized marks: the lower-case letters of the text."""
    labels, count = ndimage.label(ink)
    if count < 20:
        return None
    heights = np.array([s[0].stop - s[0].start for s in ndimage.find_objects(labels)])
    widths = np.array([s[1].stop - s[1].start for s in ndimage.find_objects(labels)])
    letters = heights[(heights >= 3) & (heights <= 40) & (widths <= heights * 3)]
    if letters.size < 20:
        return None
    return float(np.percentile(letters, 40))

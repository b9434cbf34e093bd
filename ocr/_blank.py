"""Is a scanned page blank? A conservative answer, with its reason.

A duplex scan of a stack has a back for every sheet, most of them empty but never clean:
scanner noise, dust, the faint mirror image of the front (bleed-through), the shadows of
punched holes. Dropping such a page is what the clerk wants; dropping a page that carries one
short line or a signature loses a document. So when in doubt the page is NOT blank.

How: the page is reduced to about 150 dpi in grayscale, its margins (where holes and scanner
edges sit) are left out, and a pixel is "ink" when it is much darker than the paper. Isolated
specks are discarded (an ink pixel counts only with enough ink around it), then the remaining
marks are grouped into horizontal bands of rows. A band tall and wide enough to be a line of
writing makes the page not blank.

Thin columns marked over most of the height are scanner streaks (dirt on the glass) and are
ignored; a wider run of such columns is a photo or a figure, and ink over more than
``LARGE_INK_SHARE`` of the page keeps it whatever its shape. Every verdict carries a reason
code (``BlankCode``) besides its explanation, so a dropped page is always counted and
explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from PIL import Image

from ocr._paper import grayscale, page_dpi

ANALYSIS_DPI = 150
MARGIN_SIDES = 0.085  # of the width, left and right: punched holes sit 9-15 mm from the edge
MARGIN_TOP_BOTTOM = 0.04  # of the height, top and bottom: scanner edges, feed marks
INK_BELOW_PAPER = 80  # a pixel is ink when this much darker than the paper (0..255)
INK_CEILING = 150  # ... and never lighter than this, so bleed-through stays paper
NEIGHBOURHOOD_MM = 1.2  # side of the square in which an ink pixel needs company
NEIGHBOURS_MIN = 6  # ink pixels in that square for a pixel to belong to a mark
MARK_HEIGHT_MM = 1.5  # a band of marks this tall...
MARK_WIDTH_MM = 5.0  # ... and spanning this much width is writing
STREAK_SHARE = 0.5  # a column marked over more than this share of the height is a streak...
STREAK_WIDTH_MM = 2.0  # ... when its run of such columns is no wider than this
LARGE_INK_SHARE = 0.01  # marks over this share of the page: never blank (a photo, a figure)
DARK_PAPER = 110  # paper darker than this: not a scan of a sheet we understand

BoolArray = npt.NDArray[np.bool_]


class BlankCode(StrEnum):
    """Why a page is (``noise_only``) or is not blank: a code to count and translate."""

    noise_only = "noise_only"      # blank: no line of marks, only noise or faint shadows
    dark_page = "dark_page"        # not blank: dark overall, not a sheet we understand
    ink_area = "ink_area"          # not blank: ink over a large area (photo, figure)
    writing = "writing"            # not blank: at least one line of marks


@dataclass(frozen=True, slots=True)
class BlankVerdict:
    """Whether the page is blank, why (a code and its explanation), and the share of its
    area covered by ink (0..1)."""

    blank: bool
    reason: str
    ink_ratio: float
    code: BlankCode = BlankCode.noise_only


@dataclass(frozen=True, slots=True)
class _Band:
    top: int
    bottom: int
    columns: int

    def size_mm(self, px_per_mm: float) -> tuple[float, float]:
        return self.columns / px_per_mm, (self.bottom - self.top) / px_per_mm


def is_blank(image: Image.Image, *, dpi: float | None = None) -> BlankVerdict:
    """Decide whether one page image is blank.

    ``dpi`` is the scan resolution; without it the image's metadata is used, else the page is
    taken to be A4.
    """
    gray, px_per_mm = _analysis_copy(image, dpi)
    area = _inner_area(gray)
    paper = float(np.percentile(area, 90))
    if paper < DARK_PAPER:
        return BlankVerdict(False, f"the page is dark overall (paper level {paper:.0f}/255)",
                            1.0, BlankCode.dark_page)
    ink = area < min(paper - INK_BELOW_PAPER, INK_CEILING)
    ink_ratio = float(ink.mean())
    marks = _drop_streaks(_drop_specks(ink, px_per_mm), px_per_mm)
    covered = float(marks.mean())
    if covered > LARGE_INK_SHARE:
        return BlankVerdict(False, f"ink over {covered:.1%} of the page (a photo or a figure)",
                            ink_ratio, BlankCode.ink_area)
    bands = _bands(marks, px_per_mm)
    writing = [band for band in bands if _is_writing(band, px_per_mm)]
    if writing:
        width, height = writing[0].size_mm(px_per_mm)
        reason = (
            f"{len(writing)} line(s) of marks, the first {width:.0f} mm wide and "
            f"{height:.0f} mm tall (ink {ink_ratio:.2%})"
        )
        return BlankVerdict(False, reason, ink_ratio, BlankCode.writing)
    reason = f"no line of marks, only noise or faint shadows (ink {ink_ratio:.2%}"
    reason += f", {len(bands)} small mark(s))" if bands else ")"
    return BlankVerdict(True, reason, ink_ratio, BlankCode.noise_only)


def _analysis_copy(image: Image.Image, dpi: float | None) -> tuple[npt.NDArray[np.uint8], float]:
    """A grayscale array at about ``ANALYSIS_DPI`` and its pixels per millimetre."""
    gray = grayscale(image)
    source_dpi = dpi or page_dpi(image)
    factor = int(source_dpi // ANALYSIS_DPI)
    if factor >= 2:
        gray = gray.reduce(factor)
    else:
        factor = 1
    return np.asarray(gray, dtype=np.uint8), source_dpi / factor / 25.4



def _inner_area(gray: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    height, width = gray.shape
    dy, dx = int(height * MARGIN_TOP_BOTTOM), int(width * MARGIN_SIDES)
    inner = gray[dy : height - dy, dx : width - dx]
    return inner if inner.size else gray


def _drop_specks(ink: BoolArray, px_per_mm: float) -> BoolArray:
    """Keep the ink pixels with at least ``NEIGHBOURS_MIN`` ink pixels in their square."""
    side = max(3, round(NEIGHBOURHOOD_MM * px_per_mm) | 1)
    return ink & (_box_sum(ink, side) >= NEIGHBOURS_MIN)


def _drop_streaks(marks: BoolArray, px_per_mm: float) -> BoolArray:
    """Clear the thin runs of columns marked over more than half the height: dirt on the
    scanner glass draws such lines along the feed direction; writing never fills a column
    that much. A run wider than ``STREAK_WIDTH_MM`` is a photo or a figure: it stays."""
    tall = marks.mean(axis=0) > STREAK_SHARE
    if not tall.any():
        return marks
    edges = np.flatnonzero(np.diff(np.concatenate(([0], tall.astype(np.int8), [0]))))
    widest = STREAK_WIDTH_MM * px_per_mm
    streaks = np.zeros_like(tall)
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if end - start <= widest:
            streaks[start:end] = True
    if not streaks.any():
        return marks
    cleared = marks.copy()
    cleared[:, streaks] = False
    return cleared


def _box_sum(mask: BoolArray, side: int) -> npt.NDArray[np.int32]:
    """For each pixel, the number of true pixels in the ``side``-square centred on it."""
    half = side // 2
    padded = np.pad(mask.astype(np.int32), half)
    table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1), dtype=np.int32)
    table[1:, 1:] = padded.cumsum(0).cumsum(1)
    height, width = mask.shape
    return (
        table[side : side + height, side : side + width]
        - table[:height, side : side + width]
        - table[side : side + height, :width]
        + table[:height, :width]
    )


def _bands(marks: BoolArray, px_per_mm: float) -> list[_Band]:
    """Group the rows holding marks into bands, bridging gaps shorter than a millimetre."""
    rows = np.flatnonzero(marks.any(axis=1))
    if rows.size == 0:
        return []
    gap = max(1, round(px_per_mm))
    breaks = np.flatnonzero(np.diff(rows) > gap)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    bands = []
    for top, bottom in zip(starts, ends, strict=True):
        columns = int(marks[top : bottom + 1].any(axis=0).sum())
        bands.append(_Band(top=int(top), bottom=int(bottom) + 1, columns=columns))
    return bands


def _is_writing(band: _Band, px_per_mm: float) -> bool:
    width, height = band.size_mm(px_per_mm)
    return width >= MARK_WIDTH_MM and height >= MARK_HEIGHT_MM

"""Page orientation and skew: turn a scanned page upright before OCR.

Orientation (0/90/180/270) comes from tesseract's OSD, run on a copy of the page at about
150 dpi (~0.6 s a page here, against ~1 s at 300 dpi; the verdicts agree on our corpus). A
page is turned only when OSD is convincing; a verdict in the grey zone is checked once more
at up to 300 dpi. Skew is found by a projection-profile search: the angle at which the rows
of ink line up best, i.e. the sum of squared row counts is largest.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pytesseract
from PIL import Image

from core import OcrFailure
from ocr import _tesseract_api as tesseract_api
from ocr._paper import on_paper, page_dpi

THREAD_LIMIT_VARIABLE = "OMP_THREAD_LIMIT"
OSD_TIMEOUT_SECONDS = 30
OSD_DPI = 150
CHECK_DPI = 300
MIN_CONFIDENCE = 10.0  # below this an OSD verdict to turn is not acted upon
SURE_CONFIDENCE = 20.0  # at or above this no second look is needed
SKEW_DPI = 100
SKEW_RANGE = 25.0  # degrees searched either way (a sheet laid on a flatbed can sit at 20°)
SKEW_MIN_INK_PIXELS = 400
DESKEW_THRESHOLD = 0.5  # degrees; straighter pages are left alone
STANDING_LINES_RATIO = 2.0  # the profile across this much more uneven: the lines stand
STANDING_MIN_UNEVENNESS = 0.3

_TURN_CLOCKWISE = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True, slots=True)
class Orientation:
    """How far to turn the page clockwise to make it upright, how sure OSD is, and why.

    ``confidence`` is tesseract's orientation confidence (0 when unknown); ``rotate_degrees``
    is 0 whenever the verdict was not convincing.
    """

    rotate_degrees: int
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class _Osd:
    rotate: int
    confidence: float


def detect_orientation(
    image: Image.Image, *, min_confidence: float = MIN_CONFIDENCE
) -> Orientation:
    """Decide how far (clockwise) the page must turn to be upright.

    Raises ``OcrFailure`` if tesseract is missing, crashes or times out.
    """
    first = _osd(_at_dpi(image, OSD_DPI))
    if first is None:
        return Orientation(0, 0.0, "OSD found too few characters: orientation unknown, kept")
    if first.rotate == 0:
        return Orientation(0, first.confidence, f"upright (OSD confidence {first.confidence:.1f})")
    if first.confidence < min_confidence:
        reason = (f"OSD suggests {first.rotate}° with confidence {first.confidence:.1f} "
                  f"< {min_confidence:.1f}: kept")
        return Orientation(0, first.confidence, reason)
    if first.confidence >= SURE_CONFIDENCE or not _has_more_detail(image):
        return Orientation(first.rotate, first.confidence,
                           f"turn {first.rotate}° (OSD confidence {first.confidence:.1f})")
    return _second_look(image, first, min_confidence)


def _second_look(image: Image.Image, first: _Osd, min_confidence: float) -> Orientation:
    """Confirm a grey-zone verdict on a sharper copy; both looks must agree."""
    second = _osd(_at_dpi(image, CHECK_DPI))
    looks = f"confidence {first.confidence:.1f} at {OSD_DPI} dpi"
    if second is None or second.rotate != first.rotate or second.confidence < min_confidence:
        seen = "nothing" if second is None else f"{second.rotate}° ({second.confidence:.1f})"
        reason = f"OSD suggests {first.rotate}° ({looks}) but a sharper look says {seen}: kept"
        return Orientation(0, first.confidence, reason)
    reason = (f"turn {first.rotate}° (OSD {looks}, "
              f"{second.confidence:.1f} on a sharper look)")
    return Orientation(first.rotate, second.confidence, reason)


def estimate_skew(image: Image.Image) -> float:
    """The angle (degrees, counter-clockwise positive) by which the lines of the page are
    tilted, within ±25°; ``image.rotate(-angle)`` straightens it. 0.0 when there is too
    little ink to tell. Searched coarse to fine: 1°, then 0.2°, then 0.05° steps."""
    ys, xs = _ink_coordinates(image)
    if ys.size < SKEW_MIN_INK_PIXELS:
        return 0.0
    best = _best_angle(ys, xs, np.arange(-SKEW_RANGE, SKEW_RANGE + 0.01, 1.0))
    for step in (0.2, 0.05):
        best = _best_angle(ys, xs, np.arange(best - 5 * step, best + 5.01 * step, step))
    return round(best, 2)


def lines_stand(image: Image.Image) -> bool:
    """Whether the page's lines of ink run up or down it (a page lying on its side), told
    from a ~100 dpi copy in milliseconds: the ink's profile across the page's width is then
    far more uneven (lines, and the gaps between them) than the one down its height. Measured
    (squared coefficient of variation): upright text pages 2.0-2.3 down, 0.2-0.4 across; the
    eurotext sample 0.65 and 0.17."""
    ys, xs = _ink_coordinates(image)
    if ys.size < SKEW_MIN_INK_PIXELS:
        return False
    down, across = _unevenness(ys), _unevenness(xs)
    return across > STANDING_LINES_RATIO * down and across > STANDING_MIN_UNEVENNESS


def _unevenness(coordinates: npt.NDArray[np.float64]) -> float:
    profile = np.bincount(coordinates.astype(np.int64))
    profile = profile[int(np.flatnonzero(profile)[0]):]
    mean = float(profile.mean())
    return float(profile.var()) / (mean * mean) if mean else 0.0


def prepare_for_ocr(image: Image.Image) -> tuple[Image.Image, list[str]]:
    """Turn the page upright and straighten it; return the new image and what was done."""
    page, _, notes = make_upright(image)
    return page, notes


def make_upright(image: Image.Image) -> tuple[Image.Image, int, list[str]]:
    """The page turned upright and straightened, the clockwise turn applied, and notes."""
    page = on_paper(image)
    return turn_and_straighten(page, detect_orientation(page))


def turn_and_straighten(page: Image.Image,
                        orientation: Orientation) -> tuple[Image.Image, int, list[str]]:
    """``page`` (on paper) turned as ``orientation`` says, then straightened; with the turn
    applied and notes."""
    notes: list[str] = []
    if orientation.rotate_degrees:
        page = page.transpose(_TURN_CLOCKWISE[orientation.rotate_degrees])
        notes.append(f"rotated {orientation.rotate_degrees}° "
                     f"(OSD confidence {orientation.confidence:.1f})")
    page, straightened = straighten(page)
    return page, orientation.rotate_degrees, notes + straightened


def straighten(page: Image.Image) -> tuple[Image.Image, list[str]]:
    """``page`` (on paper) with its skew corrected, and a note when it was."""
    skew = estimate_skew(page)
    if abs(skew) <= DESKEW_THRESHOLD:
        return page, []
    white = 255 if page.mode == "L" else (255, 255, 255)
    page = page.rotate(-skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=white)
    return page, [f"deskewed by {skew:.1f}°"]


def _osd(image: Image.Image) -> _Osd | None:
    """Tesseract OSD on an image; ``None`` when the page has too few characters. On the warm
    C API when it is installed (no process, ~0.2-0.4 s at 150 dpi), else the program."""
    if tesseract_api.available():
        found = tesseract_api.osd(image)
        return None if found is None else _Osd(rotate=found[0], confidence=found[1])
    os.environ.setdefault(THREAD_LIMIT_VARIABLE, "1")
    try:
        result = pytesseract.image_to_osd(
            image, output_type=pytesseract.Output.DICT, timeout=OSD_TIMEOUT_SECONDS
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrFailure("tesseract is not installed or not on PATH") from exc
    except pytesseract.TesseractError as exc:
        if "too few characters" in str(exc.message).lower():
            return None
        raise OcrFailure(f"tesseract OSD failed (exit {exc.status}): {exc.message}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrFailure(f"tesseract OSD timed out after {OSD_TIMEOUT_SECONDS} s") from exc
    return _Osd(rotate=int(result["rotate"]) % 360, confidence=float(result["orientation_conf"]))



def _has_more_detail(image: Image.Image) -> bool:
    return page_dpi(image) > OSD_DPI * 1.2


def _at_dpi(image: Image.Image, dpi: int) -> Image.Image:
    """A grayscale copy at about ``dpi``, never enlarged."""
    gray = on_paper(image).convert("L")
    scale = dpi / page_dpi(image)
    if scale >= 0.9:
        return gray
    size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
    return gray.resize(size, Image.Resampling.BOX)



def _ink_coordinates(
    image: Image.Image,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Row and column of every ink pixel of a ~100 dpi copy (at most ~200,000 of them)."""
    gray = np.asarray(_at_dpi(image, SKEW_DPI), dtype=np.uint8)
    paper = float(np.percentile(gray, 90))
    ys, xs = np.nonzero(gray < min(paper - 80, 160))
    step = max(1, ys.size // 200_000)
    return ys[::step].astype(np.float64), xs[::step].astype(np.float64)


def _best_angle(
    ys: npt.NDArray[np.float64], xs: npt.NDArray[np.float64], angles: npt.NDArray[np.float64]
) -> float:
    """The angle whose row projection is the most peaked (largest sum of squares)."""
    scores = [_profile_score(ys, xs, float(angle)) for angle in angles]
    return float(angles[int(np.argmax(scores))])


def _profile_score(
    ys: npt.NDArray[np.float64], xs: npt.NDArray[np.float64], angle: float
) -> float:
    radians = math.radians(angle)
    rows = ys * math.cos(radians) + xs * math.sin(radians)
    counts = np.bincount((rows - rows.min()).astype(np.int64))
    return float(np.dot(counts, counts))

"""The one place where a rendered page image is looked at before OCR (and, for its
orientation, right after the first OCR pass).

In order: barcodes are read (separator and cover sheets carry one); a page that is a marker
sheet or blank is not OCR'd; any other page is straightened and OCR'd as it lies. Orientation
is settled only when that first reading does not look upright (``reads_upright``): tesseract's
orientation detection (OSD) costs about a third of an OCR pass, and in a scanned stack almost
every page lies the right way up. A page OSD turns is OCR'd again, turned. Everything done is
said in the notes appended to the page's ``reason``; the turn is recorded on the page because
word boxes are fractions of the turned image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from ocr._barcodes import read_barcodes
from ocr._blank import is_blank
from ocr._engine import OcrResult
from ocr._orientation import detect_orientation, make_upright, straighten, turn_and_straighten
from ocr._paper import on_paper

COVER_PREFIX = "LIASSE:"
# A first OCR pass "reads upright" when its words are confident and lie along horizontal
# lines. Measured on the corpus scans turned four ways (five languages): upright pages read at
# a mean confidence of 77-95, pages upside down or sideways at 55-68; tesseract reads a page
# lying on one side well (it turns vertical lines itself) but its words then stand taller than
# wide, and the page must still be turned for the stored image.
UPRIGHT_CONFIDENCE = 75.0
UPRIGHT_MIN_WORDS = 5  # words of 4+ letters needed to judge; fewer: ask OSD
UPRIGHT_HORIZONTAL_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    """Settings of the look before OCR (picklable: it travels to worker processes).

    ``separators`` are the barcode values that mark a separator sheet; a value starting with
    ``cover_prefix`` marks a cover sheet. Neither kind of sheet is OCR'd."""

    separators: tuple[str, ...] = ("PATCHT",)
    cover_prefix: str = COVER_PREFIX
    barcodes: bool = True
    blank_pages: bool = True
    orientation: bool = True


@dataclass(frozen=True, slots=True)
class PreparedPage:
    image: Image.Image | None  # None: nothing to OCR (blank page or marker sheet)
    rotation: int = 0
    blank: bool = False
    codes: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    as_scanned: Image.Image | None = None
    """The page before straightening, while its orientation is still to be settled after
    the first OCR pass (``settle_orientation``); ``None`` once settled or not wanted."""


def prepare_page(image: Image.Image, analysis: PageAnalysis) -> PreparedPage:
    codes = tuple(b.value for b in read_barcodes(image)) if analysis.barcodes else ()
    marker = next((c for c in codes if c.strip() in analysis.separators
                   or c.startswith(analysis.cover_prefix)), None)
    if marker is not None:
        kind = "cover sheet" if marker.startswith(analysis.cover_prefix) else "separator sheet"
        return PreparedPage(None, codes=codes, notes=[f"{kind} ({marker}): not OCR'd"])
    if analysis.blank_pages:
        verdict = is_blank(image)
        if verdict.blank:
            return PreparedPage(None, blank=True, codes=codes, notes=[verdict.reason])
    if not analysis.orientation:
        return PreparedPage(image, codes=codes)
    page = on_paper(image)
    straight, notes = straighten(page)
    return PreparedPage(straight, codes=codes, notes=notes, as_scanned=page)


def reads_upright(result: OcrResult, image: Image.Image) -> bool:
    """Does a first OCR pass of ``image`` show an upright page? Confident words (mean
    confidence at least ``UPRIGHT_CONFIDENCE``), enough of them to judge, lying flat."""
    if result.confidence is None or result.confidence < UPRIGHT_CONFIDENCE:
        return False
    words = [w for w in result.words if sum(c.isalpha() for c in w.text) >= 4]
    if len(words) < UPRIGHT_MIN_WORDS:
        return False
    flat = sum((w.x1 - w.x0) * image.width > (w.y1 - w.y0) * image.height for w in words)
    return flat >= UPRIGHT_HORIZONTAL_SHARE * len(words)


def settle_orientation(prepared: PreparedPage) -> PreparedPage | None:
    """Ask OSD about a page whose first reading did not look upright: the page turned
    upright and straightened, ready for a second OCR pass, or ``None`` when OSD keeps it as
    it lies (its verdict is then the page's last word on orientation)."""
    if prepared.as_scanned is None:
        return None
    orientation = detect_orientation(prepared.as_scanned)
    if not orientation.rotate_degrees:
        return None
    turned, rotation, notes = turn_and_straighten(prepared.as_scanned, orientation)
    return PreparedPage(turned, rotation=rotation, codes=prepared.codes,
                        notes=[n for n in prepared.notes if not n.startswith("deskewed")]
                        + notes)


def prepare_for_ocr(image: Image.Image) -> tuple[Image.Image, list[str]]:
    """Turn a page upright and straighten it (without the barcode and blank checks)."""
    upright, _, notes = make_upright(image)
    return upright, notes

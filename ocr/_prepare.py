"""The one place where a rendered page image is looked at before OCR.

In order: barcodes are read (separator and cover sheets carry one); a page that is a marker
sheet or blank is not OCR'd; any other page is turned upright and straightened. Everything done
is said in the notes appended to the page's ``reason``; the turn is recorded on the page
because word boxes are fractions of the turned image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from ocr._barcodes import read_barcodes
from ocr._blank import is_blank
from ocr._orientation import make_upright

COVER_PREFIX = "LIASSE:"


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
    upright, rotation, notes = make_upright(image)
    return PreparedPage(upright, rotation=rotation, codes=codes, notes=notes)


def prepare_for_ocr(image: Image.Image) -> tuple[Image.Image, list[str]]:
    """Turn a page upright and straighten it (without the barcode and blank checks)."""
    upright, _, notes = make_upright(image)
    return upright, notes

"""The one place where a rendered page image is looked at before OCR (and, for its
orientation, right after it).

In order: barcodes are read (separator and cover sheets carry one); a page that is a marker
sheet or blank is not OCR'd; any other page is straightened and OCR'd as it lies, by an engine
that finds the orientation itself while reading (tesseract ``--psm 1``, see
``ocr._tesseract.orienting``). Which way the page lay is then told by how its words run
(``reading_turn``), and its word boxes are turned with it: no separate orientation pass and no
second reading. With an engine that cannot orient itself, a page whose reading does not look
upright is asked of tesseract's OSD and read again when OSD turns it. Everything done is
said in the notes appended to the page's ``reason``; the turn is recorded on the page because
word boxes are fractions of the turned image.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from PIL import Image

from core import PageStep, WordBox
from core.sheet_codes import parse_letter_payload
from ocr._barcodes import read_barcodes
from ocr._blank import is_blank
from ocr._cleanup import clean_page
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
    ``cover_prefix`` marks a cover sheet. Neither kind of sheet is OCR'd. A page of a letter
    Liasse wrote carries a code with the same prefix naming the letter: it is read as any page."""

    separators: tuple[str, ...] = ("PATCHT",)
    cover_prefix: str = COVER_PREFIX
    barcodes: bool = True
    blank_pages: bool = True
    orientation: bool = True
    cleanup: bool = True  # prepare the page for the engine (``ocr._cleanup``)


@dataclass(frozen=True, slots=True)
class PreparedPage:
    image: Image.Image | None  # None: nothing to OCR (blank page or marker sheet)
    rotation: int = 0
    blank: bool = False
    codes: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    steps: tuple[PageStep, ...] = ()  # what the cleanup did, and why
    ink: float | None = None  # share of the page inked, when the blank check measured it
    as_scanned: Image.Image | None = None
    """The page before straightening, while its orientation is still to be settled after
    the first OCR pass (``settle_orientation``); ``None`` once settled or not wanted."""


def prepare_page(image: Image.Image, analysis: PageAnalysis) -> PreparedPage:
    codes = tuple(b.value for b in read_barcodes(image)) if analysis.barcodes else ()
    marker = next((c for c in codes if c.strip() in analysis.separators
                   or (c.startswith(analysis.cover_prefix) and parse_letter_payload(c) is None)),
                  None)
    if marker is not None:
        kind = "cover sheet" if marker.startswith(analysis.cover_prefix) else "separator sheet"
        return PreparedPage(None, codes=codes, notes=[f"{kind} ({marker}): not OCR'd"])
    if analysis.blank_pages:
        verdict = is_blank(image)
        if verdict.blank:
            return PreparedPage(None, blank=True, codes=codes, notes=[verdict.reason])
        ink: float | None = verdict.ink_ratio
    else:
        ink = None
    page = on_paper(image) if analysis.cleanup or analysis.orientation else image
    steps: tuple[PageStep, ...] = ()
    if analysis.cleanup:
        cleaned = clean_page(page)
        page, steps = cleaned.image, cleaned.steps
    if not analysis.orientation:
        return PreparedPage(page, codes=codes, steps=steps, ink=ink)
    straight, notes = straighten(page)
    return PreparedPage(straight, codes=codes, notes=notes, steps=steps, ink=ink,
                        as_scanned=page)


def reading_turn(result: OcrResult, image: Image.Image) -> int | None:
    """The clockwise turn (0, 90, 180 or 270) that makes upright the page of a confident
    reading, told by which way its words run: along flat lines left to right (0) or right to
    left (180, an engine that turned the page itself to read it), down the page (270) or up it
    (90) with words standing taller than wide. ``None`` when the reading is too poor or too
    short to tell, or its words run no clear way."""
    words = _judged_words(result)
    flat = [w for w in words if _lies_flat(w, image)]
    standing = [w for w in words if not _lies_flat(w, image)]
    if words and len(flat) >= UPRIGHT_HORIZONTAL_SHARE * len(words):
        forward, backward = _run_directions(flat, along_x=True)
        turns = (0, 180)
    elif words and len(standing) >= UPRIGHT_HORIZONTAL_SHARE * len(words):
        forward, backward = _run_directions(standing, along_x=False)
        turns = (270, 90)
    else:
        return None
    if max(forward, backward) < UPRIGHT_MIN_WORDS or min(forward, backward) * 4 > max(
            forward, backward):
        return None
    return turns[0] if forward > backward else turns[1]


def _run_directions(words: list[WordBox], *, along_x: bool) -> tuple[int, int]:
    """How many consecutive pairs of words on one line run forward (right, or down) and
    backward (left, or up)."""
    forward = backward = 0
    for before, after in pairwise(words):
        if along_x:
            across = abs((before.y0 + before.y1) - (after.y0 + after.y1)) / 2
            same_line, step = across < before.y1 - before.y0, after.x0 - before.x0
        else:
            across = abs((before.x0 + before.x1) - (after.x0 + after.x1)) / 2
            same_line, step = across < before.x1 - before.x0, after.y0 - before.y0
        if same_line:
            forward += step > 0
            backward += step < 0
    return forward, backward


def turned_reading(result: OcrResult, turn: int) -> OcrResult:
    """``result`` with its word boxes as fractions of the image turned ``turn`` degrees
    clockwise (90, 180 or 270): the same words, where they sit on the upright page."""
    return replace(result, words=tuple(_turn_box(w, turn) for w in result.words))


def _turn_box(word: WordBox, turn: int) -> WordBox:
    x0, y0, x1, y1 = word.x0, word.y0, word.x1, word.y1
    if turn == 90:
        x0, y0, x1, y1 = 1 - y1, x0, 1 - y0, x1
    elif turn == 180:
        x0, y0, x1, y1 = 1 - x1, 1 - y1, 1 - x0, 1 - y0
    elif turn == 270:
        x0, y0, x1, y1 = y0, 1 - x1, y1, 1 - x0
    return replace(word, x0=round(x0, 5), y0=round(y0, 5), x1=round(x1, 5), y1=round(y1, 5))


def _judged_words(result: OcrResult) -> list[WordBox]:
    """The words a verdict on orientation rests on (words of 4+ letters), or none when the
    reading is not confident enough or too short to judge."""
    if result.confidence is None or result.confidence < UPRIGHT_CONFIDENCE:
        return []
    words = [w for w in result.words if sum(c.isalpha() for c in w.text) >= 4]
    return words if len(words) >= UPRIGHT_MIN_WORDS else []


def _lies_flat(word: WordBox, image: Image.Image) -> bool:
    return (word.x1 - word.x0) * image.width > (word.y1 - word.y0) * image.height


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
                        + notes, steps=prepared.steps, ink=prepared.ink)


def prepare_for_ocr(image: Image.Image) -> tuple[Image.Image, list[str]]:
    """Turn a page upright and straighten it (without the barcode and blank checks)."""
    upright, _, notes = make_upright(image)
    return upright, notes

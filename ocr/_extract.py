"""The package's entry points: count, render and read the pages of a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PIL import Image

from core import EmptyFile, InvalidInput, PageText, UnsupportedFileType
from ocr._engine import DEFAULT_LANGUAGES, OcrEngine
from ocr._images import image_page_count, load_image_page, prepare_image_page
from ocr._limits import DEFAULT_MAX_PIXELS
from ocr._pages import FileKind, PageJob, PageReader
from ocr._pdf import open_pdfium, render_pdf_page
from ocr._pool import run_in_workers
from ocr._prepare import PageAnalysis
from ocr._tesseract_api import default_engine

PDF_TYPES = frozenset({"application/pdf"})
# Without an explicit ``analysis``, pages are OCR'd as they are: no barcode, blank or turn checks.
PLAIN_OCR = PageAnalysis(barcodes=False, blank_pages=False, orientation=False, cleanup=False)
IMAGE_TYPES = frozenset(
    {"image/tiff", "image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp"}
)
SUPPORTED_MIME_TYPES = PDF_TYPES | IMAGE_TYPES
# A worker that finishes no page for this long is taken as hung (tesseract has its own
# per-page timeout; this also catches a renderer stuck on a hostile PDF).
DEFAULT_STALL_TIMEOUT = 600.0


def file_kind(mime_type: str) -> FileKind:
    if mime_type in PDF_TYPES:
        return "pdf"
    if mime_type in IMAGE_TYPES:
        return "image"
    raise UnsupportedFileType(f"files of type {mime_type} cannot be read page by page")


def page_count(path: Path, mime_type: str, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> int:
    """The number of pages of a PDF or image file (a TIFF may hold many)."""
    kind = file_kind(mime_type)
    _refuse_empty(path)
    if kind == "image":
        return image_page_count(path, max_pixels)
    doc = open_pdfium(path)
    try:
        return len(doc)
    finally:
        doc.close()


def render_page(
    path: Path, mime_type: str, number: int, *, dpi: int = 150,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> Image.Image:
    """Page ``number`` (1-based) as a colour (or grey) image at ``dpi``, for thumbnails,
    the viewer and barcode reading. An image without a usable DPI is returned at its size."""
    kind = file_kind(mime_type)
    _refuse_empty(path)
    _check_number(number, page_count(path, mime_type, max_pixels=max_pixels), path)
    if kind == "image":
        page = prepare_image_page(load_image_page(path, number, max_pixels), max_pixels)
        if not page.dpi or round(page.dpi) == dpi:
            return page.image
        scale = dpi / page.dpi
        size = (max(1, round(page.image.width * scale)), max(1, round(page.image.height * scale)))
        return page.image.resize(size, Image.Resampling.LANCZOS)
    doc = open_pdfium(path)
    try:
        return render_pdf_page(doc, number, dpi=dpi, max_pixels=max_pixels, grayscale=False)
    finally:
        doc.close()


def extract_pages(
    path: Path,
    mime_type: str,
    *,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    workers: int = 2,
    dpi: int = 300,
    pages: Sequence[int] | None = None,
    on_page: Callable[[PageText], None] | None = None,
    engine: OcrEngine | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    stall_timeout: float = DEFAULT_STALL_TIMEOUT,
    analysis: PageAnalysis | None = None,
    language: str | None = None,
) -> list[PageText]:
    """The text of each page (or of ``pages``, 1-based), in page order.

    PDF pages come from their text layer when it is real text, else from OCR of the page
    rendered at ``dpi``; image pages are OCR'd. ``workers`` > 1 reads pages in that many
    worker processes, ``workers=1`` in this process. ``on_page`` is called in this process
    as each page finishes (in finishing order, not page order). ``analysis`` turns on the
    look at each rendered page before OCR (barcodes, blank pages, orientation and skew);
    without it pages are OCR'd as they are.

    Each scanned page is read with ONE of ``languages`` (``ocr._page_language``): ``language``
    (the clerk's, ISO or tesseract code) when given, else the language of the last page of
    this file read so far, else the first of ``languages``.

    Raises ``OversizedFile`` when a page would render above ``max_pixels``, ``DamagedFile``,
    ``EncryptedFile``, ``EmptyFile`` or ``UnsupportedFileType`` for files that cannot be
    read, and ``OcrFailure`` when the engine fails on a page or no page finishes within
    ``stall_timeout`` seconds. The first failure stops the whole file.
    """
    kind = file_kind(mime_type)
    _check_options(languages, dpi)
    numbers = _select(pages, page_count(path, mime_type, max_pixels=max_pixels), path)
    engine = engine if engine is not None else default_engine()
    jobs = [
        PageJob(str(path.resolve()), kind, n, dpi, tuple(languages), engine, max_pixels,
                analysis or PLAIN_OCR, language)
        for n in numbers
    ]
    found: dict[int, PageText] = {}
    follow = _PreviousLanguage(fixed=language)

    def finished(page: PageText) -> None:
        found[page.number] = page
        follow.learn(page)
        if on_page is not None:
            on_page(page)

    if workers <= 1 or len(jobs) <= 1:
        _run_here(jobs, finished, follow.hinted)
    else:
        run_in_workers(jobs, workers, finished, stall_timeout, prepare=follow.hinted,
                       learn=follow.learn)
    return [found[n] for n in numbers]


class _PreviousLanguage:
    """The language a job is read in first: ``fixed`` (the clerk's) when given, else that of
    the last page of the file that came back (threads may tell and ask at once: one slot)."""

    def __init__(self, fixed: str | None) -> None:
        self._fixed: str | None = fixed
        self._last: str | None = None

    def learn(self, page: PageText) -> None:
        if page.language is not None:
            self._last = page.language

    def hinted(self, job: PageJob) -> PageJob:
        return job if self._fixed else replace(job, language=self._last)


def _run_here(jobs: Sequence[PageJob], finished: Callable[[PageText], None],
              prepare: Callable[[PageJob], PageJob]) -> None:
    reader = PageReader()
    try:
        for job in jobs:
            finished(reader.read(prepare(job)))
    finally:
        reader.close()


def _select(pages: Sequence[int] | None, total: int, path: Path) -> list[int]:
    if pages is None:
        return list(range(1, total + 1))
    numbers = sorted(set(pages))
    for number in numbers:
        _check_number(number, total, path)
    return numbers


def _check_number(number: int, total: int, path: Path) -> None:
    if not 1 <= number <= total:
        raise InvalidInput(f"{path.name} has {total} page(s); page {number} does not exist")


def _check_options(languages: Sequence[str], dpi: int) -> None:
    if not languages:
        raise InvalidInput("at least one OCR language is needed")
    if not 50 <= dpi <= 1200:
        raise InvalidInput(f"a resolution of {dpi} dpi is outside 50..1200")


def _refuse_empty(path: Path) -> None:
    if path.stat().st_size == 0:
        raise EmptyFile(f"{path.name} is empty (0 bytes)")

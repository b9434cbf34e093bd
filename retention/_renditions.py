"""PDF/A-2b renditions of a document, with a text layer, for the archive.

OCRmyPDF makes them: pages that already carry text are kept as they are (``skip_text``), pages
that are only images are OCRed, and its internal backend (pikepdf) writes PDF/A and checks
the bytes it writes. When that check cannot confirm the result (a born-digital PDF whose fonts
are not embedded), Ghostscript converts OCRmyPDF's output to PDF/A-2b with an sRGB output
intent. How each rendition was made is recorded with it. Liasse does not validate renditions
at run time; its tests check every rendition they make with veraPDF at PDF/A-2b
(``tests/support/verapdf``).
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
from ocrmypdf.pdfa import generate_pdfa_ps

from core import InvalidInput

log = logging.getLogger(__name__)
_TESSERACT = {"fr": "fra", "de": "deu", "it": "ita", "nl": "nld", "en": "eng"}


@dataclass(frozen=True)
class Rendition:
    data: bytes
    how: str


_FAILURES = (pikepdf.PdfError, img2pdf.ImageOpenError, OSError,
             subprocess.SubprocessError, ValueError)


def document_pdf(original: bytes, *, mime_type: str, first_page: int, page_count: int) -> bytes:
    """The document's own pages as a PDF (a document may be one part of a larger scan)."""
    try:
        return _document_pdf(original, mime_type, first_page, page_count)
    except _FAILURES as exc:
        raise InvalidInput(f"cannot read the original as pages: {exc}") from exc


def _document_pdf(original: bytes, mime_type: str, first_page: int, page_count: int) -> bytes:
    if mime_type.startswith("image/"):
        converted = img2pdf.convert(original)
        assert converted is not None
        original = converted
    elif mime_type != "application/pdf":
        raise InvalidInput(f"no PDF/A rendition for {mime_type}")
    with pikepdf.open(io.BytesIO(original)) as source:
        last = min(len(source.pages), first_page - 1 + max(page_count, 1))
        if first_page == 1 and last == len(source.pages):
            out = io.BytesIO()
            source.save(out)
            return out.getvalue()
        part = pikepdf.new()
        part.pages.extend(source.pages[first_page - 1:last])
        out = io.BytesIO()
        part.save(out)
        return out.getvalue()


def pdfa_rendition(pdf: bytes, *, language: str | None = None) -> Rendition:
    """PDF/A-2b of ``pdf`` with a text layer (see the module's note on validation);
    ``InvalidInput`` when it cannot be made."""
    try:
        return _pdfa_rendition(pdf, language)
    except _FAILURES as exc:
        raise InvalidInput(f"no PDF/A rendition: {str(exc).strip()[:300]}") from exc


def _pdfa_rendition(pdf: bytes, language: str | None) -> Rendition:
    languages = "+".join(dict.fromkeys([_TESSERACT.get(language or "", "fra"), "eng"]))
    with tempfile.TemporaryDirectory(prefix="liasse-pdfa-") as folder:
        work = Path(folder)
        source, target = work / "in.pdf", work / "out.pdf"
        source.write_bytes(pdf)
        declined = _ocrmypdf(source, target, languages, "--output-type", "pdfa-2",
                             "--pdfa-backend", "internal")
        if not declined:
            return Rendition(target.read_bytes(), "PDF/A-2b by OCRmyPDF (pikepdf-checked)")
        log.info("OCRmyPDF's internal PDF/A writer declined (%s); using Ghostscript", declined)
        layered = work / "layered.pdf"
        failed = _ocrmypdf(source, layered, languages, "--output-type", "pdf")
        if failed:
            raise InvalidInput(f"OCRmyPDF could not read the document: {failed}")
        _ghostscript_pdfa(layered, target, work)
        return Rendition(target.read_bytes(), "PDF/A-2b by Ghostscript from OCRmyPDF's output")


def _ocrmypdf(source: Path, target: Path, languages: str, *options: str) -> str:
    """Run OCRmyPDF in its own process (it owns its logging, descriptors and workers there);
    "" on success, else the last line it printed."""
    command = [sys.executable, "-m", "ocrmypdf", "--skip-text", "-l", languages, "--jobs", "1",
               "--optimize", "0", "--quiet", *options, str(source), str(target)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode == 0 and target.exists():
        return ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return (lines[-1] if lines else f"exit code {result.returncode}")[:300]


def _ghostscript_pdfa(source: Path, target: Path, work: Path) -> None:
    stub = work / "pdfa_def.ps"
    generate_pdfa_ps(stub)
    command = ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFA=2",
               "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB",
               "-sDEVICE=pdfwrite", f"-sOutputFile={target}", str(stub), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0 or not target.exists():
        raise InvalidInput(f"Ghostscript could not make PDF/A: {result.stderr.strip()[:300]}")


def pdfa_part(data: bytes) -> str:
    """The PDF/A part and level the file claims in its metadata (e.g. "2B"), or ""."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.open_metadata().pdfa_status or "")

"""From a template and its values to a printable PDF: docxtpl fills the DOCX, LibreOffice
headless turns it into PDF (the layout the staff saw in Word), and each page gets a small QR
code naming the letter, so its signed copy files itself when it comes back.

LibreOffice runs with a time limit and a profile folder of its own for each run, so that
parallel runs never share (and lock) one user profile. Several DOCX files are converted by one
LibreOffice process (a mail merge pays its start-up once).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import segno
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from fpdf import FPDF

from core import BackendUnavailable, LiasseError
from core.sheet_codes import LetterCode, letter_payload

log = logging.getLogger(__name__)

QR_SIDE_MM = 18.0  # with its quiet zone; about 5 px a module at 200 dpi
QR_MARGIN_MM = 7.0  # from the page's left and bottom edges
MM = 72 / 25.4


class ConversionFailed(LiasseError):
    """LibreOffice could not turn the DOCX into PDF (a damaged or unsupported file). Retrying
    will not help; the template needs fixing."""

    http_status = 422
    exit_code = 2
    code = "letter_conversion_failed"


class ConversionUnavailable(BackendUnavailable):
    """LibreOffice is missing or timed out; worth a retry once it is there or less busy."""

    code = "letter_conversion_unavailable"


@dataclass(frozen=True, slots=True)
class Converter:
    """How to run LibreOffice: its command and how long a conversion may take."""

    command: str = "soffice"
    timeout_s: float = 120.0
    work_dir: Path | None = None


def fill_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """The template with every field replaced (Jinja autoescaped for the XML)."""
    document = DocxTemplate(io.BytesIO(template))
    values = dict(context)
    logo = str(values.get("institution", {}).get("logo") or "")
    if logo and Path(logo).is_file():
        values["institution"] = {**values["institution"],
                                 "logo": InlineImage(document, logo, width=Mm(35))}
    document.render(values, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def convert_to_pdf(documents: Sequence[bytes], converter: Converter) -> list[bytes]:
    """Each DOCX as PDF, in order, with one LibreOffice run."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(dir=converter.work_dir, prefix="letters-") as work:
        folder = Path(work)
        names = []
        for number, data in enumerate(documents):
            path = folder / f"letter-{number:05d}.docx"
            path.write_bytes(data)
            names.append(path)
        _run_soffice(names, folder, converter)
        pdfs = [folder / "out" / f"{p.stem}.pdf" for p in names]
        missing = [p.name for p in pdfs if not p.is_file()]
        if missing:
            raise ConversionFailed(f"LibreOffice made no PDF of {', '.join(missing[:5])}")
        return [p.read_bytes() for p in pdfs]


def _run_soffice(files: list[Path], folder: Path, converter: Converter) -> None:
    command = shutil.which(converter.command)
    if command is None:
        raise ConversionUnavailable(f"LibreOffice ({converter.command}) is not installed: "
                                    "apt-get install libreoffice-writer-nogui")
    profile = folder / "profile"
    args = [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--nodefault", "--convert-to", "pdf", "--outdir",
            str(folder / "out"), *map(str, files)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, cwd=folder)
    timeout = converter.timeout_s + 2.0 * len(files)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionUnavailable(f"LibreOffice took longer than {timeout:.0f} s") from None
    if process.returncode != 0:
        log.warning("soffice exited %s: %s", process.returncode, errors[-500:])


def stamp_letter_code(pdf: bytes, code: LetterCode) -> bytes:
    """The PDF with the letter's QR code in the bottom left corner of every page."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            with pikepdf.open(io.BytesIO(_qr_overlay(code, x1 - x0, y1 - y0))) as overlay:
                page.add_overlay(overlay.pages[0], pikepdf.Rectangle(x0, y0, x1, y1))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _qr_overlay(code: LetterCode, width_pt: float, height_pt: float) -> bytes:
    """A transparent page of the same size with only the QR code drawn on it (vector)."""
    matrix = segno.make_qr(letter_payload(code), error="q", boost_error=True).matrix
    modules = len(matrix) + 8  # quiet zone of four modules each side
    side = QR_SIDE_MM / modules
    page = FPDF(unit="mm", format=(width_pt / MM, height_pt / MM))
    page.set_auto_page_break(False)
    page.add_page()
    page.set_fill_color(255, 255, 255)
    left, top = QR_MARGIN_MM, height_pt / MM - QR_MARGIN_MM - QR_SIDE_MM
    page.rect(left, top, QR_SIDE_MM, QR_SIDE_MM, style="F")
    page.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                page.rect(left + (column + 4) * side, top + (row + 4) * side, side, side,
                          style="F")
    return bytes(page.output())


def page_texts(pdf: bytes) -> list[tuple[str, float, float]]:
    """(text, width, height in points) of each page of a born-digital PDF."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            width, height = page.get_size()
            pages.append((text.replace("\r\n", "\n").replace("\r", "\n"), width, height))
        return pages
    finally:
        document.close()


def combine_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with every page of ``pdfs``, in order (for printing a mail merge)."""
    combined = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(pdf)) for pdf in pdfs]
    try:
        for source in opened:
            combined.pages.extend(source.pages)
        out = io.BytesIO()
        combined.save(out)
        return out.getvalue()
    finally:
        for source in opened:
            source.close()

"""Sniff: what is this file, and is it safe to process?

The type comes from the bytes (python-magic), never from the name. Each check that refuses a file
raises a ``RejectedFile`` whose message is the reason a clerk reads in the batch report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import magic
import pikepdf
from PIL import Image, UnidentifiedImageError

from core import DamagedFile, EmptyFile, EncryptedFile, OversizedFile, UnsupportedFileType

SUPPORTED_TYPES = {
    "application/pdf": "PDF",
    "image/tiff": "TIFF image",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}
_MM_PER_PT = 25.4 / 72


@dataclass(frozen=True, slots=True)
class FileLimits:
    """What a file may be before Liasse refuses to process it (all configurable)."""

    max_pages: int = 2000
    max_page_side_mm: float = 1000.0  # A1 fits; social-services papers are A4 or A3
    max_image_megapixels: float = 60.0


@dataclass(frozen=True, slots=True)
class FileFacts:
    mime_type: str
    page_count: int


def sniff_type(path: Path) -> str:
    """The MIME type libmagic reads from the first bytes; refuses empty and unsupported files."""
    if path.stat().st_size == 0:
        raise EmptyFile("the file is empty (0 bytes): nothing was scanned or the upload was cut",
                        key="quarantine.empty_file")
    mime = magic.from_file(str(path), mime=True)
    if mime not in SUPPORTED_TYPES:
        known = ", ".join(SUPPORTED_TYPES.values())
        raise UnsupportedFileType(
            f"not a document Liasse can read: the content is {_describe(path, mime)}; "
            f"accepted are {known}", key="quarantine.unsupported_type", mime=mime)
    return mime


def _describe(path: Path, mime: str) -> str:
    try:
        label = magic.from_file(str(path))
    except magic.MagicException:
        label = ""
    return f"{mime} ({label})" if label and label.lower() not in ("data", mime) else mime


def inspect_file(path: Path, mime: str, limits: FileLimits) -> FileFacts:
    """Open the file far enough to know it is whole, unencrypted and of sane size."""
    if mime == "application/pdf":
        return FileFacts(mime, _inspect_pdf(path, limits))
    return FileFacts(mime, _inspect_image(path, limits))


def _inspect_pdf(path: Path, limits: FileLimits) -> int:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise EncryptedFile("the PDF is password-protected: ask the sender for an unprotected "
                            "copy or print and scan it", key="quarantine.encrypted_pdf") from None
    except pikepdf.PdfError as exc:
        raise DamagedFile(f"the PDF is damaged and cannot be opened ({_first_line(exc)})",
                          key="quarantine.damaged_pdf") from None
    with pdf:
        # An owner-password-only PDF (signed, print-restricted) opens without a password and
        # is read as any other; only one that needs a user password is refused above.
        _check_pdf_structure(pdf)
        count = len(pdf.pages)
        if count == 0:
            raise DamagedFile("the PDF has no pages", key="quarantine.no_pages")
        if count > limits.max_pages:
            raise OversizedFile(f"the PDF has {count} pages, more than the limit of "
                                f"{limits.max_pages}: split it before scanning",
                                key="quarantine.too_many_pages", count=count,
                                limit=limits.max_pages)
        for number, page in enumerate(pdf.pages, start=1):
            _check_pdf_page(page, number, limits)
        return count


# qpdf repairs many small faults silently and reports them as warnings. These words mark the
# ones where it had to guess the file's structure: what it rebuilt may not be what was sent.
_STRUCTURAL_DAMAGE = ("file is damaged", "reconstruct", "loop detected", "limits error")


def _check_pdf_structure(pdf: pikepdf.Pdf) -> None:
    warnings = [str(w) for w in pdf.get_warnings()]
    if not any(marker in w for w in warnings for marker in _STRUCTURAL_DAMAGE):
        return
    specific = [w for w in warnings if "file is damaged" not in w] or warnings
    raise DamagedFile(f"the PDF is damaged ({_first_line(specific[0])}); "
                      "ask for a new copy or rescan the paper", key="quarantine.damaged_pdf")


def _user_unit(page: pikepdf.Page) -> float:
    """A page's /UserUnit (a point is 1/72 inch times it); anything but a positive number
    counts as 1."""
    try:
        unit = float(page.obj.get("/UserUnit", 1))
    except (TypeError, ValueError):
        return 1.0
    return unit if unit > 0 else 1.0


def _check_pdf_page(page: pikepdf.Page, number: int, limits: FileLimits) -> None:
    raw = [float(v) for v in page.obj.get("/MediaBox", page.mediabox)]
    if len(raw) == 4 and raw[1] > raw[3]:
        raise DamagedFile(f"page {number} is defined upside down (its MediaBox runs from top to "
                          "bottom): the text positions cannot be trusted; ask for a new copy",
                          key="quarantine.upside_down_page", page=number)
    box = page.cropbox
    unit = _user_unit(page)  # /UserUnit: points per user-space unit (PDF 1.6), default 1
    width = abs(float(box[2]) - float(box[0])) * _MM_PER_PT * unit
    height = abs(float(box[3]) - float(box[1])) * _MM_PER_PT * unit
    if max(width, height) > limits.max_page_side_mm:
        raise OversizedFile(
            f"page {number} measures {width:.0f} × {height:.0f} mm, larger than the "
            f"{limits.max_page_side_mm:.0f} mm limit for a document page",
            key="quarantine.page_too_large", page=number, width=f"{width:.0f}",
            height=f"{height:.0f}", limit=f"{limits.max_page_side_mm:.0f}")
    for name, image in page.get_images().items():  # form XObjects included
        pixels = int(image.get("/Width", 0)) * int(image.get("/Height", 0))
        if pixels > limits.max_image_megapixels * 1_000_000:
            raise OversizedFile(
                f"page {number} holds an image of {pixels / 1e6:.0f} megapixels ({name}), "
                f"more than the {limits.max_image_megapixels:.0f} megapixel limit "
                "(a decompression bomb or a wrong scan resolution)",
                key="quarantine.image_too_large", page=number,
                limit=f"{limits.max_image_megapixels:.0f}")


def _inspect_image(path: Path, limits: FileLimits) -> int:
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > limits.max_pages:
                raise OversizedFile(f"the image has {frames} pages, more than the limit of "
                                    f"{limits.max_pages}", key="quarantine.too_many_pages",
                                    count=frames, limit=limits.max_pages)
            for index in range(frames):
                image.seek(index)
                pixels = image.width * image.height
                if pixels > limits.max_image_megapixels * 1_000_000:
                    raise OversizedFile(
                        f"page {index + 1} is {image.width} × {image.height} pixels, more than "
                        f"the {limits.max_image_megapixels:.0f} megapixel limit",
                        key="quarantine.image_too_large", page=index + 1,
                        limit=f"{limits.max_image_megapixels:.0f}")
            image.seek(0)
            image.load()
            return frames
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise DamagedFile(f"the image is damaged and cannot be read ({_first_line(exc)})",
                          key="quarantine.damaged_image") from None
    except Image.DecompressionBombError:
        raise OversizedFile(
            "the image is too large to process safely (decompression bomb)",
            key="quarantine.decompression_bomb") from None


def _first_line(problem: object) -> str:
    text = str(problem).strip().splitlines()
    line = text[0] if text else type(problem).__name__
    # Drop the temporary path pikepdf/qpdf put in front of the message.
    if ": " in line and line.startswith("/"):
        line = line.split(": ", 1)[1]
    return line[:200]

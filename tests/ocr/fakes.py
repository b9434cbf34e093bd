"""Real OCR engines for tests (not mocks): fixed text, a grey-level reader, crashing ones.

They live in an importable module, not in a test file, because ``extract_pages`` pickles
the engine to its worker processes, which import it by name.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageStat

from core import WordBox
from ocr import OcrResult

GREY_STEP = 20  # page n of a generated grey PDF is painted 255 - n * GREY_STEP


@dataclass(frozen=True)
class FixedTextEngine:
    """Reads the same text on every page, with one word box."""

    text: str = "Texte fixe"
    confidence: float = 88.0

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        word = WordBox(self.text, 0.1, 0.1, 0.5, 0.2, self.confidence)
        return OcrResult(self.text, (word,), self.confidence)


@dataclass(frozen=True)
class GreyLevelEngine:
    """Reads the page number a generated page carries as its grey level, and says which
    process did the reading: "page 3 pid 1234"."""

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        mean = ImageStat.Stat(image.convert("L")).mean[0]
        marker = round((255 - mean) / GREY_STEP)
        return OcrResult(f"page {marker} pid {os.getpid()}", (), 99.0)


@dataclass(frozen=True)
class CrashingEngine:
    """Fails on every page, as a broken OCR installation would."""

    message: str = "engine exploded"

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        raise RuntimeError(self.message)


@dataclass(frozen=True)
class ProcessKillingEngine:
    """Ends the process it runs in, as a segfaulting native library would. Never use it
    with ``workers=1``: it would end the test run."""

    exit_code: int = 3

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        os._exit(self.exit_code)


@dataclass(frozen=True)
class HangingEngine:
    """Never finishes a page, as a stuck native library would. Only for worker processes."""

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        threading.Event().wait()
        raise AssertionError("unreachable")


def grey_pages(count: int, size: tuple[int, int] = (150, 200)) -> list[Image.Image]:
    return [Image.new("L", size, 255 - n * GREY_STEP) for n in range(1, count + 1)]


def write_grey_pdf(path: Path, count: int) -> Path:
    """An image-only PDF of ``count`` small pages, page n painted in grey level n."""
    first, *rest = grey_pages(count)
    first.save(path, save_all=True, append_images=rest, resolution=72)
    return path


def extract_in_daemon(path: str, results: object) -> None:
    """Target of a daemonic process: extract a grey PDF with two workers, report back."""
    from ocr import extract_pages

    try:
        pages = extract_pages(Path(path), "application/pdf", workers=2, engine=GreyLevelEngine())
        results.put([page.text.split(" pid ")[0] for page in pages])  # type: ignore[attr-defined]
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CountingEngine:
    """A real engine that reads with ``inner`` and writes one line per reading to ``log``
    (page size and languages): works across worker processes, where a counter in memory
    would not."""

    inner: object
    log: str

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(f"{image.width}x{image.height}\t{'+'.join(languages)}\n")
        return self.inner.ocr_image(image, languages)  # type: ignore[attr-defined, no-any-return]


def readings(log: Path) -> list[str]:
    """The languages of each reading a ``CountingEngine`` logged, in order."""
    if not log.exists():
        return []
    return [line.split("\t")[1] for line in log.read_text(encoding="utf-8").splitlines()]


def read_count(log: Path) -> int:
    return len(readings(log))

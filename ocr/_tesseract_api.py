"""The warm OCR engine: tesseract's C API (``tesserocr``) kept loaded in the worker process.

The ``tesseract`` program (``ocr._tesseract``) starts a process, loads its language models and
reads a temporary file for every page: measured here 3.1 s a page for five languages, of which
the reading itself is about a third. This engine keeps one initialised ``TessBaseAPI`` per
language set in each process (eight at most, the least recently used dropped), hands it the
page's pixels as they lie in memory (no file, no encoding), and takes text, word boxes and
confidences from the one recognition (tesseract's TSV table, the same table ``image_to_data``
parses). ``osd`` runs tesseract's orientation detection on the same warm library.

The engine itself is a small frozen dataclass (it travels to worker processes); the loaded
APIs live in this module, one set per process, and are never pickled.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from core import OcrFailure
from ocr._engine import OcrEngine, OcrResult
from ocr._tesseract import THREAD_LIMIT_VARIABLE, TesseractEngine, result_from_data

AUTO_WITHOUT_ORIENTATION = 3  # tesseract's psm 3: automatic segmentation, no OSD
OSD_ONLY = 0
KEPT_LANGUAGE_SETS = 8  # loaded models kept per process: ~15 MB each (five + OSD + all)
_TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                "left", "top", "width", "height", "conf", "text")
_BYTES_PER_PIXEL = {"L": 1, "RGB": 3, "RGBA": 4}


def available() -> bool:
    """Whether the C API binding (the ``tesserocr`` wheel) is installed (not imported: the
    parent process of the OCR workers never loads libtesseract)."""
    return importlib.util.find_spec("tesserocr") is not None


def default_engine() -> OcrEngine:
    """The warm engine when its binding is installed, else the ``tesseract`` program (which
    then earns its place: a machine with tesseract but without the wheel still reads)."""
    return TesseractApiEngine() if available() else TesseractEngine()


@dataclass(frozen=True, slots=True)
class TesseractApiEngine:
    """OCR through tesseract's C API, kept loaded in the process between pages.

    ``psm`` is tesseract's page segmentation mode (default 3: automatic, no orientation
    detection; the page's orientation is told afterwards, see ``ocr._pages``). ``timeout``
    (seconds) bounds one page's recognition. ``tessdata`` is the folder of the
    ``*.traineddata`` files (default: ``TESSDATA_PREFIX``, else the usual system folders).
    """

    timeout: float = 120.0
    psm: int = AUTO_WITHOUT_ORIENTATION
    tessdata: str | None = None

    def ocr_image(self, image: Image.Image, languages: Sequence[str]) -> OcrResult:
        if not languages:
            raise OcrFailure("tesseract needs at least one language to read a page")
        with _APIS.borrow("+".join(languages), self.psm, self.tessdata) as api:
            _hand_image(api, image)
            if not api.Recognize(timeout=max(1, round(self.timeout * 1000))):
                raise OcrFailure(
                    f"tesseract took longer than {self.timeout:g} s on the page and was stopped")
            tsv = api.GetTSVText(0)
            api.Clear()
        return result_from_data(_parse_tsv(tsv), image.width, image.height)


def osd(image: Image.Image, tessdata: str | None = None) -> tuple[int, float] | None:
    """Tesseract's orientation detection on the warm library: the clockwise turn that makes
    the page upright (0, 90, 180, 270) and its confidence, or ``None`` when the page has too
    few characters to tell."""
    with _APIS.borrow("osd", OSD_ONLY, tessdata) as api:
        _hand_image(api, image)
        found = api.DetectOrientationScript()
        api.Clear()
    if not found:
        return None
    return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])


def tessdata_folder(languages: str, configured: str | None = None) -> str:
    """The folder holding every ``*.traineddata`` of ``languages`` ("fra+deu")."""
    wanted = [part for part in languages.split("+") if part]
    candidates = [c for c in (configured, os.environ.get("TESSDATA_PREFIX"),
                              *_TESSDATA_CANDIDATES) if c]
    for folder in candidates:
        if all((Path(folder) / f"{code}.traineddata").is_file() for code in wanted):
            return folder
    raise OcrFailure(
        f"tesseract failed: no tessdata folder holds the language(s) {languages} "
        f"(looked in {', '.join(candidates)}); install tesseract-ocr-<lang> or set "
        "TESSDATA_PREFIX")


class _LoadedApis:
    """This process's initialised APIs by (languages, psm), least recently used dropped.

    One lock: a process reads one page at a time (worker processes), and a thread that
    reads in the parent process waits for the API rather than loading a second copy."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._apis: OrderedDict[tuple[str, int, str | None], Any] = OrderedDict()
        self._lock = threading.RLock()

    def borrow(self, languages: str, psm: int, tessdata: str | None) -> _Borrowed:
        return _Borrowed(self, (languages, psm, tessdata))

    def get(self, key: tuple[str, int, str | None]) -> Any:
        if key in self._apis:
            self._apis.move_to_end(key)
            return self._apis[key]
        api = _initialise(*key)
        self._apis[key] = api
        while len(self._apis) > self._keep:
            _, dropped = self._apis.popitem(last=False)
            dropped.End()
        return api


class _Borrowed:
    def __init__(self, apis: _LoadedApis, key: tuple[str, int, str | None]) -> None:
        self._apis, self._key = apis, key

    def __enter__(self) -> Any:
        self._apis._lock.acquire()
        try:
            return self._apis.get(self._key)
        except BaseException:
            self._apis._lock.release()
            raise

    def __exit__(self, *exc: object) -> None:
        self._apis._lock.release()


def _initialise(languages: str, psm: int, tessdata: str | None) -> Any:
    if not available():
        raise OcrFailure("the tesserocr package (tesseract's C API) is not installed: "
                         "pip install tesserocr, or use the tesseract program")
    os.environ.setdefault(THREAD_LIMIT_VARIABLE, "1")  # before libtesseract's OpenMP starts
    import tesserocr

    folder = tessdata_folder(languages, tessdata)
    try:
        return tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang=languages, psm=psm)
    except RuntimeError as exc:
        raise OcrFailure(f"tesseract failed to load {languages} from {folder}: {exc}") from exc


def _hand_image(api: Any, image: Image.Image) -> None:
    """Give the API the page's pixels without copying them into a file or a format."""
    if image.mode not in _BYTES_PER_PIXEL:
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")
    depth = _BYTES_PER_PIXEL[image.mode]
    api.SetImageBytes(image.tobytes(), image.width, image.height, depth, image.width * depth)
    dpi = image.info.get("dpi")
    if dpi and float(dpi[0]) >= 1:
        api.SetSourceResolution(round(float(dpi[0])))


def _parse_tsv(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV rows (no header) as the column lists ``result_from_data`` reads."""
    table: dict[str, list[Any]] = {name: [] for name in _TSV_COLUMNS}
    for line in tsv.splitlines():
        cells = line.split("\t", len(_TSV_COLUMNS) - 1)
        if len(cells) < len(_TSV_COLUMNS) - 1:
            continue
        cells += [""] * (len(_TSV_COLUMNS) - len(cells))
        for name, cell in zip(_TSV_COLUMNS, cells, strict=True):
            table[name].append(cell)
    return table


_APIS = _LoadedApis(KEPT_LANGUAGE_SETS)

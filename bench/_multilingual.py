"""Generated multilingual scanned pages with known text, and their character error rate.

Pages cycle through fr, de, it, nl and en in runs of ``run`` pages (letters of a few pages;
``run=1`` changes language on every page, the worst case for "the previous page's language"),
with the wording of ``_corpus_phrases``, placeholders filled. They are drawn at 300 dpi on
A4 with DejaVu Serif, and one page in three lies turned
(90°, 180°, 270° in turn). ``measure`` reads them two ways on the same cores and reports
throughput and character error rate (Levenshtein distance over the reference length, on
whitespace-collapsed text):

  Liasse: ``ocr.extract_pages`` as the pipeline runs it (page analysis on, the shared pool
          of warm workers, one language per page, orientation from the reading);
  five-language tesseract: ``tesseract PAGE stdout -l fra+deu+ita+nld+eng --psm 1`` (a
          process per page, orientation detection on so turned pages are read), pages
          pre-rendered (rendering not counted: a favourable baseline).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from _corpus_phrases import PHRASES
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LANGS = ("fr", "de", "it", "nl", "en")
FIVE = "fra+deu+ita+nld+eng"
TURNS = (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270)
FILL = {"amount": "1 234,50", "iban": "CH93 0076 2011 6238 5295 7", "person": "Anna Keller",
        "date2": "12.03.2024", "employer": "Bernasconi SA", "landlord": "Immo Rive SA",
        "doctor": "Dr. Weber", "days": "14", "family": "Keller", "given": "Anna",
        "month": "03.2024", "nationality": "CH"}


@dataclass(frozen=True)
class Reading:
    seconds: float
    cer: float
    texts: list[str]


def page_text(number: int, run: int = 1) -> tuple[str, str]:
    """The language and the known text (lines) of generated page ``number`` (0-based)."""
    lang = LANGS[(number // run) % len(LANGS)]
    kinds = [k for k in sorted(PHRASES) if lang in PHRASES[k]]
    lines: list[str] = []
    for offset in range(3):
        titles, body = PHRASES[kinds[(number + offset) % len(kinds)]][lang]
        lines.append(titles[0])
        lines.extend(line.format(**FILL) for line in body)
    return lang, "\n".join(_wrap(line, 62) for line in lines)


def _wrap(line: str, width: int) -> str:
    words, out, current = line.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "\n".join([*out, current])


def render(text: str, number: int) -> Image.Image:
    page = Image.new("L", (2480, 3508), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONT, 40)
    for row, line in enumerate(text.splitlines()):
        draw.text((250, 300 + row * 62), line, font=font, fill=0)
    if number % 3 == 2:
        page = page.transpose(TURNS[(number // 3) % 3])
    page.info["dpi"] = (300, 300)
    return page


def build(folder: Path, pages: int, run: int = 1) -> tuple[Path, list[Path], list[str]]:
    """An image-only PDF of ``pages`` pages, the same pages as PNGs, and their known texts."""
    texts, images = [], []
    for number in range(pages):
        _, text = page_text(number, run)
        texts.append(text)
        image = render(text, number)
        images.append(folder / f"ml-{number:04d}.png")
        image.save(images[-1], dpi=(300, 300))
    pdf = folder / "multilingual.pdf"
    first, *rest = [Image.open(p) for p in images]
    first.save(pdf, save_all=True, append_images=rest, resolution=300)
    return pdf, images, texts


def levenshtein(a: str, b: str) -> int:
    """Edit distance, one numpy pass per character of ``a``."""
    if not a or not b:
        return max(len(a), len(b))
    bs = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    columns = np.arange(len(b) + 1, dtype=np.int64)
    row = columns.copy()
    for i, code in enumerate(np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32), start=1):
        cost = (bs != code).astype(np.int64)
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(best - columns) + columns
    return int(row[-1])


def cer(references: list[str], readings: list[str]) -> float:
    norm = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    errors = sum(levenshtein(norm(r), norm(t)) for r, t in zip(references, readings, strict=True))
    return errors / max(1, sum(len(norm(r)) for r in references))


def read_liasse(pdf: Path, texts: list[str], workers: int) -> Reading:
    from ocr import PageAnalysis, extract_pages

    start = time.perf_counter()
    pages = extract_pages(pdf, "application/pdf", workers=workers,
                          languages=tuple(FIVE.split("+")), analysis=PageAnalysis())
    seconds = time.perf_counter() - start
    read = [p.text for p in pages]
    return Reading(seconds, cer(texts, read), read)


def read_tesseract(images: list[Path], texts: list[str], workers: int) -> Reading:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def run(image: Path) -> str:
        return subprocess.run(["tesseract", str(image), "stdout", "-l", FIVE, "--psm", "1",
                               "--dpi", "300"], check=True, capture_output=True, env=env,
                              text=True).stdout

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        read = list(pool.map(run, images))
    return Reading(time.perf_counter() - start, cer(texts, read), read)


def measure(folder: Path, pages: int, workers: int, run: int = 4) -> list[str]:
    """Both readings of the same generated pages; the lines of the report."""
    pdf, images, texts = build(folder, pages, run)
    liasse = read_liasse(pdf, texts, workers)
    five = read_tesseract(images, texts, workers)
    rate = lambda r: pages / r.seconds * 60  # noqa: E731
    return [
        f"multilingual pages: {pages} generated (fr/de/it/nl/en in runs of {run} pages, a "
        f"third turned), {workers} workers",
        f"  liasse OCR          : {liasse.seconds:7.1f} s  {rate(liasse):6.1f} pages/min  "
        f"CER {liasse.cer:.4f}",
        f"  tesseract 5 langs   : {five.seconds:7.1f} s  {rate(five):6.1f} pages/min  "
        f"CER {five.cer:.4f}",
        f"  ratio liasse / tesseract throughput: {five.seconds / liasse.seconds:.2f}",
    ]

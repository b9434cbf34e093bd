"""OCR quality on spoiled pages: Liasse against bare tesseract, per grade.

    .venv/bin/python bench/bench_ocr_quality.py [--per-cell 2] [--grades office,fax] [--threads 2]

Generates pages spoiled as copiers, scanners and fax machines spoil them (``_spoiled_pages``:
office, photocopy, grey 200 dpi, fax 200x100, stamped; fr/de/it/nl/en, ``--per-cell`` pages
per grade and language), then reads each page three ways:

  liasse    ``ocr.extract_pages`` with the intake's page analysis (what ingestion does);
  bare300   ``tesseract -l fra+deu+ita+nld+eng`` on the page resampled to 300 dpi;
  bare150   the same at 150 dpi.

and prints per grade and reader: the median and 90th-percentile character error rate (CER:
edit distance / length of the known text, whitespace collapsed, case and accents kept), the
recall of a two-word search filtered by dossier (the page counts as found when Liasse's own
linker files the read text in the right dossier AND both search words are in it, accents and
case folded), and the mean seconds per page. Run on demand; never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _spoiled_pages import GRADES, SpoiledPage, spoiled_pages

from classify import LinkCandidates, extract, link
from ocr import DEFAULT_LANGUAGES, PageAnalysis, extract_pages

MIME = {".jpg": "image/jpeg", ".png": "image/png", ".tif": "image/tiff"}
READERS = ("liasse", "bare300", "bare150")


@dataclass(frozen=True, slots=True)
class Reading:
    page: SpoiledPage
    reader: str
    text: str
    seconds: float
    notes: str = ""


def read_liasse(page: SpoiledPage, path: Path) -> tuple[str, str]:
    [result] = extract_pages(path, MIME[page.suffix], workers=1, analysis=PageAnalysis())
    return result.text, result.reason


def bare_reader(dpi: int) -> Callable[[SpoiledPage, Path], tuple[str, str]]:
    def read(page: SpoiledPage, path: Path) -> tuple[str, str]:
        with Image.open(path) as image:
            x_dpi, y_dpi = (float(v) for v in image.info.get("dpi", (300, 300)))
            size = (round(image.width * dpi / x_dpi), round(image.height * dpi / y_dpi))
            resampled = image.convert("L").resize(size, Image.Resampling.LANCZOS)
        target = path.with_name(f"{path.stem}-{dpi}.png")
        resampled.save(target, dpi=(dpi, dpi))
        done = subprocess.run(
            ["tesseract", str(target), "stdout", "-l", "+".join(DEFAULT_LANGUAGES),
             "--dpi", str(dpi)], capture_output=True, text=True, check=True,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"))
        return done.stdout, ""
    return read


def read_all(pages: list[SpoiledPage], readers: tuple[str, ...], threads: int,
             work: Path) -> list[Reading]:
    how = {"liasse": read_liasse, "bare300": bare_reader(300), "bare150": bare_reader(150)}
    jobs = [(page, reader) for page in pages for reader in readers]

    def run(job: tuple[SpoiledPage, str]) -> Reading:
        page, reader = job
        path = work / f"{page.name}{page.suffix}"
        start = time.perf_counter()
        text, notes = how[reader](page, path)
        return Reading(page, reader, text, time.perf_counter() - start, notes)

    for page in pages:
        (work / f"{page.name}{page.suffix}").write_bytes(page.data)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, jobs))


def cer(truth: str, read: str) -> float:
    """Edit distance between the two texts (whitespace collapsed) over the truth's length."""
    a, b = " ".join(truth.split()), " ".join(read.split())
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(1, len(a))


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def found(reading: Reading, candidates: LinkCandidates) -> bool:
    """Filed in the right dossier by Liasse's linker, and both search words in the text."""
    decision = link(extract(reading.text), reading.text, candidates)
    if not decision.linked or decision.dossier_id != reading.page.dossier_id:
        return False
    return all(folded(w) in search_words(reading.text) for w in reading.page.search_words)


def search_words(text: str) -> set[str]:
    """The words of ``text`` as a search index keeps them: runs of letters and digits,
    accents and case folded (punctuation such as the colon of "lavoro:" is no part of a
    word; splitting on spaces and stripping only commas and full stops missed such words)."""
    return set(re.findall(r"\w+", folded(text)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(readings: list[Reading], candidates: LinkCandidates, grades: tuple[str, ...],
           readers: tuple[str, ...], verbose: bool) -> None:
    print("| grade | reader | pages | median CER | p90 CER | recall | s/page |")
    print("|---|---|---|---|---|---|---|")
    for grade in grades:
        for reader in readers:
            mine = [r for r in readings if r.page.grade == grade and r.reader == reader]
            if not mine:
                continue
            rates = [cer(r.page.text, r.text) for r in mine]
            recall = sum(found(r, candidates) for r in mine) / len(mine)
            seconds = statistics.mean(r.seconds for r in mine)
            print(f"| {grade} | {reader} | {len(mine)} | {statistics.median(rates):.1%} | "
                  f"{percentile(rates, 0.9):.1%} | {recall:.2f} | {seconds:.1f} |")
            if verbose:
                for r, rate in zip(mine, rates, strict=True):
                    print(f"    {r.page.name} {rate:.1%} {r.notes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-cell", type=int, default=2)
    parser.add_argument("--grades", default=",".join(GRADES))
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    grades, readers = tuple(args.grades.split(",")), tuple(args.readers.split(","))
    world, pages = spoiled_pages(args.per_cell, grades=grades)
    print(f"{len(pages)} pages ({args.per_cell} per grade and language), readers {readers}, "
          f"{args.threads} threads")
    with tempfile.TemporaryDirectory(prefix="ocr-quality-") as work:
        start = time.perf_counter()
        readings = read_all(pages, readers, args.threads, Path(work))
        print(f"read in {time.perf_counter() - start:.0f} s")
    report(readings, world.candidates(), grades, readers, args.verbose)


if __name__ == "__main__":
    main()

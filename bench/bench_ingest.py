"""Ingestion throughput: the whole pipeline on a batch of scanned pages, against plain tesseract.

    .venv/bin/python bench/bench_ingest.py [--pages 24] [--per-file 4]

Builds a batch of image-only PDFs (corpus scans, ``--per-file`` pages each), then times
  A. ``liasse ingest`` on the embedded defaults (receive, sniff, inspect, render, OCR with 2
     processes a file, ``--at-once`` files at a time, describe, persist in SQLite, index in
     tantivy), and
  B. `tesseract IMAGE stdout tsv` on the same pages pre-rendered at 300 dpi, two at a time with
     OMP_THREAD_LIMIT=1, in this same process tree (rendering not counted: a favourable baseline),
and prints pages per minute of each and the ratio A/B. Run on demand; never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _multilingual import measure  # noqa: E402
from _startup import startup_lines  # noqa: E402
from bench_ocr import build_scan_pdf, time_cli  # noqa: E402

from ocr import render_page  # noqa: E402


def split_pdf(source: Path, per_file: int, folder: Path) -> list[Path]:
    doc = pdfium.PdfDocument(str(source))
    files = []
    for start in range(0, len(doc), per_file):
        part = pdfium.PdfDocument.new()
        part.import_pages(doc, list(range(start, min(start + per_file, len(doc)))))
        target = folder / f"scan-{start // per_file:03d}.pdf"
        part.save(str(target))
        files.append(target)
    return files


def time_pipeline(files: list[Path], home: Path, at_once: int) -> float:
    """What ``liasse ingest FILES... --wait`` does on the embedded defaults, timed."""
    os.environ["LIASSE_HOME"] = str(home)
    os.environ["LIASSE_ITEMS_AT_ONCE"] = str(at_once)
    from liasse.cli._intake import ingest_files

    start = time.perf_counter()
    report = ingest_files(files, source="cli", quiet=True)
    elapsed = time.perf_counter() - start
    if report.as_json()["quarantined"] or report.status != "done":
        sys.exit(f"the batch did not finish cleanly: {report.as_json()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--per-file", type=int, default=4)
    parser.add_argument("--at-once", type=int, default=2,
                        help="files worked on at the same time (LIASSE_ITEMS_AT_ONCE)")
    parser.add_argument("--multilingual", type=int, default=30, help="generated pages with "
                        "known text for the character error rate (0: skip)")
    args = parser.parse_args()
    languages = ("fra", "deu", "ita", "nld", "eng")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        merged = build_scan_pdf(work / "all.pdf", args.pages)
        (work / "files").mkdir()
        files = split_pdf(merged, args.per_file, work / "files")
        images = []
        for number in range(1, args.pages + 1):
            image = render_page(merged, "application/pdf", number, dpi=300)
            images.append(work / f"page-{number:04d}.png")
            image.save(images[-1])
        pipeline = time_pipeline(files, work / "home", args.at_once)
        baseline = time_cli(images, languages, 2)
        accuracy = measure(work, args.multilingual, 2) if args.multilingual else []
        started = startup_lines(work / "home")
    rate = lambda seconds: args.pages / seconds * 60  # noqa: E731
    print(f"pages: {args.pages} in {len(files)} files, {args.at_once} at once; "
          f"languages {'+'.join(languages)}")
    print(f"liasse pipeline : {pipeline:7.1f} s  {rate(pipeline):7.1f} pages/min")
    print(f"plain tesseract : {baseline:7.1f} s  {rate(baseline):7.1f} pages/min")
    print(f"ratio (liasse / tesseract throughput): {baseline / pipeline:.2f}")
    print("\n".join([*accuracy, *started]))


if __name__ == "__main__":
    main()

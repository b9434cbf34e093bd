"""Ingestion throughput: the whole pipeline on a batch of scanned pages, against plain tesseract.

    .venv/bin/python bench/bench_ingest.py [--pages 24] [--per-file 4]

Builds a batch of image-only PDFs (corpus scans, ``--per-file`` pages each), then times
  A. the Liasse pipeline on the embedded defaults (receive, sniff, inspect, render, OCR with
     2 processes, describe, persist in SQLite, index in tantivy), and
  B. `tesseract IMAGE stdout tsv` on the same pages pre-rendered at 300 dpi, two at a time with
     OMP_THREAD_LIMIT=1, in this same process tree (rendering not counted: a favourable baseline),
and prints pages per minute of each and the ratio A/B. Run on demand; never asserted in tests.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_ocr import build_scan_pdf, time_cli  # noqa: E402

from ingest import IncomingFile, process_item, receive_batch  # noqa: E402
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


def time_pipeline(files: list[Path], home: Path) -> float:
    os.environ["LIASSE_HOME"] = str(home)
    from liasse.settings import Settings
    from liasse.wiring import build_services

    services = build_services(Settings())
    start = time.perf_counter()
    with services.sessions.transaction() as session:
        _, items = receive_batch(session, services.blobs,
                                 [IncomingFile(p.name, io.BytesIO(p.read_bytes())) for p in files],
                                 source="cli")
        ids = [i.id for i in items if i.id is not None]
    for item_id in ids:
        process_item(item_id, services.pipeline)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--per-file", type=int, default=4)
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
        pipeline = time_pipeline(files, work / "home")
        baseline = time_cli(images, languages, 2)
    rate = lambda seconds: args.pages / seconds * 60  # noqa: E731
    print(f"pages: {args.pages} in {len(files)} files; languages {'+'.join(languages)}")
    print(f"liasse pipeline : {pipeline:7.1f} s  {rate(pipeline):7.1f} pages/min")
    print(f"plain tesseract : {baseline:7.1f} s  {rate(baseline):7.1f} pages/min")
    print(f"ratio (liasse / tesseract throughput): {baseline / pipeline:.2f}")


if __name__ == "__main__":
    main()

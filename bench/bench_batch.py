"""A mixed batch at the clerk's desk: the Liasse pipeline against plain tesseract and OCRmyPDF.

    .venv/bin/python bench/bench_batch.py [--pages 200] [--per-file 25] [--skip-ocrmypdf]

Builds a mixed batch of ``--pages`` pages (corpus scans of every kind: clean, fax-grade,
rotated, skewed, with masks; plus born-digital pages with a text layer), cut into files of
``--per-file`` pages, then measures on the SAME pages:

  A. Liasse: ``liasse ingest FILES --wait --json`` on the embedded defaults in a fresh home
     (receive, sniff, page analysis: barcodes, blank pages, orientation and skew; text layer or
     OCR with ``LIASSE_OCR_WORKERS`` processes; describe; persist; index). Peak resident memory
     is the largest SUM of the RSS of the ``liasse`` process and all its descendants (the OCR
     worker processes and the tesseract they run), sampled from /proc every 0.1 s.
  B. plain tesseract: ``tesseract IMAGE stdout tsv`` on the pages pre-rendered at 300 dpi, two
     at a time with OMP_THREAD_LIMIT=1 (bench_ocr.time_cli; rendering not counted, so a
     favourable baseline).
  C. OCRmyPDF: ``ocrmypdf --output-type pdfa --force-ocr -j WORKERS -l LANGS`` on each file,
     same languages. ``--force-ocr`` because OCRmyPDF refuses ``--skip-text`` with Ghostscript
     10.0.0 (its PDF/A step corrupts existing text there); like plain tesseract, it then OCRs
     the born-digital pages too, where Liasse reads their text layer.

Prints pages per minute of each, Liasse's throughput ratio to B and to C, and the peak RSS of
the Liasse and OCRmyPDF process trees. Run on demand; never asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _multilingual import measure  # noqa: E402
from _startup import startup_lines  # noqa: E402
from bench_ingest import split_pdf  # noqa: E402
from bench_ocr import CORPUS, time_cli  # noqa: E402

from ocr import render_page  # noqa: E402

BORN_DIGITAL = CORPUS.parent / "born_digital"
SCANS = ("tess4j_eurotext.pdf", "ocrmypdf_francais.pdf", "ocrmypdf_c02-22.pdf",
         "ocrmypdf_ccitt.pdf", "ocrmypdf_masks.pdf", "paperless_rotated.pdf",
         "ocrmypdf_skew.pdf", "ocrmypdf_rotated_skew.pdf", "tess4j_multipage-img.pdf",
         "pypdf_Seige_of_Vicksburg_Sample_OCR.pdf")
DIGITAL = ("paperless_multi-page-digital.pdf", "invoice2data_saeco.pdf",
           "pdfplumber_scotus-transcript-p1.pdf")
DIGITAL_EVERY = 8  # one born-digital page in eight
LANGUAGES = "fra+deu+ita+nld+eng"


def build_mixed_pdf(target: Path, pages: int) -> Path:
    """``pages`` pages cycling through the scans, every eighth page a born-digital one."""
    scans = [pdfium.PdfDocument(str(CORPUS / n)) for n in SCANS if (CORPUS / n).exists()]
    digital = [pdfium.PdfDocument(str(BORN_DIGITAL / n)) for n in DIGITAL
               if (BORN_DIGITAL / n).exists()]
    if not scans:
        sys.exit(f"no scans found in {CORPUS}")
    merged = pdfium.PdfDocument.new()
    cursor = {"scan": 0, "digital": 0}
    while len(merged) < pages:
        kind = "digital" if digital and len(merged) % DIGITAL_EVERY == DIGITAL_EVERY - 1 else "scan"
        sources = digital if kind == "digital" else scans
        flat = [(doc, i) for doc in sources for i in range(len(doc))]
        doc, index = flat[cursor[kind] % len(flat)]
        merged.import_pages(doc, [index])
        cursor[kind] += 1
    merged.save(str(target))
    merged.close()
    for doc in scans + digital:
        doc.close()
    return target


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants right now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        todo.extend(children.get(pid, ()))
    return total


def run_measured(command: Sequence[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run ``command``; return (seconds, peak RSS of its process tree, stdout)."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return seconds, peak, out.decode()


def time_liasse(files: list[Path], home: Path, workers: int) -> tuple[float, int, dict]:
    env = dict(os.environ, LIASSE_HOME=str(home), LIASSE_OCR_WORKERS=str(workers),
               LIASSE_OCR_LANGUAGES=LANGUAGES)
    for name in ("LIASSE_DATABASE_URL", "LIASSE_BROKER_URL", "LIASSE_S3_ENDPOINT"):
        env.pop(name, None)
    liasse = str(Path(sys.executable).parent / "liasse")
    seconds, peak, out = run_measured([liasse, "ingest", *map(str, files), "--wait", "--json"],
                                      env)
    return seconds, peak, json.loads(out)


def time_ocrmypdf(files: list[Path], folder: Path, workers: int) -> tuple[float, int]:
    total, peak = 0.0, 0
    for path in files:
        seconds, rss, _ = run_measured(
            ["ocrmypdf", "--output-type", "pdfa", "--force-ocr", "-j", str(workers),
             "-l", LANGUAGES, "--quiet", str(path), str(folder / path.name)],
            dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"))
        total, peak = total + seconds, max(peak, rss)
    return total, peak


def render_all(merged: Path, pages: int, folder: Path) -> list[Path]:
    images = []
    for number in range(1, pages + 1):
        image = render_page(merged, "application/pdf", number, dpi=300).convert("L")
        images.append(folder / f"page-{number:04d}.png")
        image.save(images[-1], dpi=(300, 300))
    return images


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--per-file", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-ocrmypdf", action="store_true")
    parser.add_argument("--multilingual", type=int, default=30, help="generated pages with "
                        "known text for the character error rate (0: skip)")
    args = parser.parse_args()
    languages = tuple(LANGUAGES.split("+"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        merged = build_mixed_pdf(work / "batch.pdf", args.pages)
        (work / "files").mkdir()
        (work / "ocrmypdf").mkdir()
        files = split_pdf(merged, args.per_file, work / "files")
        liasse, liasse_peak, report = time_liasse(files, work / "home", args.workers)
        images = render_all(merged, args.pages, work)
        tesseract = time_cli(images, languages, args.workers)
        ocrmypdf, ocrmypdf_peak = (None, 0) if args.skip_ocrmypdf else time_ocrmypdf(
            files, work / "ocrmypdf", args.workers)
        accuracy = measure(work, args.multilingual, args.workers) if args.multilingual else []
        started = startup_lines(work / "home")
    rate = lambda seconds: args.pages / seconds * 60  # noqa: E731
    found = len(report["documents"])
    print(f"batch: {args.pages} pages in {len(files)} files ({found} documents), "
          f"{args.workers} OCR workers, languages {LANGUAGES}")
    print(f"liasse ingest   : {liasse:7.1f} s  {rate(liasse):6.1f} pages/min  "
          f"peak RSS {liasse_peak / 2**20:6.0f} MiB (process tree)")
    print(f"plain tesseract : {tesseract:7.1f} s  {rate(tesseract):6.1f} pages/min "
          f"(pre-rendered, rendering not counted)")
    print(f"ratio liasse / tesseract throughput: {tesseract / liasse:.2f}")
    if ocrmypdf is not None:
        print(f"ocrmypdf pdfa   : {ocrmypdf:7.1f} s  {rate(ocrmypdf):6.1f} pages/min  "
              f"peak RSS {ocrmypdf_peak / 2**20:6.0f} MiB (process tree)")
        print(f"ratio liasse / ocrmypdf throughput: {ocrmypdf / liasse:.2f}")
    print("\n".join([*accuracy, *started]))


if __name__ == "__main__":
    main()

"""OCR throughput: extract_pages(workers=2) against the bare tesseract CLI on the same pages.

    .venv/bin/python bench/bench_ocr.py --pages 8 [--languages fra+deu+ita+nld+eng]

Builds an N-page image-only PDF from the corpus scans, then times
  A. ocr.extract_pages(path, workers=2)  (render + OCR in two worker processes), and
  B. `tesseract IMAGE stdout tsv` on the same pages pre-rendered at 300 dpi, two at a time,
     with OMP_THREAD_LIMIT=1 (rendering not counted),
and prints pages/minute of each (best of --repeat runs) and their ratio. Run on demand;
never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr import DEFAULT_LANGUAGES, extract_pages, render_page

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scans"
SOURCES = (
    "tess4j_eurotext.pdf",
    "ocrmypdf_francais.pdf",
    "ocrmypdf_c02-22.pdf",
    "ocrmypdf_ccitt.pdf",
    "ocrmypdf_masks.pdf",
    "paperless_rotated.pdf",
)


def build_scan_pdf(target: Path, pages: int) -> Path:
    """An image-only PDF of ``pages`` pages, cycling through the corpus scans."""
    merged = pdfium.PdfDocument.new()
    sources = [CORPUS / name for name in SOURCES if (CORPUS / name).exists()]
    if not sources:
        sys.exit(f"no scans found in {CORPUS}")
    i = 0
    while len(merged) < pages:
        source = pdfium.PdfDocument(str(sources[i % len(sources)]))
        count = min(len(source), pages - len(merged))
        merged.import_pages(source, list(range(count)))
        source.close()
        i += 1
    merged.save(str(target))
    merged.close()
    return target


def time_extract(path: Path, languages: tuple[str, ...], workers: int) -> float:
    start = time.perf_counter()
    extract_pages(path, "application/pdf", languages=languages, workers=workers)
    return time.perf_counter() - start


def time_cli(images: list[Path], languages: tuple[str, ...], workers: int) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def run(image: Path) -> None:
        subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "+".join(languages), "--dpi", "300", "tsv"],
            check=True, capture_output=True, env=env,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, images))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--languages", default="+".join(DEFAULT_LANGUAGES))
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()
    languages = tuple(args.languages.split("+"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = build_scan_pdf(work / "scans.pdf", args.pages)
        images = []
        for number in range(1, args.pages + 1):
            image = render_page(path, "application/pdf", number, dpi=300).convert("L")
            images.append(work / f"page-{number:04d}.png")
            image.save(images[-1], dpi=(300, 300))
        ours, cli = float("inf"), float("inf")
        for _ in range(args.repeat):  # alternate, so a busy moment does not favour one side
            ours = min(ours, time_extract(path, languages, args.workers))
            cli = min(cli, time_cli(images, languages, args.workers))
    per_minute = lambda seconds: args.pages / seconds * 60  # noqa: E731
    print(f"{args.pages} scanned pages, {args.workers} workers, languages {'+'.join(languages)}")
    print(f"extract_pages : {ours:7.1f} s  {per_minute(ours):6.1f} pages/min")
    print(f"tesseract CLI : {cli:7.1f} s  {per_minute(cli):6.1f} pages/min (pre-rendered)")
    print(f"ratio extract_pages / CLI throughput: {cli / ours:.2f}")


if __name__ == "__main__":
    main()

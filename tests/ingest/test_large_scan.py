"""A long scan is read with flat memory and bounded scratch space, pages OCR'd in parallel.

How it is measured: while the real pipeline (real tesseract) reads a generated 60-page scan, a
thread samples every 50 ms, from /proc, the resident memory of every process below this one
(the OCR worker processes and the tesseract each of them runs), and the bytes under the
pipeline's work directory and under TMPDIR (where the workers' tesseract writes its page
images).
The bounds do not grow with the number of pages: the long-lived worker processes' memory in the
last third of the run may not exceed the first third's by more than a margin (no page is kept in
a worker; each tesseract lives for one page, so it counts in the ceiling only), and the
scratch space stays below two copies of the original plus a few page images per worker.
A 500-page scan then costs what a 60-page one does, per worker; ``bench/bench_batch.py``
measures the same on a mixed batch of corpus scans.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from sqlmodel import select

from core.catalog import Document, ItemStatus
from ingest import IncomingFile, process_item, receive_batch
from liasse.wiring import Services
from ocr import PageAnalysis
from tests.support.documents import FONT

PAGES = 60
DPI = 200
WORKERS = 2
MiB = 2**20


@dataclass
class Samples:
    """What the sampler saw, every 50 ms: seconds since the start, the resident memory of the
    OCR worker processes alone, of those workers and every tesseract they run, and the scratch
    bytes."""

    points: list[tuple[float, int, int, int]] = field(default_factory=list)
    most_workers: int = 0

    def _window(self, start: float, end: float) -> list[tuple[float, int, int, int]]:
        return self.points[int(len(self.points) * start):max(1, int(len(self.points) * end))]

    def peak_workers(self, start: float = 0.0, end: float = 1.0) -> int:
        return max((workers for _, workers, _, _ in self._window(start, end)), default=0)

    def peak_tree(self) -> int:
        return max((tree for _, _, tree, _ in self.points), default=0)

    @property
    def peak_scratch(self) -> int:
        return max((scratch for _, _, _, scratch in self.points), default=0)


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def resident(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def folder_bytes(*folders: Path) -> int:
    total = 0
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                total += path.stat().st_size if path.is_file() else 0
            except OSError:
                continue
    return total


@contextmanager
def sampled(*scratch: Path) -> Iterator[Samples]:
    samples, stop, began = Samples(), threading.Event(), time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            # Only the OCR workers and what they start (tesseract): other children of this
            # test process (servers of other tests in the same session) are not the pipeline's.
            workers = [p for p in descendants(os.getpid()) if "ocr._worker" in _cmdline(p)]
            engines = [c for w in workers for c in descendants(w)]
            samples.most_workers = max(samples.most_workers, len(workers))
            own = sum(map(resident, workers))
            samples.points.append((time.monotonic() - began, own,
                                   own + sum(map(resident, engines)), folder_bytes(*scratch)))
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def long_scan(pages: int) -> bytes:
    """An image-only PDF of ``pages`` A4 pages at 200 dpi, each with a few printed lines."""
    font = ImageFont.truetype(FONT, 30)
    images = []
    for number in range(1, pages + 1):
        page = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
        draw = ImageDraw.Draw(page)
        for line in range(4):
            draw.text((160, 160 + 60 * line), f"Rapport social page {number}, ligne {line}",
                      fill=0, font=font)
        images.append(page)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return out.getvalue()


@pytest.mark.slow
# It measures the pipeline, not the catalog: SQLite only.
@pytest.mark.parametrize("catalog_url", ["sqlite"], indirect=True)
def test_a_long_scan_keeps_memory_flat_and_scratch_bounded(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a 60-page image-only scan WHEN the pipeline reads it with two OCR processes
    THEN both work at once; the worker processes' own memory in the last third of the run
    stays within 64 MiB of the first third's; workers and their tesseract stay under 600 MiB;
    the scratch space never exceeds two copies of the original plus 30 MiB per worker; every
    page is stored."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the workers' tesseract page images go here
    data = long_scan(PAGES)
    with services.sessions.transaction() as session:
        _, [item] = receive_batch(session, services.blobs,
                                  [IncomingFile("long.pdf", io.BytesIO(data))], source="cli")
    assert item.id is not None
    config = replace(services.intake, ocr_languages=("fra",), ocr_workers=WORKERS,
                     ocr_dpi=DPI, analysis=PageAnalysis(orientation=False))
    with sampled(scratch, services.intake.work_dir) as samples:
        status = process_item(item.id, replace(services.pipeline, config=config))
    assert status == ItemStatus.done
    with services.sessions() as session:
        [document] = session.exec(select(Document).where(Document.batch_item_id == item.id))
    assert document.page_count == PAGES
    # A page kept in a worker would show as growth of the long-lived worker processes; each
    # tesseract lives for one page, and how many of them peak at the same instant is chance,
    # so they count in the ceiling only.
    first, last = samples.peak_workers(0.0, 1 / 3), samples.peak_workers(2 / 3, 1.0)
    print(f"workers: first third {first / MiB:.0f} MiB, last third {last / MiB:.0f} MiB; "
          f"with tesseract {samples.peak_tree() / MiB:.0f} MiB")
    assert samples.most_workers >= WORKERS  # pages read in parallel
    assert last <= first + 64 * MiB, (first / MiB, last / MiB)
    assert samples.peak_tree() < 600 * MiB, samples.peak_tree() / MiB
    assert samples.peak_scratch <= 2 * len(data) + WORKERS * 30 * MiB, (
        samples.peak_scratch / MiB, len(data) / MiB)


def tree_resident(root: int) -> int:
    """Bytes resident in ``root`` and every process below it."""
    return resident(root) + sum(map(resident, descendants(root)))


@pytest.mark.slow
@pytest.mark.parametrize("catalog_url", ["sqlite"], indirect=True)
def test_a_500_page_scan_is_ingested_by_a_process_tree_under_1_gb(
        liasse_env: Path, tmp_path: Path) -> None:
    """GIVEN a 500-page image-only scan (A4 at 200 dpi, a few lines a page) WHEN
    ``liasse ingest FILE --wait`` reads it in a process of its own (page analysis on, two
    OCR workers) THEN the batch is done, one document of 500 pages, and the resident memory
    of the whole process tree, sampled every 50 ms, never reached 1 GB.

    On 2 quiet cores it takes about two minutes (the pages carry little text)."""
    import json
    import subprocess
    import sys

    scan = tmp_path / "long.pdf"
    scan.write_bytes(long_scan(500))
    env = dict(os.environ, LIASSE_OCR_WORKERS=str(WORKERS), LIASSE_OCR_DPI=str(DPI),
               LIASSE_OCR_LANGUAGES="fra+deu+ita+nld+eng")
    liasse = [sys.executable, "-m", "liasse", "ingest", str(scan), "--wait", "--json"]
    process = subprocess.Popen(liasse, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak, stop = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_resident(process.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate(timeout=1800)
    stop.set()
    sampler.join()
    assert process.returncode == 0, err.decode()[-2000:]
    report = json.loads(out)
    print(f"500 pages: peak RSS of the liasse ingest tree {peak / MiB:.0f} MiB")
    assert [d["pages"] for d in report["documents"]] == [500], report
    assert peak < 1024 * MiB, peak / MiB

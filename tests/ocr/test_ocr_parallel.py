"""Pages read in worker processes: order, progress, failures, and daemonic callers."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from core import OcrFailure, PageText
from ocr import extract_pages
from tests.ocr.fakes import (
    CrashingEngine,
    GreyLevelEngine,
    HangingEngine,
    ProcessKillingEngine,
    extract_in_daemon,
)

PDF = "application/pdf"


def _marker(page: PageText) -> str:
    return page.text.split(" pid ")[0]


def _reader_pid(page: PageText) -> int:
    return int(page.text.split(" pid ")[1])


def test_two_workers_keep_page_order_and_report_progress(grey_pdf: Path) -> None:
    """GIVEN a six-page scan WHEN read by two worker processes
    THEN the pages come back in page order, each read in a worker (not this process),
    and on_page was called here once per page."""
    seen: list[tuple[int, int]] = []
    pages = extract_pages(grey_pdf, PDF, workers=2, engine=GreyLevelEngine(),
                          on_page=lambda page: seen.append((page.number, os.getpid())))
    assert [p.number for p in pages] == [1, 2, 3, 4, 5, 6]
    assert [_marker(p) for p in pages] == [f"page {n}" for n in range(1, 7)]
    assert sorted(number for number, _ in seen) == [1, 2, 3, 4, 5, 6]
    assert {pid for _, pid in seen} == {os.getpid()}
    assert os.getpid() not in {_reader_pid(p) for p in pages}
    assert all(p.reason == "no text layer: OCR" and p.source == "ocr" for p in pages)


def test_one_worker_reads_in_this_process(grey_pdf: Path) -> None:
    """GIVEN workers=1 WHEN pages are read THEN they are read in this very process."""
    pages = extract_pages(grey_pdf, PDF, workers=1, pages=[1, 2], engine=GreyLevelEngine())
    assert {_reader_pid(p) for p in pages} == {os.getpid()}


@pytest.mark.parametrize("workers", [1, 2])
def test_crashing_engine_is_an_ocr_failure(grey_pdf: Path, workers: int) -> None:
    """GIVEN an engine that raises WHEN pages are read (here or in workers)
    THEN OcrFailure names the page, the file, the engine and its error."""
    with pytest.raises(OcrFailure) as caught:
        extract_pages(grey_pdf, PDF, workers=workers, engine=CrashingEngine())
    message = caught.value.message
    assert "of grey.pdf failed (CrashingEngine): RuntimeError: engine exploded" in message
    assert message.startswith("OCR of page ")


def test_worker_that_dies_is_an_ocr_failure(grey_pdf: Path) -> None:
    """GIVEN an engine that ends its process (as a native crash would) WHEN read by workers
    THEN OcrFailure says a worker stopped, with its exit code and the page it was on."""
    with pytest.raises(OcrFailure, match=r"an OCR worker process stopped \(exit code 3\) "
                                         r"while reading page \d of grey.pdf"):
        extract_pages(grey_pdf, PDF, workers=2, engine=ProcessKillingEngine())


def test_stuck_workers_are_stopped(grey_pdf: Path) -> None:
    """GIVEN an engine that never finishes a page WHEN read by workers with a short
    stall timeout THEN OcrFailure says no page finished, and the workers are stopped."""
    with pytest.raises(OcrFailure, match=r"no page finished within 1\.5 s"):
        extract_pages(grey_pdf, PDF, workers=2, engine=HangingEngine(), stall_timeout=1.5)


def test_extraction_works_inside_a_daemonic_process(grey_pdf: Path) -> None:
    """GIVEN a daemonic process, as a Celery prefork child is
    WHEN it extracts a scan with two workers THEN it gets every page, in order
    (multiprocessing pools refuse to start there)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=extract_in_daemon, args=(str(grey_pdf), results), daemon=True)
    child.start()
    try:
        outcome = results.get(timeout=120)
    finally:
        child.join(timeout=30)
    assert outcome == [f"page {n}" for n in range(1, 7)]
    assert child.exitcode == 0


def test_files_read_at_once_share_one_pool_of_kept_workers(tmp_path: Path) -> None:
    """GIVEN two scans read at the same time from two threads (two files in flight), each
    asking for two workers WHEN both are read, then a third one after them
    THEN every page of all three was read by the same two worker processes: one pool per
    host process, kept between files (their engines stay loaded)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.ocr.fakes import write_grey_pdf

    files = [write_grey_pdf(tmp_path / f"scan{n}.pdf", 6) for n in range(3)]

    def read(path: Path) -> set[int]:
        pages = extract_pages(path, PDF, workers=2, engine=GreyLevelEngine())
        assert [_marker(p) for p in pages] == [f"page {n}" for n in range(1, 7)]
        return {_reader_pid(p) for p in pages}

    with ThreadPoolExecutor(2) as threads:
        first, second = threads.map(read, files[:2])
    later = read(files[2])
    assert len(first | second | later) <= 2
    assert later <= first | second

"""How fast the review station lets a clerk go through a batch (``python -m bench.bench_review``).

A generated batch of 50 one-page scans filed in dossier 824415, each waiting in review for its
doubted reading (the review threshold is set to 99.9), is confirmed in headless Chromium with
the Enter key, one document after the other. Reported: the median and 90th percentile time
from a station page's first paint to the next document ready (its page image loaded), and the
key presses per confirmed document. Targets: under 300 ms, and 1 key press.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlmodel import select

from core.catalog import Document, DocumentStatus, Role, UserCreate, account_queries
from ingest import IncomingFile, process_item, receive_batch
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import build_services
from tests.support.documents import scanned_pdf
from tests.support.dossiers import seed_catalog
from tests.viewer.browser import chromium_page, serving

PASSWORD = "a long enough passphrase"
READY = "() => { const i = document.getElementById('station-image'); return !i || i.complete; }"
FIRST_PAINT = ("() => (performance.getEntriesByType('paint')"
               ".find(p => p.name === 'first-paint') || {startTime: 0}).startTime")


def build(home: Path, documents: int) -> tuple[Any, Any, int]:
    settings = Settings(home=home, database_url=None, broker_url=None, s3_endpoint=None,
                        ocr_workers=1, review_min_confidence=99.9)
    services = build_services(settings)
    with services.sessions.transaction() as s:
        account_queries.create_user(s, data=UserCreate(username="claire", roles=[Role.clerk],
                                                       password=PASSWORD))
    seed_catalog(services)
    files = [IncomingFile(f"scan-{n:02}.pdf", io.BytesIO(scanned_pdf(
        [f"Attestation {n}\nDossier 824415\nMontant {100 + n} CHF"], dpi=150)))
        for n in range(documents)]
    with services.sessions.transaction() as session:
        batch, items = receive_batch(session, services.blobs, files, source="upload",
                                     created_by="claire")
    for item in items:
        process_item(int(item.id or 0), services.pipeline)
    return create_app(settings, eager_tasks=True, services=services), services, int(batch.id or 0)


def drive(base: str, batch: int, documents: int) -> tuple[list[float], int]:
    """Confirm every card with Enter: the time from each page's first paint to the next
    document ready, and the key presses made."""
    timings, presses = [], 0
    with chromium_page(base) as page:
        page.goto("/login")
        page.fill("input[name=username]", "claire")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto(f"/review?batch={batch}")
        page.wait_for_function(READY)
        for _ in range(documents):
            painted_at = time.perf_counter() - (page.evaluate("() => performance.now()")
                                                - page.evaluate(FIRST_PAINT)) / 1000
            with page.expect_navigation():
                page.keyboard.press("Enter")
            presses += 1
            page.wait_for_function(READY)
            timings.append((time.perf_counter() - painted_at) * 1000)
            if page.query_selector("#station-empty"):
                break
    return timings, presses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        app, services, batch = build(Path(tmp) / "home", args.documents)
        print(f"batch of {args.documents} scans ready in {time.perf_counter() - started:.0f} s")
        with serving(app) as base:
            timings, presses = drive(base, batch, args.documents)
        with services.sessions() as session:
            confirmed = len(session.exec(select(Document).where(
                Document.status == DocumentStatus.active)).all())
    print(f"documents confirmed: {confirmed}, key presses: {presses} "
          f"({presses / max(1, confirmed):.2f} per confirmed document)")
    print(f"first paint -> next document ready: median {statistics.median(timings):.0f} ms, "
          f"p90 {statistics.quantiles(timings, n=10)[-1]:.0f} ms, max {max(timings):.0f} ms")


if __name__ == "__main__":
    main()

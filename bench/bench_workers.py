"""Scaling of ``liasse worker`` processes: the same scanned batch with 1 and with 2 workers.

    .venv/bin/python bench/bench_workers.py [--pages 40] [--per-file 10] [--range-pages 5]
        [--dpi 300] [--languages fra] [--json]

Runs on the real backends of the machine, as the worker tests do: a fresh PostgreSQL database
per run (LIASSE_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432), a Redis database claimed
for the benchmark (LIASSE_TEST_REDIS_URL, default 127.0.0.1:6379) and a seaweedfs S3 server
started here (or LIASSE_TEST_S3_*). Each worker is ``liasse worker --concurrency 1`` with
LIASSE_OCR_WORKERS=1 in a home of its own, so two workers use two cores. The clock runs from
queuing the batch (workers already started and ready) to the batch being done in the catalog.
Prints pages per minute with 1 and 2 workers and their ratio. Run on demand; never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.support.desk import Desk, bucket_prefix  # noqa: E402
from tests.support.documents import scanned_pdf  # noqa: E402
from tests.support.seaweed import S3Endpoint, remove_buckets, running_s3  # noqa: E402
from tests.support.workers import (  # noqa: E402
    Backends,
    RedisDatabase,
    scratch_database,
    stop_all,
    wait_worker_ready,
    worker_process,
)

PARAGRAPH = ("Le centre public d'action sociale accorde une aide au ménage {n}. "
             "La décision du comité spécial est notifiée au demandeur.\n"
             "Montant mensuel: {amount} EUR à partir du {day:02d}.03.2026.\n"
             "Pièces jointes: attestation de domicile, composition de ménage.\n"
             "Dossier 824415, feuille {n}.")


def build_batch(pages: int, per_file: int) -> dict[str, bytes]:
    """Image-only PDFs of ``per_file`` pages (the last may be shorter), ``pages`` in all."""
    texts = [PARAGRAPH.format(n=n, amount=400 + n, day=1 + n % 28) for n in range(1, pages + 1)]
    return {f"scan-{start // per_file:03d}.pdf": scanned_pdf(texts[start:start + per_file])
            for start in range(0, pages, per_file)}


def time_batch(workers: int, batch: dict[str, bytes], s3: S3Endpoint, redis_db: RedisDatabase,
               folder: Path, settings: dict[str, object]) -> float:
    """Seconds from queuing ``batch`` to its completion with ``workers`` worker processes."""
    redis_db.flush()
    with ExitStack() as stack, scratch_database() as database_url:
        backends = Backends(database_url, redis_db.url, s3, bucket_prefix(), folder / "index")
        stack.callback(remove_buckets, s3.client(), backends.buckets)
        desk = Desk(backends.settings(folder / "desk"))
        stack.callback(desk.close)
        started = [worker_process(f"w{n}", backends, folder / f"host-{n}", **settings).start()
                   for n in range(1, workers + 1)]
        stack.callback(stop_all, started)
        for worker in started:
            wait_worker_ready(worker)
        start = time.perf_counter()
        batch_id = desk.submit(batch)
        outcome = desk.wait_done(batch_id, timeout=3600, watch=started)
        elapsed = time.perf_counter() - start
    failed = [i.filename for i in outcome.items if str(i.status) != "done"]
    if failed:
        sys.exit(f"not processed: {failed}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--per-file", type=int, default=10)
    parser.add_argument("--range-pages", type=int, default=5)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--languages", default="fra")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings: dict[str, object] = {"ocr_workers": 1, "ocr_dpi": args.dpi,
                                   "ocr_languages": args.languages,
                                   "range_pages": args.range_pages}
    batch = build_batch(args.pages, args.per_file)
    load_before = os.getloadavg()[0]
    redis_db = RedisDatabase.claim()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp, \
                running_s3(Path(tmp) / "s3") as s3:
            seconds = {n: time_batch(n, batch, s3, redis_db, Path(tmp) / f"run-{n}", settings)
                       for n in (1, 2)}
    finally:
        redis_db.release()
    rate = {n: args.pages / s * 60 for n, s in seconds.items()}
    report = {"pages": args.pages, "files": len(batch), "range_pages": args.range_pages,
              "dpi": args.dpi, "languages": args.languages,
              "seconds": {str(n): round(s, 1) for n, s in seconds.items()},
              "pages_per_minute": {str(n): round(r, 1) for n, r in rate.items()},
              "scaling_ratio": round(rate[2] / rate[1], 2),
              "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
    if args.json:
        print(json.dumps(report))
        return
    print(f"{args.pages} scanned pages in {len(batch)} files, ranges of {args.range_pages}, "
          f"OCR {args.dpi} dpi -l {args.languages}, 1 OCR process per worker")
    for n in (1, 2):
        print(f"  {n} worker{'s' if n > 1 else ' '}: {seconds[n]:6.1f} s  "
              f"{rate[n]:6.1f} pages/min")
    print(f"  scaling ratio (2 workers / 1 worker): {rate[2] / rate[1]:.2f}")
    print(f"  (1-minute load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f},"
          f" on {os.cpu_count()} cores: other processes skew the ratio)")


if __name__ == "__main__":
    main()

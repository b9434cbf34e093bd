"""Real worker processes on the real backends of this machine: PostgreSQL (a fresh database per
test), Redis (a database claimed for the session, flushed around each test) and S3 (seaweedfs).

Each worker is ``python -m liasse worker --concurrency 1`` with a home of its own: a separate
"host" that shares nothing with the others but the catalog, the broker and object storage (and
the folder of the embedded search index, standing in for OpenSearch). Tests wait on the
catalog, with deadlines, never by sleeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.desk import Desk, bucket_prefix
from tests.support.documents import scanned_pdf
from tests.support.seaweed import S3Endpoint, remove_buckets
from tests.support.workers import (
    Backends,
    LiasseProcess,
    RedisDatabase,
    scratch_database,
    stop_all,
    wait_worker_ready,
    worker_process,
)

# Quick to OCR: clean pages at 150 dpi in one language, one OCR process per worker, no look
# for separator sheets or turned pages (page analysis has tests of its own), and files of more
# than 5 pages read in ranges of 5 by whichever worker is free.
WORKER_SETTINGS: dict[str, object] = {
    "range_pages": 5, "ocr_dpi": 150, "ocr_languages": "fra", "ocr_workers": 1,
    "page_analysis": "false"}

StartWorker = Callable[..., LiasseProcess]


def numbered_scan(label: str, pages: int) -> bytes:
    """An image-only PDF whose page N reads "... feuille N": the order can be checked."""
    return scanned_pdf([f"Liasse {label} page {n}\nDossier 824415 feuille {n} sur {pages}"
                        for n in range(1, pages + 1)], dpi=150)


@pytest.fixture(scope="session")
def redis_database() -> Iterator[RedisDatabase]:
    """A Redis database of the server on 127.0.0.1:6379 for this session only."""
    claimed = RedisDatabase.claim()
    yield claimed
    claimed.release()


@pytest.fixture
def broker_url(redis_database: RedisDatabase) -> Iterator[str]:
    """The session's Redis database, empty at the start and at the end of the test."""
    redis_database.flush()
    yield redis_database.url
    redis_database.flush()


@pytest.fixture
def catalog_database() -> Iterator[str]:
    """A fresh PostgreSQL database with the schema, dropped after the test."""
    with scratch_database() as url:
        yield url


@pytest.fixture
def worker_s3(s3_endpoint: S3Endpoint) -> S3Endpoint:
    """The S3 server the workers use (a module may give its own)."""
    return s3_endpoint


@pytest.fixture
def backends(catalog_database: str, broker_url: str, worker_s3: S3Endpoint,
             tmp_path: Path) -> Iterator[Backends]:
    shared = Backends(database_url=catalog_database, broker_url=broker_url, s3=worker_s3,
                      bucket_prefix=bucket_prefix(), index_dir=tmp_path / "shared-index")
    yield shared
    remove_buckets(worker_s3.client(), shared.buckets)


@pytest.fixture
def desk(backends: Backends, tmp_path: Path) -> Iterator[Desk]:
    """This test as an intake desk: batches in (catalog + S3 + Redis), outcomes out."""
    opened = Desk(backends.settings(tmp_path / "desk"))
    yield opened
    opened.close()


@pytest.fixture
def start_worker(backends: Backends, tmp_path: Path) -> Iterator[StartWorker]:
    """``start_worker("a", ready=True, **settings)``: a worker on a host of its own
    (home ``tmp_path/host-a``); every worker started is stopped after the test."""
    started: list[LiasseProcess] = []

    def start(name: str, *, ready: bool = True, **settings: object) -> LiasseProcess:
        worker = worker_process(name, backends, tmp_path / f"host-{name}",
                                **{**WORKER_SETTINGS, **settings})
        started.append(worker.start())
        if ready:
            wait_worker_ready(worker)
        return worker

    yield start
    stop_all(started)

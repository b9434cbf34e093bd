"""Two workers on two "hosts" (separate homes, no shared disk) share one batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from core.catalog import IndexOutbox
from index import EmbeddedIndex
from tests.support.desk import Desk
from tests.support.workers import (
    Backends,
    tasks_succeeded,
    wait_for,
    wait_worker_ready,
)
from tests.workers.conftest import StartWorker, numbered_scan

BATCH = {"registre.pdf": ("registre", 20), "bail.pdf": ("bail", 4), "avis.pdf": ("avis", 3)}


def _outbox_empty(desk: Desk) -> bool:
    with desk.sessions() as session:
        return not session.exec(select(IndexOutbox.id)).first()


@pytest.mark.slow
def test_two_hosts_share_one_batch_through_catalog_broker_and_s3(
        desk: Desk, backends: Backends, start_worker: StartWorker, tmp_path: Path) -> None:
    """GIVEN two workers, each with its own home (work folder), on one PostgreSQL catalog, one
    Redis broker and one S3 server
    WHEN a batch of a 20-page scan (4 ranges) and two small scans is queued
    THEN both workers read page ranges of it, every file becomes one document with each page
    once and in order, the originals were fetched from S3 (no host holds an object folder or a
    local catalog), and the shared search index holds every document."""
    hosts = [start_worker(name, ready=False) for name in ("a", "b")]
    for worker in hosts:
        wait_worker_ready(worker)
    batch_id = desk.submit({name: numbered_scan(label, pages)
                            for name, (label, pages) in BATCH.items()})
    outcome = desk.wait_done(batch_id, timeout=240, watch=hosts)

    assert sorted(str(item.status) for item in outcome.items) == ["done"] * 3
    assert len(outcome.documents) == 3
    for doc in outcome.documents:
        [item] = [i for i in outcome.items if i.id == doc.item_id]
        label, pages = BATCH[item.filename]
        assert doc.source_pages == list(range(1, pages + 1))
        assert all(f"feuille {n} " in text and label in text
                   for n, text in enumerate(doc.texts, start=1))
    wait_for(lambda: all(tasks_succeeded(w, "liasse.read_pages") for w in hosts), timeout=10,
             what="both workers logging a page range read", watch=hosts)
    for worker in hosts:
        assert not (worker.home / "objects").exists()
        assert not (worker.home / "catalog.sqlite3").exists()
    wait_for(lambda: _outbox_empty(desk), timeout=60, what="index outbox drained", watch=hosts)
    index = EmbeddedIndex(backends.index_dir)
    try:
        assert index.document_ids() == {doc.id for doc in outcome.documents}
    finally:
        index.close()

"""A worker killed -9 in the middle of a scanned batch: another one finishes it, exactly once."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from core.catalog import PageDraft
from tests.support.desk import BatchOutcome, Desk
from tests.support.workers import (
    tasks_succeeded,
    tasks_unfinished,
    wait_for,
    wait_worker_ready,
)
from tests.workers.conftest import StartWorker, numbered_scan

# 40 pages: one 25-page scan read in 5 ranges of 5 pages, and three 5-page scans.
BATCH = {"registre.pdf": ("registre", 25), "bail.pdf": ("bail", 5),
         "avis.pdf": ("avis", 5), "releve.pdf": ("releve", 5)}


def _reading_a_range(desk: Desk, batch_id: int, filename: str) -> bool:
    """True while some of ``filename``'s pages are read but its current range is not: the
    worker is in the middle of a range (pages are counted one by one within a range)."""
    item = next(i for i in desk.items(batch_id) if i.filename == filename)
    return not item.is_finished and item.pages_done % 5 != 0


def _assert_each_page_once(outcome: BatchOutcome) -> None:
    assert outcome.status == "done"
    assert sorted(str(item.status) for item in outcome.items) == ["done"] * len(BATCH)
    by_name = {item.filename: item for item in outcome.items}
    per_original = Counter(doc.original_sha256 for doc in outcome.documents)
    assert sorted(per_original.values()) == [1] * len(BATCH), "one document per original"
    for doc in outcome.documents:
        item = next(i for i in outcome.items if i.id == doc.item_id)
        label, pages = BATCH[item.filename]
        assert by_name[item.filename].sha256 == doc.original_sha256
        assert doc.source_pages == list(range(1, pages + 1)), item.filename
        for number, text in enumerate(doc.texts, start=1):  # merged in page order
            assert f"feuille {number} " in text and label in text, (item.filename, text)
    assert sum(len(doc.source_pages) for doc in outcome.documents) == 40


@pytest.mark.slow
def test_a_worker_killed_mid_batch_is_replaced_and_every_page_is_read_once(
        desk: Desk, start_worker: StartWorker) -> None:
    """GIVEN a 40-page scanned batch (a 25-page scan in ranges of 5, three 5-page scans)
    queued on Redis, and one worker reading it
    WHEN that worker is killed -9 while it is in the middle of a page range, and a new worker
    starts on another host (its own home)
    THEN the range it held (unacknowledged) comes back after the visibility timeout and the new
    worker reads it, the batch completes,
    every original is one document whose pages are each page of the file exactly once in page
    order, and no page draft is left behind."""
    first = start_worker("first", broker_visibility_timeout=10)
    batch_id = desk.submit({name: numbered_scan(label, pages)
                            for name, (label, pages) in BATCH.items()})
    wait_for(lambda: _reading_a_range(desk, batch_id, "registre.pdf"), timeout=90,
             what="the 25-page scan half-way through a range", watch=[first], interval=0.05)
    first.kill()
    assert desk.outcome(batch_id).status != "done"
    [interrupted] = tasks_unfinished(first, "liasse.read_pages")

    second = start_worker("second", ready=False, broker_visibility_timeout=10)
    wait_worker_ready(second)
    outcome = desk.wait_done(batch_id, timeout=240, watch=[second])

    _assert_each_page_once(outcome)
    with desk.sessions() as session:
        assert session.exec(select(PageDraft)).all() == []
    assert f"Task liasse.read_pages[{interrupted}] succeeded" in second.log_text()
    assert tasks_succeeded(second, "liasse.persist_item") >= 1

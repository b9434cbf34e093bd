"""Work folders left behind by a worker killed mid-stage are swept."""

from __future__ import annotations

import io
from pathlib import Path

from ingest import IncomingFile, process_item, receive_batch
from liasse.wiring import Services
from tests.support.documents import text_pdf


def _receive(services: Services, name: str, data: bytes) -> int:
    with services.sessions.transaction() as session:
        _, [item] = receive_batch(session, services.blobs, [IncomingFile(name, io.BytesIO(data))],
                                  source="cli", created_by="clerk")
    assert item.id is not None
    return item.id


def test_scratch_copies_of_items_finished_elsewhere_are_removed(services: Services) -> None:
    """GIVEN the work folder of an item a killed worker left behind (holding its copy of the
    original; found by a hostile tester) once the item has finished elsewhere, and the folder
    of an item still waiting WHEN the next item is processed THEN the finished item's folder
    is gone and the waiting item's folder is left alone (another worker may be using it)."""
    work: Path = services.pipeline.config.work_dir
    finished = _receive(services, "a.pdf", text_pdf(["Attestation de domicile"]))
    process_item(finished, services.pipeline)
    waiting = _receive(services, "b.pdf", text_pdf(["Décision de placement"]))
    for item_id in (finished, waiting):
        left = work / f"item-{item_id}-killed"
        left.mkdir()
        (left / "original").write_bytes(b"%PDF- scratch copy")
    process_item(_receive(services, "c.pdf", text_pdf(["Une troisième lettre"])),
                 services.pipeline)
    assert not (work / f"item-{finished}-killed").exists()
    assert (work / f"item-{waiting}-killed" / "original").exists()

"""Archival packages validate with the bagit tool and catch a changed byte; the fixity job
finds a deliberately corrupted object and journals it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlmodel import select

from core.catalog import AuditEvent, Document, queries
from retention import archive_dossier, close_dossier, export_bag, run_fixity, validate_bag
from tests.retention.conftest import ANA, ArchiveWorld
from tests.support.verapdf import assert_pdfa


def _archive(world: ArchiveWorld, *, renditions: bool = True) -> None:
    with world.services.sessions.transaction() as s:
        dossier = queries.dossier_by_number(s, number=world.number)
        close_dossier(s, dossier=dossier, actor=ANA, reason="support ended",
                      on=date(2020, 1, 31))
        archive_dossier(s, world.services.blobs, dossier=dossier, actor=ANA,
                        reason="archive", renditions=renditions)


def _bagit_tool(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bagit", "--validate", str(path)],
                          capture_output=True, text=True, check=False)


def test_exported_bag_validates_and_detects_a_changed_byte(world: ArchiveWorld,
                                                           tmp_path: Path) -> None:
    """GIVEN an archived dossier WHEN exported as a bag THEN the bagit tool validates it, it
    holds the original, the PDF/A, the page texts, METS and PREMIS; and once one byte of the
    original is changed, validation fails."""
    _archive(world)
    bag = tmp_path / "bag"
    with world.services.sessions.transaction() as s:
        report = export_bag(s, world.services.blobs, number=world.number, target=bag,
                            actor=ANA)

    assert _bagit_tool(bag).returncode == 0
    objects = bag / "data" / "objects" / str(world.document_id)
    assert (objects / "original.pdf").exists() and (objects / "archival.pdf").exists()
    assert_pdfa((objects / "archival.pdf").read_bytes())
    assert "Lucas" in (objects / "text" / "page-0001.txt").read_text()
    mets = (bag / "data" / "metadata" / "mets.xml").read_text()
    premis = (bag / "data" / "metadata" / "premis.xml").read_text()
    assert f"objects/{world.document_id}/archival.pdf" in mets and "structMap" in mets
    for event in ("ingestion", "text extraction", "accession", "closure", "fixity check"):
        assert f"<premis:eventType>{event}</premis:eventType>" in premis
    assert report.files >= 3

    original = objects / "original.pdf"
    data = bytearray(original.read_bytes())
    data[len(data) // 2] ^= 0x01
    original.write_bytes(bytes(data))
    assert _bagit_tool(bag).returncode != 0
    valid, why = validate_bag(bag)
    assert not valid and "original.pdf" in why


def test_fixity_finds_a_corrupted_object(world: ArchiveWorld) -> None:
    """GIVEN an original whose bytes changed on disk behind Liasse's back WHEN the fixity job
    runs THEN the mismatch is reported with both digests and journaled; a clean run before
    it found nothing."""
    services = world.services
    with services.sessions.transaction() as s:
        clean = run_fixity(s, services.blobs, share=1.0, actor=ANA)
        document = s.get(Document, world.document_id)
        assert document is not None
    assert (clean.checked, clean.mismatched) == (1, 0)
    path = Path(services.settings.resolved_home) / "objects" / document.original_key
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))

    with services.sessions.transaction() as s:
        found = run_fixity(s, services.blobs, share=1.0, actor=ANA)
        journaled = s.exec(select(AuditEvent).where(
            AuditEvent.action == "fixity.mismatch")).all()
    assert found.mismatched == 1
    [problem] = found.problems
    assert problem["key"] == document.original_key
    assert problem["expected"] == document.original_sha256 != problem["actual"]
    assert len(journaled) == 1


def test_fixity_rotates_through_a_share_of_the_objects(world: ArchiveWorld) -> None:
    """GIVEN an archived dossier (original, archived copy) WHEN the job checks half of the
    objects on each run THEN two runs check different objects and a third starts over."""
    _archive(world, renditions=False)
    services = world.services
    seen = []
    for _ in range(3):
        with services.sessions.transaction() as s:
            fixity = run_fixity(s, services.blobs, share=0.5, actor=ANA)
            seen.append(fixity.cursor)
    assert fixity.total == 2
    assert seen[0] != seen[1] and seen[2] == seen[0]


def test_fixity_checks_quarantined_originals_too(world: ArchiveWorld) -> None:
    """GIVEN a file quarantined at intake (its original kept as received) whose stored bytes
    then change (found by a hostile tester: fixity skipped such originals) WHEN the fixity
    job runs THEN it checks that original and reports the mismatch."""
    import io

    from core.catalog import BatchItem
    from ingest import IncomingFile, process_item, receive_batch

    services = world.services
    with services.sessions.transaction() as s:
        _, [item] = receive_batch(s, services.blobs, [IncomingFile(
            "notes.pdf", io.BytesIO(b"this is not a pdf at all"))], source="cli",
            created_by="clerk")
    assert item.id is not None
    process_item(item.id, services.pipeline)
    with services.sessions.transaction() as s:
        stored = s.get(BatchItem, item.id)
        assert stored is not None and stored.status == "quarantined"
        key = stored.original_key
        assert run_fixity(s, services.blobs, share=1.0, actor=ANA).checked == 2
    path = Path(services.settings.resolved_home) / "objects" / key
    path.write_bytes(b"changed behind Liasse's back")
    with services.sessions.transaction() as s:
        found = run_fixity(s, services.blobs, share=1.0, actor=ANA)
    assert [p["key"] for p in found.problems] == [key]

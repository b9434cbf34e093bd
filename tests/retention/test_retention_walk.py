"""The archivist's year, end to end on the catalog: close -> archive -> reactivate -> close ->
disposition date, a hold that blocks destruction until released, and a two-person approval."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
from sqlmodel import select

from core import Conflict, Forbidden
from core.catalog import (
    ArchivedObject,
    DestructionCertificate,
    DestructionRecord,
    Document,
    DocumentRetention,
    HoldScope,
    ItemDecision,
    LegalHoldCreate,
    queries,
    refuse_if_held,
)
from ingest import drain_all
from retention import (
    approve,
    archive_dossier,
    close_dossier,
    execute,
    lifecycle,
    list_items,
    pdfa_part,
    place_hold,
    propose,
    reactivate_dossier,
    release_hold,
    sweep,
)
from tests.retention.conftest import ANA, BRUNO, ArchiveWorld
from tests.support.verapdf import assert_pdfa


def _due(world: ArchiveWorld) -> date | None:
    with world.services.sessions() as session:
        row = session.get(DocumentRetention, world.document_id)
        assert row is not None
        return row.disposition_on


def _walk_to_second_closure(world: ArchiveWorld) -> None:
    sessions, blobs = world.services.sessions, world.services.blobs
    with sessions.transaction() as s:
        close_dossier(s, dossier=queries.dossier_by_number(s, number=world.number), actor=ANA,
                      reason="support ended", on=date(2012, 1, 15))
    assert _due(world) == date(2022, 1, 15)
    with sessions.transaction() as s:
        archive_dossier(s, blobs, dossier=queries.dossier_by_number(s, number=world.number),
                        actor=ANA, reason="period of active use over", on=date(2013, 1, 1))
    with sessions.transaction() as s:
        reactivate_dossier(s, dossier=queries.dossier_by_number(s, number=world.number),
                           actor=BRUNO, reason="the family came back")
    assert _due(world) is None
    with sessions.transaction() as s:
        close_dossier(s, dossier=queries.dossier_by_number(s, number=world.number), actor=ANA,
                      reason="support ended again", on=date(2014, 6, 1))


def test_lifecycle_walk_moves_the_disposition_date(world: ArchiveWorld) -> None:
    """GIVEN a dossier under a 10-years-after-closure rule WHEN closed, archived, reactivated
    and closed again THEN the date follows each closure, reactivation suspends it, and the
    history keeps every step with who and why."""
    _walk_to_second_closure(world)

    assert _due(world) == date(2024, 6, 1)
    with world.services.sessions() as s:
        dossier = queries.dossier_by_number(s, number=world.number)
        assert dossier.id is not None
        steps = [(e.action, e.by, e.reason) for e in lifecycle(s, dossier_id=dossier.id)]
        copies = {o.kind: o for o in s.exec(select(ArchivedObject))}
    assert steps == [("closed", "ana", "support ended"),
                     ("archived", "ana", "period of active use over"),
                     ("reactivated", "bruno", "the family came back"),
                     ("closed", "ana", "support ended again")]
    rendition = world.services.blobs.get(copies["pdfa"].key)
    assert pdfa_part(rendition) == "2B"
    assert_pdfa(rendition)
    assert copies["original"].note == "no object lock on this store (local folder)"


def test_archived_dossier_is_frozen(world: ArchiveWorld) -> None:
    """GIVEN an archived dossier WHEN anyone asks to change a document of it THEN refused,
    until it is reactivated."""
    sessions = world.services.sessions
    with sessions.transaction() as s:
        dossier = queries.dossier_by_number(s, number=world.number)
        close_dossier(s, dossier=dossier, actor=ANA, reason="done")
        archive_dossier(s, world.services.blobs, dossier=dossier, actor=ANA, reason="archive",
                        renditions=False)
    with sessions() as s, pytest.raises(Conflict, match="archived"):
        refuse_if_held(s, document=s.get(Document, world.document_id))


def _approved_list(world: ArchiveWorld, as_of: date) -> int:
    with world.services.sessions.transaction() as s:
        listing = sweep(s, as_of=as_of, actor=ANA)
        assert listing.id is not None
        [item] = list_items(s, list_id=listing.id)
        assert item.document_id == world.document_id and item.decision == ItemDecision.destroy
        propose(s, list_id=listing.id, actor=ANA)
    with world.services.sessions() as s, pytest.raises(Forbidden, match="may not approve"):
        approve(s, list_id=listing.id, actor=ANA)
    with world.services.sessions.transaction() as s:
        approve(s, list_id=listing.id, actor=BRUNO)
    return listing.id


def test_hold_blocks_destruction_until_released(world: ArchiveWorld) -> None:
    """GIVEN a dossier past its date under a legal hold WHEN an approved list is carried out
    THEN the document is refused and stays; once the hold is released, a new list destroys
    it: original and archived copies gone, index entry gone, residual record and a
    certificate with its SHA-256 kept."""
    services = world.services
    _walk_to_second_closure(world)
    with services.sessions.transaction() as s:
        dossier_id = queries.dossier_by_number(s, number=world.number).id
        assert dossier_id is not None
        hold = place_hold(s, services.blobs, data=LegalHoldCreate(
            scope=HoldScope.dossier, target_id=dossier_id, reason="litigation"), actor=BRUNO)
    first = _approved_list(world, date(2025, 1, 1))
    with services.sessions.transaction() as s:
        report = execute(s, services.blobs, list_id=first, actor=ANA, today=date(2025, 1, 2))
    assert [o.outcome for o in report.outcomes] == ["refused"]
    assert "legal hold" in report.outcomes[0].reason

    with services.sessions.transaction() as s:
        assert hold.id is not None
        release_hold(s, services.blobs, hold_id=hold.id, reason="case settled", actor=BRUNO)
    second = _approved_list(world, date(2025, 1, 1))
    with services.sessions.transaction() as s:
        document = s.get(Document, world.document_id)
        assert document is not None
        original_key, sha = document.original_key, document.original_sha256
        dry = execute(s, services.blobs, list_id=second, actor=ANA, today=date(2025, 1, 2),
                      dry_run=True)
    assert [o.outcome for o in dry.outcomes] == ["would destroy"]
    assert services.blobs.exists(original_key)
    with services.sessions.transaction() as s:
        report = execute(s, services.blobs, list_id=second, actor=ANA, today=date(2025, 1, 2))
    drain_all(services.sessions, services.index)

    assert report.destroyed == [world.document_id]
    assert not services.blobs.exists(original_key)
    assert world.document_id not in services.index.document_ids()
    with services.sessions() as s:
        assert s.get(Document, world.document_id) is None
        [record] = s.exec(select(DestructionRecord)).all()
        [certificate] = s.exec(select(DestructionCertificate)).all()
        assert s.exec(select(ArchivedObject)).all() == []
    assert (record.original_sha256, record.proposed_by, record.approved_by) == (sha, "ana",
                                                                                "bruno")
    assert record.schedule_code == "AS-10"
    pdf = services.blobs.get(certificate.key)
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(pdf)).pages)
    assert sha in text.replace("\n", "")

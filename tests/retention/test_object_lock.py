"""Archived originals on the real S3 server of the test suite (seaweedfs): copied to the
archive bucket and locked in COMPLIANCE mode until their disposition date; a legal hold is
set on them too; destruction before the date is refused by the server itself, and fixity
finds an object corrupted through the raw client."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, timedelta

import pytest
from minio import Minio
from sqlmodel import select

from core import Conflict
from core.catalog import (
    ArchivedObject,
    Document,
    HoldScope,
    LegalHoldCreate,
    RetentionScheduleCreate,
    RetentionTrigger,
    queries,
)
from liasse.wiring import Services
from retention import (
    archive_dossier,
    close_dossier,
    create_schedule,
    place_hold,
    release_hold,
    run_fixity,
)
from storage import S3BlobStore
from tests.retention.conftest import ANA
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, ingest_file, seed_catalog


@pytest.fixture
def on_s3(services: Services, s3_store: S3BlobStore) -> Services:
    """GIVEN Liasse's services storing on the real S3 server, a dossier with one document,
    and a rule that falls due tomorrow (so the test's locks expire soon)."""
    built = dataclasses.replace(services, blobs=s3_store)
    seed_catalog(built)
    ingest_file(built, "decision.pdf", text_pdf(DECISION_LETTER), dossier="824415")
    with built.sessions.transaction() as s:
        create_schedule(s, data=RetentionScheduleCreate(
            code="FIX-1", trigger=RetentionTrigger.fixed_date, period_years=0,
            fixed_date=date.today() + timedelta(days=1)), actor=ANA)
        dossier = queries.dossier_by_number(s, number="824415")
        close_dossier(s, dossier=dossier, actor=ANA, reason="support ended")
        archive_dossier(s, built.blobs, dossier=dossier, actor=ANA, reason="archive",
                        renditions=False)
    return built


def _locate(store: S3BlobStore, key: str) -> tuple[str, str]:
    namespace, _, name = key.partition("/")
    return store.buckets[namespace], name


def test_archived_original_is_locked_in_compliance_mode(on_s3: Services,
                                                        s3_client: Minio) -> None:
    """GIVEN an archived dossier on S3 WHEN its archived original is inspected and purged
    THEN the server holds it under COMPLIANCE retention until the disposition date, and
    refuses to delete it."""
    store = on_s3.blobs
    assert isinstance(store, S3BlobStore)
    with on_s3.sessions() as s:
        [copy] = s.exec(select(ArchivedObject)).all()
    bucket, name = _locate(store, copy.key)
    retention = s3_client.get_object_retention(bucket, name)

    assert copy.key.startswith("archive/originals/")
    assert copy.locked_until == date.today() + timedelta(days=1)
    assert retention is not None and retention.mode == "COMPLIANCE"
    assert retention.retain_until_date is not None
    assert retention.retain_until_date.date() == copy.locked_until
    with pytest.raises(Conflict):
        store.purge(copy.key)
    assert store.exists(copy.key)


def test_legal_hold_is_set_on_archived_objects(on_s3: Services, s3_client: Minio) -> None:
    """GIVEN an archived document WHEN a hold is placed on its dossier, then released THEN
    the server's own legal hold on the archived copy follows it."""
    store = on_s3.blobs
    assert isinstance(store, S3BlobStore)
    with on_s3.sessions.transaction() as s:
        [copy] = s.exec(select(ArchivedObject)).all()
        dossier_id = queries.dossier_by_number(s, number="824415").id
        assert dossier_id is not None
        hold = place_hold(s, store, data=LegalHoldCreate(
            scope=HoldScope.dossier, target_id=dossier_id, reason="inquiry"), actor=ANA)
    bucket, name = _locate(store, copy.key)
    assert s3_client.is_object_legal_hold_enabled(bucket, name)
    with on_s3.sessions.transaction() as s:
        assert hold.id is not None
        release_hold(s, store, hold_id=hold.id, reason="closed", actor=ANA)
    assert not s3_client.is_object_legal_hold_enabled(bucket, name)


def test_fixity_finds_an_object_changed_through_the_raw_client(on_s3: Services,
                                                               s3_client: Minio) -> None:
    """GIVEN an original overwritten behind Liasse's back through the raw S3 client WHEN the
    fixity job runs THEN it reports the mismatch."""
    store = on_s3.blobs
    assert isinstance(store, S3BlobStore)
    with on_s3.sessions() as s:
        [document] = s.exec(select(Document)).all()
    bucket, name = _locate(store, document.original_key)
    s3_client.put_object(bucket, name, io.BytesIO(b"rotten bytes"), 12)
    with on_s3.sessions.transaction() as s:
        found = run_fixity(s, store, share=1.0, actor=ANA)
    assert found.mismatched == 1
    assert found.problems[0]["key"] == document.original_key

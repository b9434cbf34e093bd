"""Errors say whether to retry: a backend that refuses for good (an S3 access denied, an
OpenSearch HTTP 400) is not retried and reaches the batch report with what to fix; a backend
that cannot be reached (connection refused) is left to the task's retries. Real servers: the
suite's seaweedfs and the OpenSearch test node (OPENSEARCH_URL)."""

from __future__ import annotations

import dataclasses
import io
import os
import socket
import uuid
from collections.abc import Iterator

import pytest
from minio import Minio
from sqlmodel import select

from core import StorageRefused, StorageUnavailable
from core.catalog import BatchItem, IndexOutbox, ItemStatus
from index import OpenSearchIndex
from index._opensearch_mapping import index_body
from ingest import IncomingFile, batch_report, drain_index_outbox, process_item, receive_batch
from liasse.tasks import RETRY
from liasse.wiring import Services
from storage import S3BlobStore
from tests.support.documents import text_pdf
from tests.support.seaweed import S3Endpoint

URL = os.environ.get("OPENSEARCH_URL", "")


def _receive(services: Services, blobs: S3BlobStore | None = None) -> tuple[int, int]:
    with services.sessions.transaction() as session:
        batch, [item] = receive_batch(session, blobs or services.blobs, [IncomingFile(
            "avis.pdf", io.BytesIO(text_pdf([f"Avis {uuid.uuid4().hex}"])))], source="cli")
        assert batch.id is not None and item.id is not None
        return batch.id, item.id


def _status(services: Services, item_id: int) -> ItemStatus:
    with services.sessions() as session:
        item = session.get(BatchItem, item_id)
        assert item is not None
        return ItemStatus(item.status)


def test_an_s3_access_denied_is_reported_not_retried(services: Services,
                                                     s3_store: S3BlobStore,
                                                     s3_endpoint: S3Endpoint) -> None:
    """GIVEN a file stored on the real S3 server WHEN the pipeline reads it with a wrong secret
    key THEN the item is finished (quarantined) at once, no error reaches the task (so no retry),
    and the batch report names the refusal and what to fix."""
    batch_id, item_id = _receive(services, s3_store)
    wrong = Minio(s3_endpoint.endpoint, access_key=s3_endpoint.access_key,
                  secret_key="not-the-secret", secure=False)
    refused = S3BlobStore(wrong, buckets=dict(s3_store.buckets))
    ctx = dataclasses.replace(services.pipeline, blobs=refused)
    assert process_item(item_id, ctx) == ItemStatus.quarantined
    with services.sessions() as session:
        [quarantined] = batch_report(session, batch_id=batch_id).as_json()["quarantined"]
    assert "to fix:" in quarantined["reason"] and "S3" in quarantined["reason"]
    assert not issubclass(StorageRefused, RETRY["autoretry_for"])


def test_a_refused_connection_is_left_to_the_retries(services: Services,
                                                     s3_store: S3BlobStore,
                                                     s3_endpoint: S3Endpoint) -> None:
    """GIVEN a file stored on S3 WHEN the pipeline reads it from an S3 port nobody listens on
    THEN a StorageUnavailable (what the tasks retry) propagates and the item is not finished."""
    _, item_id = _receive(services, s3_store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{probe.getsockname()[1]}"
    gone = S3Endpoint(closed, s3_endpoint.access_key, s3_endpoint.secret_key)
    down = S3BlobStore(gone.client(timeout=2.0, retries=False), buckets=dict(s3_store.buckets))
    with pytest.raises(StorageUnavailable) as caught:
        process_item(item_id, dataclasses.replace(services.pipeline, blobs=down))
    assert isinstance(caught.value, RETRY["autoretry_for"])
    assert not _status(services, item_id).finished


@pytest.fixture
def refusing_index() -> Iterator[OpenSearchIndex]:
    """A real OpenSearch index whose mapping (right version, ``title`` a number) makes the
    server refuse our documents with HTTP 400."""
    if not URL:
        pytest.skip("OPENSEARCH_URL is not set: no OpenSearch server runs on this machine")
    from opensearchpy import OpenSearch

    name = f"liasse-refusal-{uuid.uuid4().hex[:12]}"
    body = index_body()
    body["mappings"]["properties"]["title"] = {"type": "long"}
    client = OpenSearch(hosts=[URL])
    client.indices.create(index=name, body=body)
    index = OpenSearchIndex.from_url(URL, index_name=name)
    yield index
    index.close()
    client.indices.delete(index=name)
    client.close()


def test_an_opensearch_400_is_reported_not_retried(services: Services,
                                                   refusing_index: OpenSearchIndex) -> None:
    """GIVEN an OpenSearch index that refuses our documents (HTTP 400)
    WHEN a file is ingested and the outbox drained THEN the drain raises nothing (no retry),
    the outbox row is marked refused and left out of later drains, and the batch report names
    the document with OpenSearch's reason and what to fix."""
    batch_id, item_id = _receive(services)
    ctx = dataclasses.replace(services.pipeline, index=refusing_index)
    assert process_item(item_id, ctx) == ItemStatus.done
    assert drain_index_outbox(services.sessions, refusing_index) == 0
    with services.sessions() as session:
        [row] = list(session.exec(select(IndexOutbox)).all())
        report = batch_report(session, batch_id=batch_id).as_json()
    assert row.refused_at is not None and row.attempts == 1
    [refusal] = report["not_indexed"]
    assert refusal["document"] == row.document_id
    assert "mapper_parsing_exception" in refusal["reason"] and "to fix:" in refusal["reason"]
    assert drain_index_outbox(services.sessions, refusing_index) == 0  # not tried again
    with services.sessions() as session:
        assert session.get(IndexOutbox, row.id).attempts == 1  # type: ignore[union-attr]

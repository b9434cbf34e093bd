"""50 concurrent uploads through a real ``liasse serve`` process on PostgreSQL, Redis and S3."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.support.desk import Desk
from tests.support.documents import text_pdf
from tests.support.workers import (
    Backends,
    LiasseProcess,
    RedisDatabase,
    free_port,
    wait_http_ready,
)

UPLOADS = 50


@pytest.fixture
def api_server(backends: Backends, tmp_path: Path) -> Iterator[str]:
    """``liasse serve --no-worker`` with the production settings; yields its base URL."""
    port = free_port()
    home = tmp_path / "api-host"
    server = LiasseProcess("api", ["serve", "--no-worker", "--host", "127.0.0.1",
                                   "--port", str(port)], home=home,
                           env=backends.environment(home)).start()
    try:
        wait_http_ready(server, f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def _letter(n: int) -> bytes:
    return text_pdf([f"Demande d'aide sociale numéro {n}", f"Ménage {n * 7919}"])


@pytest.mark.slow
def test_fifty_concurrent_uploads_are_all_accepted_stored_and_queued(
        api_server: str, desk: Desk, backends: Backends,
        redis_database: RedisDatabase) -> None:
    """GIVEN ``liasse serve`` on PostgreSQL, Redis and S3, on a loopback port, and an
    administrator's API token
    WHEN 50 clients upload a different file each, all at once
    THEN every upload is answered 202, every batch item records the SHA-256 of the bytes sent,
    the S3 server holds each original with that digest, and 50 ingest tasks wait on Redis
    (no worker runs here: processing is the other tests' business)."""
    token = desk.admin_token()
    payloads = {f"demande-{n:02d}.pdf": _letter(n) for n in range(UPLOADS)}

    with httpx.Client(base_url=api_server, timeout=60.0,
                      headers={"Authorization": f"Bearer {token}"},
                      limits=httpx.Limits(max_connections=UPLOADS)) as client:

        def upload(name: str) -> httpx.Response:
            files = {"files": (name, payloads[name], "application/pdf")}
            return client.post("/api/v1/batches", files=files)

        with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
            responses = dict(zip(payloads, pool.map(upload, payloads), strict=True))

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(payloads, 202)
    batch_ids = {name: r.json()["batch"] for name, r in responses.items()}
    assert len(set(batch_ids.values())) == UPLOADS
    for name, batch_id in batch_ids.items():
        [item] = desk.outcome(batch_id).items
        assert (item.filename, item.sha256) == (name, hashlib.sha256(payloads[name]).hexdigest())
        assert backends.stored_sha256(backends.s3.client(), item.original_key) == item.sha256
    assert redis_database.queue_length("ingest") == UPLOADS

"""Two API hosts: two real ``liasse serve`` processes, each with a home of its own, on one
PostgreSQL, Redis, S3 and OpenSearch, with one worker process. Needs OPENSEARCH_URL (set by
``scripts/test``); skipped otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.catalog import Role, UserCreate, account_queries
from tests.support.desk import Desk
from tests.support.documents import text_pdf
from tests.support.workers import (
    Backends,
    LiasseProcess,
    free_port,
    stop_all,
    wait_for,
    wait_http_ready,
)
from tests.workers.conftest import StartWorker

URL = os.environ.get("OPENSEARCH_URL", "")
PASSWORD = "correct horse battery"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not URL, reason="OPENSEARCH_URL is not set: no OpenSearch server runs on this machine")]


@pytest.fixture
def search_settings() -> Iterator[dict[str, object]]:
    """The OpenSearch settings every host shares; the alias and its index deleted after."""
    name = f"liasse-hosts-{uuid.uuid4().hex[:8]}"
    yield {"search_backend": "opensearch", "opensearch_url": URL, "opensearch_index": name,
           "login_max_failures": 3}
    from index import OpenSearchIndex

    with OpenSearchIndex.from_url(URL, index_name=name) as index:
        index.drop()


@pytest.fixture
def hosts(backends: Backends, tmp_path: Path,
          search_settings: dict[str, object]) -> Iterator[tuple[str, str]]:
    """The base URLs of two ``liasse serve --no-worker`` hosts."""
    started: list[LiasseProcess] = []
    urls: list[str] = []
    for name in ("api-a", "api-b"):
        port, home = free_port(), tmp_path / name
        server = LiasseProcess(name, ["serve", "--no-worker", "--host", "127.0.0.1",
                                      "--port", str(port)], home=home,
                               env=backends.environment(home, **search_settings)).start()
        started.append(server)
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for server, url in zip(started, urls, strict=True):
            wait_http_ready(server, f"{url}/health")
        yield urls[0], urls[1]
    finally:
        stop_all(started)


def sign_in(url: str, password: str) -> httpx.Response:
    return httpx.post(f"{url}/api/v1/auth/login", json={"username": "ana", "password": password},
                      timeout=30)


def test_two_api_hosts_share_batches_sessions_and_the_sign_in_limit(
        hosts: tuple[str, str], desk: Desk, start_worker: StartWorker,
        search_settings: dict[str, object]) -> None:
    """GIVEN two API hosts and a worker on shared PostgreSQL, Redis, S3 and OpenSearch, and
    an administrator "ana" with a password (3 failed sign-ins allowed)
    WHEN a batch is uploaded to host A THEN once done it is found by a search on host B;
    a session opened on A is valid on B; and after two failed sign-ins on A and one on B,
    both hosts refuse even the right password (429)."""
    first, second = hosts
    worker = start_worker("w", **search_settings)
    with desk.sessions.transaction() as session:
        user = account_queries.create_user(session, data=UserCreate(
            username="ana", roles=[Role.administrator], password=PASSWORD))
        assert user.id is not None
        _, token = account_queries.issue_token(session, user_id=user.id, name="tests")
    bearer = {"Authorization": f"Bearer {token}"}

    sent = httpx.post(f"{first}/api/v1/batches", headers=bearer, timeout=60, files={
        "files": ("lettre.pdf", text_pdf(["Demande de Zwingliwohnung urgente"]),
                  "application/pdf")})
    assert sent.status_code == 202
    desk.wait_done(sent.json()["batch"], timeout=240, watch=[worker])

    def found_on_b() -> int | None:  # indexing follows the batch through the outbox
        answer = httpx.get(f"{second}/api/v1/search", params={"q": "zwingliwohnung"},
                           headers=bearer, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()["total"] or None

    assert wait_for(found_on_b, timeout=60, what="the letter found on host B",
                    watch=[worker]) == 1

    opened = sign_in(first, PASSWORD)
    assert opened.status_code == 200
    me = httpx.get(f"{second}/api/v1/auth/me", cookies=opened.cookies, timeout=30)
    assert me.status_code == 200 and me.json()["username"] == "ana"

    assert [sign_in(url, "wrong").status_code for url in (first, first, second)] == [401] * 3
    assert sign_in(second, PASSWORD).status_code == 429
    assert sign_in(first, PASSWORD).status_code == 429

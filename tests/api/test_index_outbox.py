"""One way to the index: a change of access made while the search backend is down reaches the
index through the outbox once the backend is back, at the scheduler's next drain, with no
reindex. The outage is a real ``SearchIndex`` that refuses every call (``OutageIndex``) in
front of the embedded index."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from core.access import principal_for, visibility_tokens
from core.catalog import IndexOutbox, Role, account_queries
from index import SearchQuery
from liasse.app import create_app
from liasse.settings import Settings
from liasse.tasks import DRAIN_INDEX, make_celery, register_tasks
from liasse.wiring import Services
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf
from tests.support.search import OutageIndex

WORD = "tilleulsoutbox"
# How each router takes access away from ana (caseworker in DEM, not assigned to the dossier):
# (requests made while the index is up, the request made while it is down).
Request = tuple[str, str, dict[str, Any]]
CONFIDENTIAL_FOR_CASEWORKERS: list[Request] = [
    ("PATCH", "/api/v1/dossiers/300", {"sensitivity": "confidential"}),
    ("PUT", "/api/v1/dossiers/300/access", {"caseworkers": [], "roles": ["caseworker"]})]
CHANGES: dict[str, tuple[list[Request], Request]] = {
    "dossier made confidential": (
        [], ("PATCH", "/api/v1/dossiers/300", {"sensitivity": "confidential"})),
    "caseworker role no longer named": (
        CONFIDENTIAL_FOR_CASEWORKERS,
        ("PUT", "/api/v1/dossiers/300/access", {"caseworkers": [], "roles": []})),
}


@pytest.fixture
def outage(services: Services) -> OutageIndex:
    return OutageIndex(services.index)


@pytest.fixture
def wired(services: Services, outage: OutageIndex) -> Services:
    """The installation's services with the search backend behind the outage switch."""
    return dataclasses.replace(services, index=outage)


@pytest.fixture
def app(wired: Services) -> FastAPI:  # the API clients of tests/api/conftest.py use this app
    return create_app(Settings(), eager_tasks=True, services=wired)


@pytest.fixture
def scheduler_drain(wired: Services) -> Iterator[Any]:
    """The periodic task the scheduler runs (``drain-index-outbox``), run once, eagerly."""
    celery = make_celery(wired.settings, eager=True)
    register_tasks(celery, lambda: wired)
    yield lambda: celery.tasks[DRAIN_INDEX].apply().get()


def _index_hits_for(wired: Services, username: str) -> set[int]:
    """What the index itself returns to ``username`` (its access tokens), before the
    catalog's second look that the API adds."""
    with wired.sessions() as session:
        user = account_queries.user_by_username(session, username=username)
        tokens = visibility_tokens(principal_for(session, user=user))
    result = wired.index.search(SearchQuery(text=WORD, visible_to=tokens))
    return {hit.document for hit in result.hits}


def _queued(wired: Services) -> list[IndexOutbox]:
    with wired.sessions() as session:
        return list(session.exec(select(IndexOutbox)).all())


@pytest.mark.parametrize("change", list(CHANGES))
def test_access_removed_while_the_index_is_down_reaches_it_at_the_next_drain(
        change: str, client: TestClient, client_as: ClientFactory, wired: Services,
        outage: OutageIndex, scheduler_drain: Any) -> None:
    """GIVEN a DEM dossier whose document ana (caseworker in DEM) finds in search
    WHEN the search backend is down while her access is taken away, then comes back and the
    scheduler's periodic drain runs (no reindex)
    THEN the change was committed, its documents waited in the outbox, and afterwards the
    document is still indexed but neither the index nor the search API shows it to her, not
    even in the total."""
    before, (method, url, body) = CHANGES[change]
    assert client.post("/api/v1/dossiers", json={
        "number": "300", "title": "Famille Tilleul", "service": "DEM"}).status_code == 201
    upload = client.post("/api/v1/batches", data={"dossier": "300"}, files=[(
        "files", ("tilleul.pdf", text_pdf([f"Décision {WORD}"]), "application/pdf"))])
    assert upload.status_code == 202, upload.text
    [document] = client.get(upload.json()["href"]).json()["documents"]
    for setup in before:
        assert client.request(setup[0], setup[1], json=setup[2]).status_code == 200
    ana = client_as("ana", Role.caseworker, departments=("DEM",))
    assert ana.get("/api/v1/search", params={"q": WORD}).json()["total"] == 1
    assert _queued(wired) == []

    outage.down = True
    answer = client.request(method, url, json=body)
    assert answer.status_code == 200, answer.text
    assert outage.refused >= 1
    queued = _queued(wired)
    assert {row.document_id for row in queued} == {document["id"]}
    assert all(row.attempts >= 1 and row.last_error for row in queued)

    outage.down = False
    assert _index_hits_for(wired, "ana") == {document["id"]}  # the index still lags behind
    assert scheduler_drain() == 1

    assert _queued(wired) == []
    assert _index_hits_for(wired, "ana") == set()
    found = ana.get("/api/v1/search", params={"q": WORD}).json()
    assert found["total"] == 0 and found["hits"] == []
    assert document["id"] in wired.index.document_ids()  # rewritten, not dropped

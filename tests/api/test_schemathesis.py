"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis), as an
authenticated administrator on a seeded catalog: no generated request may cause a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from core.catalog import Role
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import build_services
from tests.api.conftest import add_account
from tests.support.documents import text_pdf

EXAMPLES = 25


@dataclass(frozen=True)
class SeededApi:
    app: FastAPI
    token: str


@pytest.fixture(scope="module")
def seeded_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededApi]:
    """An API on a fresh SQLite home with a dossier, a household, a person and a document."""
    home: Path = tmp_path_factory.mktemp("schemathesis")
    config = Settings(home=home, database_url=f"sqlite:///{home / 'catalog.sqlite3'}",
                      broker_url=None, s3_endpoint=None)
    services = build_services(config)
    token = add_account(services, "admin", Role.administrator)
    app = create_app(config, eager_tasks=True, services=services)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as admin:
        admin.post("/api/v1/households", json={"code": "UA-1", "name": "Famille Rossi"})
        admin.post("/api/v1/persons", json={"family_name": "Rossi"})
        admin.post("/api/v1/dossiers", json={"number": "1", "title": "ROSSI", "service": "DEM"})
        admin.post("/api/v1/batches", data={"dossier": "1"}, files=[
            ("files", ("a.pdf", text_pdf(["Décision de placement"]), "application/pdf"))])
    yield SeededApi(app=app, token=token)
    services.index.close()
    services.sessions.engine.dispose()


def test_no_request_makes_the_server_fail(seeded_api: SeededApi) -> None:
    """GIVEN any request the schema allows, for every operation WHEN an administrator sends it
    THEN no 5xx. (A few examples per operation keep the run well under a minute.)"""
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded_api.app)
    headers = {"Authorization": f"Bearer {seeded_api.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 25
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()


def test_ids_beyond_the_databases_range_are_refused_not_failed(client: TestClient) -> None:
    """GIVEN ids the schema allows but the database cannot hold (found by schemathesis) WHEN
    they are sent THEN 422, on SQLite and PostgreSQL alike."""
    big = 2**63
    client.post("/api/v1/households", json={"code": "U", "name": "n"})
    assert client.get("/api/v1/dossiers", params={"household_id": big}).status_code == 422
    assert client.post("/api/v1/dossiers", json={"number": "1", "title": "t",
                                                 "household_id": big}).status_code == 422
    assert client.post("/api/v1/households/U/members",
                       json={"household_id": 0, "person_id": big}).status_code == 422

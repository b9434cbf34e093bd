"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis), as an
authenticated administrator on a seeded catalog: no generated request may cause a 5xx, answer
a status its operation does not declare, or answer a body its schema does not allow.

The administrator cannot lock itself out: generated requests may revoke its token, take its
roles (once they made another administrator) or disable it, so before every case the account
is put back (active, administrator, a valid token)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from core.catalog import Role, account_queries
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services, build_services
from tests.api.conftest import add_account
from tests.support.documents import text_pdf

EXAMPLES = 10  # per operation: ~1 min on 2 shared cores


@dataclass
class SeededApi:
    app: FastAPI
    services: Services
    token: str

    def admin_headers(self) -> dict[str, str]:
        """The administrator's token, restored first if a generated request undid it."""
        with self.services.sessions.transaction() as session:
            user = account_queries.user_for_token(session, secret=self.token)
            admin = account_queries.user_by_username(session, username="admin")
            if user is None or not admin.active or Role.administrator not in admin.roles:
                admin.active, admin.roles = True, [Role.administrator]
                session.add(admin)
                assert admin.id is not None
                _, self.token = account_queries.issue_token(session, user_id=admin.id,
                                                            name="schemathesis")
        return {"Authorization": f"Bearer {self.token}"}


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
    yield SeededApi(app=app, services=services, token=token)
    services.index.close()
    services.sessions.engine.dispose()


def test_no_request_makes_the_server_fail(seeded_api: SeededApi) -> None:
    """GIVEN any request the schema allows, for every operation WHEN an administrator sends it
    THEN no 5xx, every status is declared and every body matches its schema."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded_api.app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 25
    failures = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=seeded_api.admin_headers(), checks=[
                not_a_server_error, status_code_conformance, response_schema_conformance])

        try:
            no_server_error()
        except Exception as exc:  # collected: one report naming every operation that failed
            failures.append(f"{operation.method} {operation.path}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)


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

"""API clients on the embedded defaults, tasks run eagerly inside the request.

``client`` is signed in as an administrator (with an API token); ``client_as`` makes a client
for any account, so tests can say what each role sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.catalog import Role, UserCreate, account_queries
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services

ClientFactory = Callable[..., TestClient]


def add_account(services: Services, username: str, *roles: Role,
                departments: tuple[str, ...] = (), password: str | None = None) -> str:
    """Create an account and return a fresh API token for it."""
    with services.sessions.transaction() as session:
        user = account_queries.create_user(session, data=UserCreate(
            username=username, roles=list(roles), departments=list(departments),
            password=password))
        assert user.id is not None
        _, secret = account_queries.issue_token(session, user_id=user.id, name="tests")
    return secret


@pytest.fixture
def app(services: Services) -> FastAPI:
    return create_app(Settings(), eager_tasks=True, services=services)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client_as(app: FastAPI, services: Services) -> Iterator[ClientFactory]:
    """``client_as("ana", Role.caseworker, departments=("DEM",))``: a signed-in client."""
    opened: list[TestClient] = []

    def make(username: str, *roles: Role, departments: tuple[str, ...] = ()) -> TestClient:
        token = add_account(services, username, *roles, departments=departments)
        test_client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.__exit__(None, None, None)


@pytest.fixture
def client(client_as: ClientFactory) -> TestClient:
    """An administrator's client (the tests written before accounts keep their meaning)."""
    return client_as("admin", Role.administrator)

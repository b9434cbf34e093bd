"""The generated world of ``tests.reports.world``, built once per module in an empty catalog
on SQLite and on PostgreSQL (the reports only read it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core import SessionFactory, make_engine, upgrade
from tests.conftest import _reset_postgres
from tests.reports.web import Web, build_web
from tests.reports.world import build


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world_url(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'catalog.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_database")
        _reset_postgres(url)
    engine = make_engine(url)
    upgrade(engine)
    with SessionFactory(engine).transaction() as session:
        build(session)
    engine.dispose()
    yield url


@pytest.fixture(scope="module")
def sessions(world_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(world_url)
    yield SessionFactory(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    built = build_web(tmp_path_factory.mktemp("reports") / "home")
    yield built
    built.services.index.close()
    built.services.sessions.engine.dispose()

"""The migrations and the models describe the same schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import core.catalog  # noqa: F401  (registers every table)
from core import SessionFactory, make_engine
from tests.conftest import _reset_postgres


def test_migrated_schema_matches_the_models(sessions: SessionFactory) -> None:
    """GIVEN a database upgraded by the migrations WHEN compared with the SQLModel tables
    THEN Alembic finds nothing to add, drop or alter (no model change without a migration)."""
    with sessions.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []



def _upgrade_in_a_process(url: str) -> None:
    from core import make_engine, upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_concurrent_upgrades_take_turns(postgres_database: str) -> None:
    """GIVEN an empty PostgreSQL database WHEN four processes upgrade it at the same moment
    (workers starting together on a new version) THEN none fails and the schema is complete."""
    _reset_postgres(postgres_database)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_upgrade_in_a_process, args=(postgres_database,))
                 for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    engine = make_engine(postgres_database)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()

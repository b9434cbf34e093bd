"""Fixtures shared by the whole suite: catalogs on SQLite and on the real PostgreSQL server,
and Liasse services wired on the embedded defaults in a temporary home."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import SessionFactory, make_engine, upgrade

pytest_plugins = ["tests.support.fixtures"]

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DATA = Path(__file__).resolve().parent / "data"
POSTGRES_ADMIN_URL = os.environ.get("LIASSE_TEST_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def corpus_file(relative: str) -> Path:
    """A file of ../shared/corpus; the test is skipped, saying why, when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"the shared corpus is not beside this checkout ({path} missing)")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, empty database on the real PostgreSQL server, dropped after the session."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"liasse_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def catalog_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The catalog URL of an empty, migrated database: SQLite file or real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_database")
        _reset_postgres(url)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def sessions(catalog_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(catalog_url)
    yield SessionFactory(engine)
    engine.dispose()


@pytest.fixture
def liasse_env(tmp_path: Path, catalog_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment variables for a Liasse home in a temporary folder on the given catalog."""
    home = tmp_path / "home"
    monkeypatch.setenv("LIASSE_HOME", str(home))
    monkeypatch.setenv("LIASSE_DATABASE_URL", catalog_url)
    for name in ("LIASSE_BROKER_URL", "LIASSE_S3_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def services(liasse_env: Path) -> Iterator[object]:
    """Liasse's services on the embedded defaults (catalog as parametrised), in a temp home."""
    from liasse.settings import Settings
    from liasse.wiring import build_services

    built = build_services(Settings())
    yield built
    built.index.close()
    built.sessions.engine.dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Prints how many OpenSearch tests were skipped (0 when ``scripts/test`` started a node and
    exported OPENSEARCH_URL), so a run without a server cannot pass for one with it."""
    skipped = terminalreporter.stats.get("skipped", [])
    on_opensearch = [report for report in skipped
                     if "opensearch" in f"{report.nodeid} {report.longrepr}".lower()]
    where = os.environ.get("OPENSEARCH_URL") or "no OPENSEARCH_URL"
    terminalreporter.write_line(f"OpenSearch skips: {len(on_opensearch)} ({where})")

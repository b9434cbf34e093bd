"""The generated world of ``tests.reports.world`` in an empty catalog, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from core import SessionFactory
from core.catalog import Dossier
from tests.reports.world import build


@pytest.fixture
def world(sessions: SessionFactory) -> dict[str, Dossier]:
    with sessions.transaction() as session:
        return build(session)

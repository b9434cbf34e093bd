"""Letters tests: Liasse's services with the starter templates and the seeded dossiers."""

from __future__ import annotations

import shutil

import pytest

from core.catalog import Actor
from letters import install_starter_templates
from liasse.wiring import Services
from tests.e2e.conftest import cli  # noqa: F401  (the `liasse` command line, in-process)
from tests.support.dossiers import SeededCatalog, seed_catalog

CASEWORKER = Actor(username="chantal")

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (scripts/setup installs libreoffice-writer-nogui)")


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    """GIVEN-data: the seeded dossiers (824415 with element DEM-APLAC-002, 513377) and the
    nine starter templates."""
    catalog = seed_catalog(services)
    with services.sessions.transaction() as session:
        install_starter_templates(session, services.blobs, actor=CASEWORKER)
    return catalog

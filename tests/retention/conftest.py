"""A dossier with one born-digital document, a default retention schedule, and two
archivists: the GIVEN of the retention tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.catalog import Actor, RetentionScheduleCreate, RetentionTrigger
from liasse.wiring import Services
from retention import create_schedule
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, SeededCatalog, ingest_file, seed_catalog

ANA = Actor(username="ana")
BRUNO = Actor(username="bruno")


@dataclass(frozen=True)
class ArchiveWorld:
    services: Services
    seeded: SeededCatalog
    document_id: int
    number: str = "824415"


@pytest.fixture
def world(services: Services) -> ArchiveWorld:
    """GIVEN dossier 824415 holding one decision letter (a PDF with a text layer) and the
    default rule: destroy 10 years after the dossier's closure."""
    seeded = seed_catalog(services)
    document = ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER),
                           dossier="824415")
    assert document.id is not None
    with services.sessions.transaction() as session:
        create_schedule(session, data=RetentionScheduleCreate(
            code="AS-10", title="Social aid dossiers", trigger=RetentionTrigger.dossier_closure,
            period_years=10), actor=ANA)
    return ArchiveWorld(services=services, seeded=seeded, document_id=document.id)

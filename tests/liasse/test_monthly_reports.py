"""Monthly reports kept as documents: the scheduler's task counts last month's reports,
files them as PDFs into the administrative dossier through the ordinary pipeline (stored,
read, indexed), and files nothing twice when run again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from celery.schedules import crontab
from sqlmodel import col, select

from core.catalog import BatchItem, Document, Dossier, ItemStatus, Page
from index import SearchQuery
from liasse._monthly import previous_month
from liasse.settings import Settings
from liasse.tasks import MONTHLY_REPORTS, make_celery, register_tasks
from liasse.wiring import Services, build_services
from tests.reports.world import build


@pytest.fixture
def scheduled(liasse_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("LIASSE_MONTHLY_REPORTS", '["documents", "dossiers"]')
    monkeypatch.setenv("LIASSE_REPORTS_DOSSIER", "ADMIN-STAT")
    built = build_services(Settings())
    with built.sessions.transaction() as session:
        build(session)
        session.add(Dossier(number="ADMIN-STAT", title="Statistiques", service="ADM"))
    yield built
    built.index.close()
    built.sessions.engine.dispose()


def test_the_previous_month() -> None:
    """GIVEN a day WHEN the month before is asked THEN its first and last days, across a
    year's end too."""
    assert previous_month(date(2026, 3, 15)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert previous_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_monthly_reports_are_filed_as_searchable_documents(scheduled: Services) -> None:
    """GIVEN two monthly reports asked for and an administrative dossier WHEN the scheduler's
    task runs (twice: a retry) THEN the beat runs it on the 1st, each report is one PDF
    document in the dossier named after last month, its text read and indexed, and the second
    run's copies are duplicates, not new documents."""
    app = make_celery(scheduled.settings, eager=True)
    register_tasks(app, lambda: scheduled)
    entry = app.conf.beat_schedule["monthly-reports"]
    assert entry["task"] == MONTHLY_REPORTS and entry["schedule"] == crontab(
        minute="0", hour="6", day_of_month="1")
    assert app.tasks[MONTHLY_REPORTS].apply().get() == 2
    assert app.tasks[MONTHLY_REPORTS].apply().get() == 2
    month = f"{previous_month(date.today())[0]:%Y-%m}"
    with scheduled.sessions() as session:
        dossier = session.exec(select(Dossier).where(Dossier.number == "ADMIN-STAT")).one()
        documents = session.exec(select(Document).where(Document.dossier_id == dossier.id)
                                 .order_by(col(Document.original_filename))).all()
        assert [d.original_filename for d in documents] == [
            f"liasse-documents-{month}.pdf", f"liasse-dossiers-{month}.pdf"]
        text = " ".join(p.text for p in session.exec(select(Page).where(
            Page.document_id == documents[1].id)).all())
        statuses = sorted(str(s) for s in session.exec(select(BatchItem.status)).all())
    assert "reactivated" in text and month in text
    assert statuses.count(ItemStatus.duplicate) == 2
    found = scheduled.index.search(SearchQuery(text="opened", dossier="ADMIN-STAT"))
    assert [hit.document for hit in found.hits] == [documents[1].id]

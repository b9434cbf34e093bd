"""Monthly reports kept as documents: on the 1st, each report named in
``LIASSE_MONTHLY_REPORTS`` is counted over the month before, rendered as a PDF and received
as a batch into the administrative dossier ``LIASSE_REPORTS_DOSSIER``, where the pipeline
stores, reads, indexes and retains it like any document.

The PDF of a month is the same bytes however often it is made (its dates are the month's,
not the clock's), so a retried task files nothing twice: the second copy is a duplicate."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from core.access import Principal
from ingest import IncomingFile, receive_batch
from liasse.wiring import Services
from reports import ReportFilters, run_report, to_pdf

SCHEDULER = "liasse:scheduler"


def previous_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def file_monthly_reports(services: Services, *, today: date | None = None) -> list[int]:
    """Receive this month's reports into the reports dossier; returns the batch items to
    process (none when no report is asked for)."""
    names = services.settings.monthly_reports
    if not names:
        return []
    start, end = previous_month(today or date.today())
    files = []
    with services.sessions() as session:
        for name in names:
            table = run_report(session, name=name, principal=Principal.operator(SCHEDULER),
                               filters=ReportFilters(date_from=start, date_to=end), today=end)
            table.generated_at = datetime.combine(end, datetime.min.time(), tzinfo=UTC)
            files.append((f"liasse-{name}-{start:%Y-%m}.pdf", to_pdf(table)))
    with services.sessions.transaction() as session:
        _batch, items = receive_batch(
            session, services.blobs,
            [IncomingFile(filename=n, stream=io.BytesIO(data)) for n, data in files],
            source="scheduler", created_by=SCHEDULER,
            dossier_number=services.settings.reports_dossier)
        return [item.id for item in items if item.id is not None]

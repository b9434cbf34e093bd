"""The reports by name: what each is about, what it may be grouped by, and the function that
counts it. ``run_report`` is the one way in (CLI, API, viewer, scheduled report)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from core import Forbidden, InvalidInput, NotFound
from core.access import Action, Principal, can
from core.catalog import utcnow
from reports._access import access_report
from reports._context import SMALL_COUNT, ReportContext
from reports._documents import DOCUMENT_GROUPS, documents_report
from reports._dossiers import dossier_sizes_report, dossiers_report
from reports._intake import intake_report, quarantine_report, review_report
from reports._model import Column, ReportFilters, ReportTable
from reports._retention import destroyed_report, holds_report, retention_due_report

_INTAKE = (Action.batch_read,)
_RETENTION = (Action.retention_manage, Action.audit_read)
Counter = Callable[[ReportContext], tuple[list[Column], list[list[Any]], int]]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    count: Counter
    by: tuple[str, ...] = ()
    needs: tuple[Action, ...] = ()  # one of these actions (none: anyone signed in)

    @property
    def title(self) -> str:
        return f"report.{self.name.replace('-', '_')}"


REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in (
    ReportSpec("documents", documents_report, DOCUMENT_GROUPS),
    ReportSpec("intake", intake_report, needs=_INTAKE),
    ReportSpec("quarantine", quarantine_report, needs=_INTAKE),
    ReportSpec("review-queue", review_report, needs=(*_INTAKE, Action.review)),
    ReportSpec("dossiers", dossiers_report, ("month", "service")),
    ReportSpec("dossier-sizes", dossier_sizes_report),
    ReportSpec("retention-due", retention_due_report, needs=_RETENTION),
    ReportSpec("legal-holds", holds_report, needs=_RETENTION),
    ReportSpec("destroyed", destroyed_report, needs=_RETENTION),
    ReportSpec("access", access_report, ("service", "user"), needs=(Action.audit_read,)),
)}


def may_run(spec: ReportSpec, principal: Principal) -> bool:
    return not spec.needs or any(can(principal, action) for action in spec.needs)


def run_report(session: Session, *, name: str, principal: Principal,
               filters: ReportFilters | None = None, today: date | None = None,
               small_count: int = SMALL_COUNT) -> ReportTable:
    """Report ``name`` as ``principal`` may see it. NotFound for an unknown name,
    InvalidInput for a grouping the report has not, Forbidden for a report the reader's
    roles do not allow."""
    spec = REPORTS.get(name)
    if spec is None:
        raise NotFound(f"no report {name!r} (reports: {', '.join(REPORTS)})")
    if not may_run(spec, principal):
        raise Forbidden(f"report {name} needs one of {', '.join(spec.needs)}")
    filters = filters or ReportFilters()
    if filters.by and filters.by not in spec.by:
        raise InvalidInput(f"report {name} cannot be grouped by {filters.by!r}"
                           + (f" (choose {', '.join(spec.by)})" if spec.by else ""))
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput("the period's start is after its end")
    context = ReportContext(session=session, principal=principal, filters=filters,
                            today=today or date.today(), small_count=small_count)
    columns, rows, withheld = spec.count(context)
    return ReportTable(report=name, title=spec.title, columns=columns, rows=rows,
                       filters=filters, generated_at=utcnow(),
                       generated_by=principal.username, suppressed=withheld,
                       small_count=small_count if context.counts_hidden else 0)

"""Who read what, counted from the journal: document reads and downloads per month and
service (or per person), and break-glass uses. For those who may read the journal only
(``REPORTS`` says so)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, or_, select
from sqlmodel import col

from core.catalog import AuditEvent, Dossier
from reports._context import ReportContext, as_date
from reports._model import Column, Kind

READS = ("document.view", "document.page")
DOWNLOADS = ("document.download",)
BREAK_GLASS = "dossier.break_glass"


def access_report(context: ReportContext) -> tuple[list[Column], list[list[Any]], int]:
    by = context.filters.by or "service"
    group = col(AuditEvent.username) if by == "user" else func.coalesce(col(Dossier.service),
                                                                         "")
    month = context.period("month", col(AuditEvent.at))
    action = col(AuditEvent.action)
    query = (select(month, group,
                    func.sum(case((action.in_(READS), 1), else_=0)),
                    func.sum(case((action.in_(DOWNLOADS), 1), else_=0)),
                    func.sum(case((action == BREAK_GLASS, 1), else_=0)),
                    func.sum(case((col(AuditEvent.flagged).is_(True) & action.in_(
                        (*READS, *DOWNLOADS)), 1), else_=0)))
             .outerjoin(Dossier, col(Dossier.id) == col(AuditEvent.dossier_id))
             .where(or_(action.in_((*READS, *DOWNLOADS)), action == BREAK_GLASS),
                    *context.within(col(AuditEvent.at)), *context.of_service())
             .group_by(month, group).order_by(month, group))
    rows = sorted([as_date(m), g or "", *(int(v or 0) for v in values)]
                  for m, g, *values in context.session.execute(query))
    return [Column(name="month", kind=Kind.month),
            Column(name="user" if by == "user" else "service", kind=Kind.text),
            Column(name="reads", kind=Kind.int), Column(name="downloads", kind=Kind.int),
            Column(name="break_glass", kind=Kind.int),
            Column(name="reads_under_break_glass", kind=Kind.int)], rows, 0

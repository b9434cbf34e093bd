"""Retention figures for the archivist and those who owe them: what falls due (review or
destruction) per year, legal holds in force, and documents destroyed per year with the
references of their destruction certificates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from core.catalog import (
    DestructionRecord,
    Document,
    DocumentRetention,
    Dossier,
    HoldScope,
    LegalHold,
)
from reports._context import ReportContext, aware
from reports._model import Column, Kind

Table = tuple[list[Column], list[list[Any]], int]


def retention_due_report(context: ReportContext) -> Table:
    """Per year of the disposition date and the schedule's action; ``overdue``: dates passed."""
    year = context.period("year", col(DocumentRetention.disposition_on))
    visible = context.documents
    late = func.sum(case((col(DocumentRetention.disposition_on) < context.today, 1), else_=0))
    query = (select(year, col(DocumentRetention.action), func.count(), late)
             .join(Document, col(Document.id) == col(DocumentRetention.document_id))
             .outerjoin(Dossier, col(Dossier.id) == col(Document.dossier_id))
             .where(col(DocumentRetention.disposition_on).is_not(None),
                    *context.within(col(DocumentRetention.disposition_on)),
                    *context.of_service(), *([] if visible is None else [visible]))
             .group_by(year, col(DocumentRetention.action))
             .order_by(year, col(DocumentRetention.action)))
    rows = [[int(y), str(action or ""), int(n), int(overdue or 0)]
            for y, action, n, overdue in context.session.execute(query)]
    return [Column(name="year", kind=Kind.year), Column(name="action", kind=Kind.text),
            Column(name="documents", kind=Kind.int),
            Column(name="overdue", kind=Kind.int)], rows, 0


def holds_report(context: ReportContext) -> Table:
    """Holds in force (not released) by what they cover."""
    query = (select(col(LegalHold.scope), func.count(), func.min(col(LegalHold.placed_at)))
             .where(col(LegalHold.released_at).is_(None),
                    *context.within(col(LegalHold.placed_at)))
             .group_by(col(LegalHold.scope)))
    found = {str(scope): (int(n), aware(first)) for scope, n, first in
             context.session.execute(query)}
    rows: list[list[Any]] = [[scope.value, *found.get(scope.value, (0, None))]
                             for scope in HoldScope]
    return [Column(name="scope", kind=Kind.text), Column(name="holds", kind=Kind.int),
            Column(name="oldest", kind=Kind.datetime)], rows, 0


def destroyed_report(context: ReportContext) -> Table:
    year = context.period("year", col(DestructionRecord.destroyed_at))
    query = (select(year, col(DestructionRecord.certificate_id), func.count())
             .where(*context.within(col(DestructionRecord.destroyed_at)))
             .group_by(year, col(DestructionRecord.certificate_id)))
    per_year: dict[int, list[Any]] = defaultdict(lambda: [0, set()])
    for y, certificate, n in context.session.execute(query):
        per_year[int(y)][0] += int(n)
        if certificate is not None:
            per_year[int(y)][1].add(int(certificate))
    rows = [[y, n, ", ".join(f"#{c}" for c in sorted(certs))]
            for y, (n, certs) in sorted(per_year.items())]
    return [Column(name="year", kind=Kind.year), Column(name="documents", kind=Kind.int),
            Column(name="certificates", kind=Kind.text)], rows, 0

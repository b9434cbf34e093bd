"""Dossiers opened, closed, archived and reactivated per month (optionally by service), and
how many documents the dossiers hold (their sizes in bands), over the dossiers and documents
the reader may see."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlmodel import col

from core.catalog import Document, Dossier, LifecycleEvent
from reports._context import ReportContext, as_date
from reports._model import Column, Kind

Table = tuple[list[Column], list[list[Any]], int]
STEPS = ("closed", "archived", "reactivated")
SIZE_BANDS = ((0, 0, "0"), (1, 5, "1-5"), (6, 20, "6-20"), (21, 100, "21-100"),
              (101, None, "101+"))


def _visible(context: ReportContext) -> list[Any]:
    seen = context.dossiers
    return [*([] if seen is None else [seen]), *context.of_service()]


def dossiers_report(context: ReportContext) -> Table:
    by_service = context.filters.by == "service"
    service = col(Dossier.service) if by_service else literal_column("''")
    opened_on = func.coalesce(col(Dossier.opened_on), col(Dossier.created_at))
    month = context.period("month", opened_on)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    opened = select(month, service, func.count(col(Dossier.id))).where(
        *_visible(context), *context.within(opened_on))
    for m, s, n in context.session.execute(opened.group_by(month, *(
            [service] if by_service else []))):
        counts[(m, s or "")]["opened"] = int(n)
    step_month = context.period("month", col(LifecycleEvent.on))
    steps = (select(step_month, service, col(LifecycleEvent.action), func.count())
             .join(Dossier, col(Dossier.id) == col(LifecycleEvent.dossier_id))
             .where(*_visible(context), *context.within(col(LifecycleEvent.on)))
             .group_by(step_month, col(LifecycleEvent.action), *(
                 [service] if by_service else [])))
    for m, s, action, n in context.session.execute(steps):
        counts[(m, s or "")][str(action)] = int(n)
    rows = [[as_date(m), s, c.get("opened", 0), *(c.get(step, 0) for step in STEPS)]
            for (m, s), c in sorted(counts.items())]
    columns = [Column(name="month", kind=Kind.month), Column(name="service", kind=Kind.text),
               *(Column(name=n, kind=Kind.int) for n in ("opened", *STEPS))]
    if not by_service:
        return [columns[0], *columns[2:]], [[r[0], *r[2:]] for r in rows], 0
    return columns, rows, 0


def dossier_sizes_report(context: ReportContext) -> Table:
    """Dossiers in bands of how many documents (that the reader may read) they hold."""
    visible = context.documents
    per_dossier = (select(col(Document.dossier_id).label("dossier_id"),
                          func.count(col(Document.id)).label("n"))
                   .outerjoin(Dossier, col(Dossier.id) == col(Document.dossier_id))
                   .where(col(Document.dossier_id).is_not(None),
                          *context.within(col(Document.created_at)),
                          *([] if visible is None else [visible]))
                   .group_by(col(Document.dossier_id)).subquery())
    size = func.coalesce(per_dossier.c.n, 0)
    band = case(*((size <= high, label) for _low, high, label in SIZE_BANDS if high is not None),
                else_=SIZE_BANDS[-1][2])
    query = (select(band, func.count(col(Dossier.id)), func.sum(size))
             .select_from(Dossier).outerjoin(per_dossier,
                                             per_dossier.c.dossier_id == col(Dossier.id))
             .where(*_visible(context)).group_by(band))
    found = {b: (int(n), int(s or 0)) for b, n, s in context.session.execute(query)}
    rows: list[list[Any]] = [[label, *found.get(label, (0, 0))]
                             for _low, _high, label in SIZE_BANDS]
    return [Column(name="documents_per_dossier", kind=Kind.text),
            Column(name="dossiers", kind=Kind.int), Column(name="documents", kind=Kind.int)
            ], rows, 0

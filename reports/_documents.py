"""Documents received and produced per month, by type, service, element kind, source or
language: counted in SQL over the catalog, only what the reader may read (and, for those who
owe figures, the confidential rest with small counts withheld)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import col

from core.catalog import Document, Dossier, DossierElement
from reports._context import ReportContext, as_date, document_counts, suppress
from reports._model import Column, Kind

DOCUMENT_GROUPS = ("type", "service", "element_kind", "source", "language")
_GROUPS: dict[str, Any] = {
    "type": col(Document.doc_type), "service": col(Dossier.service),
    "element_kind": col(DossierElement.kind), "source": col(Document.source),
    "language": col(Document.language)}


def documents_report(context: ReportContext) -> tuple[list[Column], list[list[Any]], int]:
    by = context.filters.by or "type"
    month = context.period("month", col(Document.created_at))
    group = _GROUPS[by]
    seen, hidden, where = document_counts(context)
    visible = context.documents
    pages = col(Document.page_count)
    page_sum = func.sum(pages if visible is None else case((visible, pages), else_=0))
    query = (select(month, group, seen, page_sum, hidden)
             .outerjoin(Dossier, col(Dossier.id) == col(Document.dossier_id)))
    if by == "element_kind":
        query = query.outerjoin(DossierElement,
                                col(DossierElement.id) == col(Document.element_id))
    query = (query.where(*where, *context.within(col(Document.created_at)),
                         *context.of_service())
             .group_by(month, group).order_by(month, group))
    rows = sorted([as_date(m), g or "", int(n or 0), int(p or 0), int(h or 0)]
                  for m, g, n, p, h in context.session.execute(query).all())
    columns = [Column(name="month", kind=Kind.month), Column(name=by, kind=Kind.text),
               Column(name="documents", kind=Kind.int), Column(name="pages", kind=Kind.int)]
    if not context.counts_hidden:
        return columns, [row[:4] for row in rows if row[2]], 0
    columns.append(Column(name="confidential_not_shown", kind=Kind.int))
    kept, withheld = suppress(rows, 2, 4, context.small_count)
    return columns, kept, withheld

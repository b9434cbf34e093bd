"""What a report runs with (the session, the reader, the filters) and the SQL pieces every
report shares: periods by day, month or year written for SQLite and PostgreSQL alike, the
reader's visibility, and the suppression of small confidential counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlmodel import Session, col

from core.access import Action, Principal, can, document_filter, dossier_filter
from core.catalog import Document, Dossier, Sensitivity
from reports._model import ReportFilters

SMALL_COUNT = 5  # fewer confidential items than this are never shown to who may not see them
_FORMATS = {"day": ("%Y-%m-%d", "YYYY-MM-DD"), "month": ("%Y-%m", "YYYY-MM"),
            "year": ("%Y", "YYYY")}


@dataclass(frozen=True)
class ReportContext:
    session: Session
    principal: Principal
    filters: ReportFilters
    today: date
    small_count: int = SMALL_COUNT

    def period(self, name: str, column: Any) -> Any:
        """``column`` (a date or timestamp) cut to its day, month or year, as text."""
        sqlite_format, postgres_format = _FORMATS[name]
        if self.session.get_bind().dialect.name == "sqlite":
            return func.strftime(sqlite_format, column)
        return func.to_char(column, postgres_format)

    def within(self, column: Any) -> list[ColumnElement[bool]]:
        """The period filters on ``column``: from the first day to the last, both included."""
        bounds: list[ColumnElement[bool]] = []
        if self.filters.date_from is not None:
            bounds.append(column >= self.filters.date_from)
        if self.filters.date_to is not None:
            bounds.append(column < self.filters.date_to + timedelta(days=1))
        return bounds

    def of_service(self) -> list[ColumnElement[bool]]:
        service = self.filters.service
        return [] if not service else [col(Dossier.service) == service]

    @property
    def documents(self) -> ColumnElement[bool] | None:
        """The documents the reader may read (no break-glass: an emergency widens no report)."""
        return document_filter(self.principal, with_break_glass=False)

    @property
    def dossiers(self) -> ColumnElement[bool] | None:
        return dossier_filter(self.principal)

    @property
    def counts_hidden(self) -> bool:
        """Those who owe figures (who may read the journal) get totals that include the
        confidential documents they may not open, small counts withheld."""
        return self.documents is not None and can(self.principal, Action.audit_read).allowed


def secret_document() -> ColumnElement[bool]:
    return or_(col(Document.confidential).is_(True),
               col(Dossier.sensitivity) == Sensitivity.confidential)


def document_counts(context: ReportContext) -> tuple[Any, Any, list[ColumnElement[bool]]]:
    """(visible count, hidden confidential count, WHERE clauses) over documents outer-joined
    to their dossier: the visible ones, and, for who owe figures, the confidential rest."""
    visible = context.documents
    if visible is None:
        return func.count(col(Document.id)), func.sum(0), []
    seen = case((visible, 1), else_=0)
    if not context.counts_hidden:
        return func.sum(seen), func.sum(0), [visible]
    hidden = case((and_(seen == 0, secret_document()), 1), else_=0)
    return func.sum(seen), func.sum(hidden), [or_(visible, secret_document())]


def suppress(rows: Sequence[list[Any]], visible_at: int, hidden_at: int,
             small: int) -> tuple[list[list[Any]], int]:
    """Withhold hidden counts under ``small`` (the cell becomes empty); a row left with
    nothing visible and a withheld count is dropped, so that the group's very existence is
    not told. Returns the rows and how many cells were withheld."""
    kept: list[list[Any]] = []
    withheld = 0
    for row in rows:
        hidden = int(row[hidden_at] or 0)
        if 0 < hidden < small:
            withheld += 1
            row = [*row[:hidden_at], None, *row[hidden_at + 1:]]
            if not row[visible_at]:
                continue
        else:
            row = [*row[:hidden_at], hidden, *row[hidden_at + 1:]]
        kept.append(row)
    return kept, withheld


def as_date(text: object) -> date | None:
    """'2026-03' -> 2026-03-01, '2026-03-05' -> that day (what ``period`` gives back)."""
    if text is None:
        return None
    parts = [int(p) for p in str(text).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def aware(value: datetime | str | None) -> datetime | None:
    """A timestamp from an aggregate (SQLite may hand back text)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)

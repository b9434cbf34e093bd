"""Column helpers shared by the catalog tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored with its time zone and always read back as aware UTC: SQLite keeps no
    zone and would give naive values, which are not RFC 3339 ``date-time`` in the API."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None,
                             dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_field() -> datetime:
    return Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


def timestamp_field() -> datetime | None:
    return Field(default=None, sa_type=UtcDateTime, nullable=True)


def unset_field(**constraints: Any) -> Any:
    """A field of an ``XUpdate`` that a PATCH may leave out but may not set to null (its
    column is NOT NULL): typed ``str = unset_field()``, it defaults to None (left out, so not
    in ``model_dump(exclude_unset=True)``) and an explicit null is refused with 422."""
    return Field(default=None, **constraints)

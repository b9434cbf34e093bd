"""Column helpers shared by the catalog tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_field() -> datetime:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


def timestamp_field() -> datetime | None:
    return Field(default=None, sa_type=DateTime(timezone=True), nullable=True)


def unset_field(**constraints: Any) -> Any:
    """A field of an ``XUpdate`` that a PATCH may leave out but may not set to null (its
    column is NOT NULL): typed ``str = unset_field()``, it defaults to None (left out, so not
    in ``model_dump(exclude_unset=True)``) and an explicit null is refused with 422."""
    return Field(default=None, **constraints)

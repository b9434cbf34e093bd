"""A bookmark to /documents/15 never opens another document: document, batch and disposition
list ids are never given twice, on SQLite (AUTOINCREMENT, migration 0009) and PostgreSQL
(identity sequences), even after the newest row is deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count

import pytest
from sqlmodel import SQLModel

from core import SessionFactory
from core.catalog import Batch, DispositionList, Document

_SERIAL = count()
MAKERS: dict[str, Callable[[], SQLModel]] = {
    "document": lambda: Document(
        title="t",
        original_sha256=f"sha-{next(_SERIAL)}",
        original_key="k",
        mime_type="application/pdf",
    ),
    "batch": lambda: Batch(created_by="claire"),
    "disposition_list": lambda: DispositionList(as_of=date(2026, 1, 1), created_by="arlo"),
}


def _add(sessions: SessionFactory, make: Callable[[], SQLModel]) -> int:
    with sessions.transaction() as session:
        row = make()
        session.add(row)
        session.flush()
        return int(row.id)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_deleted_rows_id_is_never_given_again(sessions: SessionFactory, kind: str) -> None:
    """GIVEN two rows of ``kind`` in a migrated catalog WHEN the newest is deleted and a new
    one created THEN the new row gets a new id, greater than the deleted one."""
    make, table = MAKERS[kind], type(MAKERS[kind]())
    _add(sessions, make)
    newest = _add(sessions, make)
    with sessions.transaction() as session:
        session.delete(session.get(table, newest))
    again = _add(sessions, make)
    assert again > newest
    with sessions() as session:
        assert session.get(table, newest) is None

"""The audit journal and the accounts migration, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from core import SessionFactory, downgrade, upgrade
from core.catalog import Actor, append_event, find_events, verify_journal

NEW_TABLES = {"user", "api_token", "web_session", "dossier_assignment",
              "dossier_confidential_role", "break_glass_grant", "audit_event"}
ANA = Actor(username="ana", user_id=7)


def _fill(sessions: SessionFactory, count: int = 5) -> None:
    with sessions.transaction() as s:
        for n in range(count):
            append_event(s, actor=ANA, action="document.view", entity_type="document",
                         entity_id=n, dossier_id=n % 2 or None, person_id=3,
                         after={"page": n, "note": "é"})


def _drop_guards(sessions: SessionFactory) -> None:
    """What someone with the database owner's rights could do first."""
    postgres = sessions.engine.dialect.name == "postgresql"
    with sessions.engine.begin() as conn:
        for event in ("update", "delete"):
            conn.execute(text(f"DROP TRIGGER audit_event_no_{event}"
                              + (" ON audit_event" if postgres else "")))


def test_migration_0002_goes_down_to_0001_and_up_again(sessions: SessionFactory) -> None:
    """GIVEN a database at the latest revision WHEN it goes down to 0001 and up again THEN the
    account and journal tables and the documents' confidential flag go and come back."""
    engine = sessions.engine
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    downgrade(engine, "0001")
    inspector = inspect(engine)
    assert not NEW_TABLES & set(inspector.get_table_names())
    assert "confidential" not in {c["name"] for c in inspector.get_columns("document")}
    upgrade(engine)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) >= NEW_TABLES
    assert "confidential" in {c["name"] for c in inspector.get_columns("document")}


def test_an_untouched_journal_verifies(sessions: SessionFactory) -> None:
    """GIVEN entries appended in two transactions WHEN the chain is walked THEN it holds and
    every entry links to the one before."""
    _fill(sessions, 3)
    _fill(sessions, 2)
    with sessions() as s:
        check = verify_journal(s, chunk=2)
        events = find_events(s, username="ana")
    assert check.intact and check.entries == 5
    assert [e.seq for e in events] == [5, 4, 3, 2, 1]
    assert check.head_hash == events[0].hash
    assert all(newer.prev_hash == older.hash for newer, older in itertools.pairwise(events))


def test_the_database_refuses_to_change_the_journal(sessions: SessionFactory) -> None:
    """GIVEN a journal WHEN an UPDATE or a DELETE reaches its table THEN the database refuses."""
    _fill(sessions, 1)
    for statement in ("UPDATE audit_event SET username = 'eve'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError), sessions.engine.begin() as conn:
            conn.execute(text(statement))


@pytest.mark.parametrize(("statement", "broken_at", "words"), [
    ("UPDATE audit_event SET username = 'eve' WHERE seq = 3", 3, "altered"),
    ("UPDATE audit_event SET after = NULL WHERE seq = 2", 2, "altered"),
    ("DELETE FROM audit_event WHERE seq = 3", 4, "missing"),
    ("UPDATE audit_event SET prev_hash = hash WHERE seq = 4", 4, "link"),
])
def test_tampering_with_one_row_is_detected(sessions: SessionFactory, statement: str,
                                            broken_at: int, words: str) -> None:
    """GIVEN a journal of five entries and its triggers dropped WHEN one row is altered or
    removed directly in the database THEN verification names the first broken entry."""
    _fill(sessions)
    _drop_guards(sessions)
    with sessions.engine.begin() as conn:
        conn.execute(text(statement))
    with sessions() as s:
        check = verify_journal(s)
    assert not check.intact
    assert check.broken_at == broken_at and words in check.problem

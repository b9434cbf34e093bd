"""The audit journal ("journal des mutations"): every read of a document and every change to
catalog data, appended, never updated or deleted by Liasse.

Each entry carries the hash of the one before it and its own hash over a canonical
serialisation, so an entry altered, removed or inserted behind Liasse's back breaks the chain
(``verify_journal``). A removed *last* entry leaves no gap: compare the head hash that
``verify_journal`` reports with one kept elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, text
from sqlmodel import Field, Session, SQLModel, col, select

from core.catalog._base import created_at_field, utcnow

GENESIS = "0" * 64
_JOURNAL_LOCK = 0x4C494153  # PostgreSQL advisory lock key: one appender at a time


class AuditEventBase(SQLModel):
    seq: int = Field(sa_type=BigInteger, unique=True, index=True,
                     description="1, 2, 3…: position in the chain")
    at: datetime = created_at_field()
    user_id: int | None = Field(default=None, index=True)
    username: str = Field(max_length=100, index=True,
                          description="Account, or os:NAME for the command line")
    action: str = Field(max_length=40, description="e.g. document.view, dossier.update")
    entity_type: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=64)
    dossier_id: int | None = Field(default=None, index=True)
    person_id: int | None = Field(default=None, index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    reason: str = Field(default="", max_length=500)
    flagged: bool = Field(default=False, description="To review: break-glass access")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditEvent(AuditEventBase, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)


class AuditEventPublic(AuditEventBase):
    redacted: bool = Field(default=False, description=(
        "Values and reason hidden: the reader may not read this document or dossier"))


@dataclass(frozen=True)
class Actor:
    """Who acts: an account, or the operator on the server's command line (``os:NAME``)."""

    username: str
    user_id: int | None = None


def canonical_json(value: Any) -> Any:
    """``value`` as the JSON column will give it back (dates as ISO strings...)."""
    return None if value is None else json.loads(json.dumps(value, default=str))


def event_hash(event: AuditEventBase) -> str:
    moment = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    fields = {
        "seq": event.seq, "at": moment.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": event.user_id, "username": event.username, "action": event.action,
        "entity_type": event.entity_type, "entity_id": event.entity_id,
        "dossier_id": event.dossier_id, "person_id": event.person_id, "before": event.before,
        "after": event.after, "reason": event.reason, "flagged": bool(event.flagged),
        "prev_hash": event.prev_hash}
    serial = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(serial.encode("utf-8")).hexdigest()


def append_event(session: Session, *, actor: Actor, action: str, entity_type: str,
                 entity_id: object = "", dossier_id: int | None = None,
                 person_id: int | None = None, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None, reason: str = "",
                 flagged: bool = False) -> AuditEvent:
    """Append one entry to the journal (in the caller's transaction; never commits)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _JOURNAL_LOCK})
    elif session.get_bind().dialect.name == "sqlite":
        # Take SQLite's write lock before reading the last entry: two requests journaling at
        # once (a page and its image) would otherwise both read entry n and both write n+1.
        # The statement changes no row (so the table's no-UPDATE trigger never fires).
        session.execute(text("UPDATE audit_event SET seq = seq WHERE 0"))
    last = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1, at=utcnow(),
        user_id=actor.user_id, username=actor.username[:100], action=action,
        entity_type=entity_type, entity_id=str(entity_id)[:64], dossier_id=dossier_id,
        person_id=person_id, before=canonical_json(before), after=canonical_json(after),
        reason=reason[:500], flagged=flagged, prev_hash=last.hash if last else GENESIS, hash="")
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class JournalCheck:
    """The outcome of walking the chain: ``broken_at`` is the first entry that does not hold."""

    entries: int
    head_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_journal(session: Session, *, chunk: int = 1000) -> JournalCheck:
    """Walk the whole chain in order and report the first entry whose sequence, link or hash
    does not hold."""
    expected_seq, prev, count = 1, GENESIS, 0
    for event in _in_order(session, chunk):
        problem = _problem(event, expected_seq, prev)
        if problem:
            return JournalCheck(entries=count, head_hash=prev, broken_at=event.seq,
                                problem=problem)
        expected_seq, prev, count = event.seq + 1, event.hash, count + 1
    return JournalCheck(entries=count, head_hash=prev)


def _problem(event: AuditEvent, expected_seq: int, prev: str) -> str:
    if event.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next one is {event.seq})"
    if event.prev_hash != prev:
        return f"entry {event.seq} does not follow entry {event.seq - 1} (its link was changed)"
    if event_hash(event) != event.hash:
        return f"entry {event.seq} was altered (its content no longer matches its hash)"
    return ""


def _in_order(session: Session, chunk: int) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.exec(select(AuditEvent).where(col(AuditEvent.seq) > after)
                            .order_by(col(AuditEvent.seq)).limit(chunk)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def find_events(session: Session, *, dossier_id: int | None = None,
                person_id: int | None = None, username: str | None = None,
                action: str | None = None, offset: int = 0,
                limit: int | None = 100) -> Sequence[AuditEvent]:
    """Journal entries, newest first, by dossier, person, user or action."""
    query = select(AuditEvent).order_by(col(AuditEvent.seq).desc())
    if dossier_id is not None:
        query = query.where(AuditEvent.dossier_id == dossier_id)
    if person_id is not None:
        query = query.where(AuditEvent.person_id == person_id)
    if username is not None:
        query = query.where(AuditEvent.username == username)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return session.exec(query.offset(offset).limit(limit)).all()

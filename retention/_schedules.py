"""Retention schedules: add, change and remove rules; every change recomputes the dates of the
documents (one schedule governs each document, so a new or changed rule can move any of
them). Journaled; no commit."""

from __future__ import annotations

from sqlmodel import Session, col, select, update

from core import Conflict, InvalidInput, NotFound
from core.catalog import (
    Actor,
    DocumentRetention,
    RetentionSchedule,
    RetentionScheduleCreate,
    RetentionScheduleUpdate,
    RetentionTrigger,
    append_event,
    utcnow,
)
from retention._dates import recompute


def _check(schedule: RetentionSchedule) -> None:
    if schedule.trigger == RetentionTrigger.fixed_date and schedule.fixed_date is None:
        raise InvalidInput("a fixed_date rule needs its fixed_date")


def _same_scope(session: Session, data: RetentionScheduleCreate) -> RetentionSchedule | None:
    query = select(RetentionSchedule).where(
        col(RetentionSchedule.doc_type).is_(None) if data.doc_type is None
        else RetentionSchedule.doc_type == data.doc_type).where(
        col(RetentionSchedule.service).is_(None) if data.service is None
        else RetentionSchedule.service == data.service)
    return session.exec(query).first()


def create_schedule(session: Session, *, data: RetentionScheduleCreate,
                    actor: Actor) -> RetentionSchedule:
    """A new rule. Two rules for the same type and service would leave a document two
    destinies: refused."""
    if session.exec(select(RetentionSchedule).where(
            RetentionSchedule.code == data.code)).first():
        raise Conflict(f"schedule code {data.code} is already in use")
    clash = _same_scope(session, data)
    if clash is not None:
        raise Conflict(f"schedule {clash.code} already governs type {data.doc_type or 'any'} "
                       f"in service {data.service or 'any'}: change it instead")
    schedule = RetentionSchedule.model_validate(data)
    _check(schedule)
    session.add(schedule)
    session.flush()
    append_event(session, actor=actor, action="schedule.create", entity_type="schedule",
                 entity_id=schedule.code, after=schedule.model_dump(mode="json", warnings=False))
    recompute(session)
    return schedule


def schedule_by_id(session: Session, *, schedule_id: int) -> RetentionSchedule:
    schedule = session.get(RetentionSchedule, schedule_id)
    if schedule is None:
        raise NotFound(f"no retention schedule {schedule_id}")
    return schedule


def update_schedule(session: Session, *, schedule_id: int, data: RetentionScheduleUpdate,
                    actor: Actor) -> RetentionSchedule:
    schedule = schedule_by_id(session, schedule_id=schedule_id)
    before = schedule.model_dump(mode="json", warnings=False)
    schedule.sqlmodel_update(data.model_dump(exclude_unset=True))
    schedule.updated_at = utcnow()
    _check(schedule)
    session.add(schedule)
    session.flush()
    append_event(session, actor=actor, action="schedule.update", entity_type="schedule",
                 entity_id=schedule.code, before=before,
                 after=schedule.model_dump(mode="json", warnings=False))
    recompute(session)
    return schedule


def delete_schedule(session: Session, *, schedule_id: int, actor: Actor) -> None:
    """Remove a rule; the documents it governed fall to the next rule that matches."""
    schedule = schedule_by_id(session, schedule_id=schedule_id)
    before = schedule.model_dump(mode="json", warnings=False)
    session.exec(update(DocumentRetention)
                 .where(col(DocumentRetention.schedule_id) == schedule_id)
                 .values(schedule_id=None))
    session.delete(schedule)
    session.flush()
    append_event(session, actor=actor, action="schedule.delete", entity_type="schedule",
                 entity_id=schedule.code, before=before)
    recompute(session)


def list_schedules(session: Session) -> list[RetentionSchedule]:
    return list(session.exec(select(RetentionSchedule).order_by(col(RetentionSchedule.code))))

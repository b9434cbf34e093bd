"""Pure decisions of retention: which schedule governs a document ("class determines destiny"),
what date it yields, and whether a document may be destroyed. Each answer carries its reason.
No database, no storage: plain values in, plain values out."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.catalog import RetentionAction, RetentionSchedule, RetentionTrigger


@dataclass(frozen=True)
class Decision:
    """An answer and why (``bool(decision)`` is the answer)."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class DossierFacts:
    status: str            # open, closed, archived
    service: str = ""
    closed_on: date | None = None


@dataclass(frozen=True)
class PersonFacts:
    birth_date: date | None = None
    death_date: date | None = None


def governing_schedule(schedules: Iterable[RetentionSchedule], *, doc_type: str | None,
                       service: str | None) -> tuple[RetentionSchedule | None, str]:
    """The one schedule that governs a document: the most specific match wins (type and
    service, then type, then service, then the default rule with neither); among equals, the
    lowest code, so the choice never depends on the order rows come in."""
    ranked: list[tuple[int, str, RetentionSchedule]] = []
    for schedule in schedules:
        if schedule.doc_type is not None and schedule.doc_type != doc_type:
            continue
        if schedule.service is not None and schedule.service != (service or ""):
            continue
        rank = (0 if schedule.doc_type else 2) + (0 if schedule.service else 1)
        ranked.append((rank, schedule.code, schedule))
    if not ranked:
        return None, (f"no schedule for type {doc_type or 'unknown'} in service "
                      f"{service or 'none'}: kept until a rule applies")
    rank, _, best = min(ranked, key=lambda entry: entry[:2])
    what = ("its type and service", "its type", "its service", "the default rule")[rank]
    return best, f"schedule {best.code} governs it by {what}"


def add_period(start: date, years: int, months: int = 0) -> date:
    """``start`` plus a period; 29 February lands on 28 February in a common year."""
    total = start.month - 1 + months
    year, month = start.year + years + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _period(schedule: RetentionSchedule) -> str:
    months = f" {schedule.period_months} month(s)" if schedule.period_months else ""
    return f"{schedule.period_years} year(s){months}"


def _start(schedule: RetentionSchedule, *, doc_date: date | None, dossier: DossierFacts | None,
           persons: Sequence[PersonFacts]) -> tuple[date | None, str]:
    """When the schedule's clock starts for this document, and from what."""
    match schedule.trigger:
        case RetentionTrigger.dossier_closure:
            if dossier is None:
                return None, "the document is in no dossier: its closure cannot start the clock"
            if dossier.status == "open" or dossier.closed_on is None:
                return None, "the dossier is open: the clock starts when it is closed"
            return dossier.closed_on, f"the dossier's closure on {dossier.closed_on}"
        case RetentionTrigger.document_date:
            if doc_date is None:
                return None, "the document has no date: kept until one is recorded"
            return doc_date, f"the document's date {doc_date}"
        case RetentionTrigger.birth_date | RetentionTrigger.death_date:
            return _person_start(schedule.trigger, persons)
        case RetentionTrigger.fixed_date:
            if schedule.fixed_date is None:
                return None, "the rule names no fixed date"
            return schedule.fixed_date, f"the fixed date {schedule.fixed_date}"
    return None, f"unknown trigger {schedule.trigger}"  # pragma: no cover


def _person_start(trigger: RetentionTrigger,
                  persons: Sequence[PersonFacts]) -> tuple[date | None, str]:
    word = "birth" if trigger == RetentionTrigger.birth_date else "death"
    dates = [p.birth_date if word == "birth" else p.death_date for p in persons]
    if not persons or any(d is None for d in dates):
        return None, f"the {word} date of a person it concerns is not known: kept until it is"
    latest = max(d for d in dates if d is not None)
    return latest, f"the latest {word} date of the person(s) it concerns, {latest}"


def disposition_date(schedule: RetentionSchedule | None, *, doc_date: date | None,
                     dossier: DossierFacts | None,
                     persons: Sequence[PersonFacts] = ()) -> tuple[date | None, str]:
    """The date a document's schedule is carried out, or None (and why not). A dossier in
    active work (open, e.g. reactivated) suspends every disposition: its clock stops until it
    is closed again."""
    if schedule is None:
        return None, "no schedule governs it"
    if schedule.action == RetentionAction.keep:
        return None, f"schedule {schedule.code}: kept permanently"
    if dossier is not None and dossier.status == "open":
        return None, f"schedule {schedule.code}: the dossier is open, disposition suspended"
    start, because = _start(schedule, doc_date=doc_date, dossier=dossier, persons=persons)
    if start is None:
        return None, f"schedule {schedule.code}: {because}"
    due = add_period(start, schedule.period_years, schedule.period_months)
    return due, (f"schedule {schedule.code}: {schedule.action} on {due}, "
                 f"{_period(schedule)} after {because}")


@dataclass(frozen=True)
class DestructionCandidate:
    """What ``may_destroy`` needs to know about one item of an approved list."""

    document_id: int
    due_on: date | None
    decision: str                 # the archivist's: destroy, keep, transfer, pending
    dossier_status: str = "closed"


@dataclass(frozen=True)
class Approvals:
    proposed_by: str | None
    approved_by: str | None


def may_destroy(item: DestructionCandidate, holds: Sequence[str], approvals: Approvals, *,
                today: date) -> Decision:
    """Destroy or keep? Only what reached its date, was proposed by one person and approved
    by another, lies in no open dossier, and stands under no legal hold (``holds``: the
    reasons of the holds covering it)."""
    if holds:
        return Decision(False, f"under legal hold: {holds[0]}")
    if item.decision != "destroy":
        return Decision(False, f"the archivist decided {item.decision}, not destroy")
    if not approvals.proposed_by or not approvals.approved_by:
        return Decision(False, "destruction needs a proposal and a second person's approval")
    if approvals.proposed_by == approvals.approved_by:
        return Decision(False, f"{approvals.proposed_by} may not approve their own proposal")
    if item.dossier_status == "open":
        return Decision(False, "the dossier was reactivated: disposition suspended")
    if item.due_on is None or item.due_on > today:
        return Decision(False, f"not due yet (due {item.due_on or 'never'})")
    return Decision(True, f"due on {item.due_on}, proposed by {approvals.proposed_by}, "
                          f"approved by {approvals.approved_by}, no hold")

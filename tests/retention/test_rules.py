"""The pure decisions: which schedule governs, what date, destroy or keep; each with its
reason. No database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.catalog import RetentionAction, RetentionSchedule, RetentionTrigger
from retention import (
    Approvals,
    DestructionCandidate,
    DossierFacts,
    PersonFacts,
    add_period,
    disposition_date,
    governing_schedule,
    may_destroy,
)

CLOSED = DossierFacts(status="closed", service="DEM", closed_on=date(2020, 3, 31))


def rule(code: str, **fields: Any) -> RetentionSchedule:
    return RetentionSchedule(code=code, **fields)


def test_the_most_specific_schedule_governs() -> None:
    """GIVEN a default rule, a service rule, a type rule and a type-and-service rule WHEN a
    document of that type and service is matched THEN the type-and-service rule wins."""
    rules = [rule("DEFAULT"), rule("SVC", service="DEM"), rule("TYPE", doc_type="payslip"),
             rule("BOTH", doc_type="payslip", service="DEM")]
    chosen = [governing_schedule(rules[:n], doc_type="payslip", service="DEM")[0]
              for n in (1, 2, 3, 4)]
    assert [c.code if c else None for c in chosen] == ["DEFAULT", "SVC", "TYPE", "BOTH"]
    assert governing_schedule(rules[2:3], doc_type="decision", service="DEM")[0] is None


@pytest.mark.parametrize(("schedule", "dossier", "persons", "expected"), [
    (rule("A", period_years=10), CLOSED, (), date(2030, 3, 31)),
    (rule("A", period_years=10), DossierFacts(status="open"), (), None),
    (rule("B", trigger=RetentionTrigger.document_date, period_years=2), CLOSED, (),
     date(2021, 2, 28)),
    (rule("C", trigger=RetentionTrigger.birth_date, period_years=25), CLOSED,
     (PersonFacts(birth_date=date(2010, 5, 1)), PersonFacts(birth_date=date(2012, 9, 1))),
     date(2037, 9, 1)),
    (rule("D", trigger=RetentionTrigger.death_date, period_years=5), CLOSED,
     (PersonFacts(),), None),
    (rule("E", trigger=RetentionTrigger.fixed_date, period_years=0,
          fixed_date=date(2030, 1, 1)), CLOSED, (), date(2030, 1, 1)),
    (rule("F", action=RetentionAction.keep), CLOSED, (), None),
])
def test_disposition_date(schedule: RetentionSchedule, dossier: DossierFacts,
                          persons: tuple[PersonFacts, ...], expected: date | None) -> None:
    """GIVEN a rule and the facts it starts from WHEN the date is computed THEN it is the
    expected one, and the reason names the rule."""
    due, reason = disposition_date(schedule, doc_date=date(2019, 2, 28), dossier=dossier,
                                   persons=persons)
    assert due == expected
    assert schedule.code in reason


def test_leap_day_plus_a_year_is_the_28th() -> None:
    assert add_period(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_period(date(2024, 11, 30), 0, 3) == date(2025, 2, 28)


@pytest.mark.parametrize(("holds", "decision", "approvals", "due", "status", "allowed", "why"), [
    ((), "destroy", ("ana", "bruno"), date(2020, 1, 1), "closed", True, "approved by bruno"),
    (("litigation",), "destroy", ("ana", "bruno"), date(2020, 1, 1), "closed", False, "hold"),
    ((), "destroy", ("ana", "ana"), date(2020, 1, 1), "closed", False, "own proposal"),
    ((), "destroy", ("ana", None), date(2020, 1, 1), "closed", False, "second person"),
    ((), "keep", ("ana", "bruno"), date(2020, 1, 1), "closed", False, "decided keep"),
    ((), "destroy", ("ana", "bruno"), date(2031, 1, 1), "closed", False, "not due"),
    ((), "destroy", ("ana", "bruno"), date(2020, 1, 1), "open", False, "reactivated"),
])
def test_may_destroy(holds: tuple[str, ...], decision: str, approvals: tuple[str, str | None],
                     due: date, status: str, allowed: bool, why: str) -> None:
    """GIVEN an item of a list WHEN asked destroy or keep THEN only an approved, due,
    unheld item of a closed dossier is destroyed; the reason says why."""
    verdict = may_destroy(DestructionCandidate(1, due, decision, status), holds,
                          Approvals(*approvals), today=date(2025, 1, 1))
    assert verdict.allowed is allowed
    assert why in verdict.reason

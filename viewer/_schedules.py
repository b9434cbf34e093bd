"""The retention schedule editor of the archivist's console: a new rule, a change to one, and
retiring one (its documents fall to the next rule that matches). Through the API's route
functions; every form answers with a redirect."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from api import GuardDep
from core import NotFound
from core.access import Action
from core.catalog import (
    RetentionAction,
    RetentionScheduleCreate,
    RetentionScheduleUpdate,
    RetentionTrigger,
)
from viewer._api import retention_routes
from viewer._csrf import check_csrf
from viewer._render import render

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ScheduleForm(BaseModel):
    """The editor's fields (code, type and service only when creating)."""

    title: str = ""
    trigger: RetentionTrigger = RetentionTrigger.dossier_closure
    period_years: int = 10
    period_months: int = 0
    fixed_date: date | None = None
    action: RetentionAction = RetentionAction.destroy


def _form(title: Annotated[str, Form(max_length=300)] = "",
          trigger: Annotated[RetentionTrigger, Form()] = RetentionTrigger.dossier_closure,
          period_years: Annotated[int, Form(ge=0, le=200)] = 10,
          period_months: Annotated[int, Form(ge=0, le=11)] = 0,
          fixed_date: Annotated[str, Form(max_length=10)] = "",
          action: Annotated[RetentionAction, Form()] = RetentionAction.destroy) -> ScheduleForm:
    return ScheduleForm(title=title, trigger=trigger, period_years=period_years,
                        period_months=period_months, action=action,
                        fixed_date=date.fromisoformat(fixed_date) if fixed_date else None)


FormDep = Annotated[ScheduleForm, Depends(_form)]


def _editor(request: Request, guard: GuardDep, schedule: object | None) -> Response:
    guard.require(Action.retention_manage)
    return render(request, "archive/schedule.html", guard=guard, schedule=schedule,
                  triggers=list(RetentionTrigger), actions=list(RetentionAction))


@router.get("/archive/schedules/new")
def new_schedule(request: Request, guard: GuardDep) -> Response:
    return _editor(request, guard, None)


@router.get("/archive/schedules/{schedule_id}")
def edit_schedule(request: Request, guard: GuardDep, schedule_id: Id) -> Response:
    schedules = {s.id: s for s in retention_routes.list_schedules(guard)}
    if schedule_id not in schedules:
        raise NotFound(f"no retention schedule {schedule_id}")
    return _editor(request, guard, schedules[schedule_id])


@router.post("/archive/schedules", dependencies=[Depends(check_csrf)])
def create(guard: GuardDep, form: FormDep, code: Annotated[str, Form(min_length=1,
                                                                      max_length=64)],
           doc_type: Annotated[str, Form(max_length=40)] = "",
           service: Annotated[str, Form(max_length=64)] = "") -> Response:
    retention_routes.create_schedule(RetentionScheduleCreate(
        code=code.strip(), doc_type=doc_type.strip() or None, service=service.strip() or None,
        **form.model_dump()), guard)
    return RedirectResponse("/archive?done=schedule#schedules", status_code=303)


@router.post("/archive/schedules/{schedule_id}", dependencies=[Depends(check_csrf)])
def update(guard: GuardDep, form: FormDep, schedule_id: Id) -> Response:
    retention_routes.update_schedule(schedule_id, RetentionScheduleUpdate(
        **form.model_dump()), guard)
    return RedirectResponse("/archive?done=schedule#schedules", status_code=303)


@router.post("/archive/schedules/{schedule_id}/retire", dependencies=[Depends(check_csrf)])
def retire(guard: GuardDep, schedule_id: Id) -> Response:
    retention_routes.delete_schedule(schedule_id, guard)
    return RedirectResponse("/archive?done=retire#schedules", status_code=303)

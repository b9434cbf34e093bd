"""A dossier's life in the archivist's console: its state, its lifecycle history (who closed,
archived, reactivated it, when and why), the holds over it, and the forms to close (with a
closing date), archive and reactivate it, each with a reason. Caseworkers who may change the
dossier may close it here too. Every action goes through the API's route functions and
answers with a redirect (a reload never acts twice)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api import ContextDep, GuardDep
from core import InvalidInput
from core.access import Action
from core.catalog import HoldScope, LifecycleRequest, Role
from viewer._api import lifecycle_routes, retention_routes
from viewer._csrf import check_csrf
from viewer._render import render

router = APIRouter()
Reason = Annotated[str, Form(min_length=3, max_length=500)]
STEPS = ("close", "archive", "reactivate")
# Which steps each state offers.
_OFFERED = {"open": ("close",), "closed": ("archive", "reactivate"),
            "archived": ("reactivate",)}


def panel_path(number: str) -> str:
    return f"/archive/dossiers/{quote(number, safe='')}"


@router.get("/archive/dossiers/{number}")
def dossier_panel(request: Request, guard: GuardDep, number: str, done: str = "") -> Response:
    """The dossier's state and whole lifecycle. Archivists see any dossier here (its
    metadata, never its documents); others only one they may change."""
    archivist = guard.allows(Action.retention_manage)
    dossier: object
    if archivist:
        shown = lifecycle_routes.state(number, guard)
        dossier, history, holds = shown.dossier, shown.events, shown.holds
    else:
        if Role.caseworker not in guard.principal.roles:
            guard.require(Action.retention_manage)  # 403: the console is the archivists'
        dossier, history, holds = guard.dossier(number, Action.dossier_write), [], []
    status = str(getattr(dossier, "status", ""))
    steps = _OFFERED.get(status, ()) if archivist else (("close",) if status == "open" else ())
    return render(request, "archive/dossier.html", guard=guard, dossier=dossier,
                  history=history, holds=holds, steps=steps, archivist=archivist,
                  done=done if done in STEPS else None, today=date.today().isoformat())


@router.post("/archive/dossiers/{number}/{step}", dependencies=[Depends(check_csrf)])
def lifecycle_step(request: Request, guard: GuardDep, context: ContextDep, number: str,
                   step: str, reason: Reason,
                   on: Annotated[date | None, Form()] = None) -> Response:
    body = LifecycleRequest(reason=reason, on=on)
    if step == "close":
        lifecycle_routes.close(number, body, guard, context)
    elif step == "archive":
        lifecycle_routes.archive(number, body, guard, context.blobs, context)
    elif step == "reactivate":
        lifecycle_routes.reactivate(number, body, guard, context)
    else:
        raise InvalidInput(f"unknown step {step}", key="archive.unknown_step", step=step)
    return RedirectResponse(f"{panel_path(number)}?done={step}", status_code=303)


@router.post("/archive/holds", dependencies=[Depends(check_csrf)])
def hold(guard: GuardDep, context: ContextDep, scope: Annotated[HoldScope, Form()],
         target: Annotated[str, Form(min_length=1, max_length=200)],
         reason: Reason) -> Response:
    """A hold on a dossier by its number, a person by name or identifier, a document by its
    number or words of its title."""
    retention_routes.place_hold_by_words(retention_routes.HoldByWords(
        scope=scope, target=target, reason=reason), guard, context.blobs)
    return RedirectResponse("/archive?done=hold#holds", status_code=303)

"""The archivist's console: closed and archived dossiers (close, archive, reactivate with a
reason), schedules, legal holds, the disposition review (sweep, decide, propose, approve by a
second person, dry run, carry out), certificates and fixity reports. Every action goes
through the API's own route functions (same permissions, same journal)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from api import ContextDep, GuardDep
from core import InvalidInput
from core.access import Action
from core.catalog import (
    DossierStatus,
    ItemDecision,
    ListStatus,
)
from viewer._api import retention_routes
from viewer._csrf import check_csrf
from viewer._i18n import DEFAULT_LANGUAGE, Translator, catalog, language_of, translator
from viewer._render import render

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Reason = Annotated[str, Form(min_length=3, max_length=500)]
Done = Annotated[str, Query(max_length=80)]
_STEPS = ("close", "archive", "reactivate")
_DONE = ("hold", "release", "fixity", "sweep", "decide", "propose", "approve", "cancel",
         "execute", "dry-run", "schedule", "retire")


def _back(path: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={quote(done, safe='-')}", status_code=303)


def notice(done: str) -> tuple[str, dict[str, str]]:
    """The message key (and its values) saying what was just done: ``archive-824415`` ->
    ``archive.done_archive`` with the dossier number; anything unknown -> ``archive.done``."""
    if done in _DONE:
        return f"archive.done_{done.replace('-', '_')}", {}
    step, _, number = done.partition("-")
    if step in _STEPS and number:
        return f"archive.done_{step}", {"number": number}
    return "archive.done", {}


def labeller(request: Request) -> Callable[[str, object], str]:
    """``label("outcome", "would destroy")``: a value the retention code writes as free text
    (outcomes, fixity problems, an item's action), in the reader's language when it is a known
    one, else as it is; "—" when empty."""
    t, known = translator(language_of(request)), catalog(DEFAULT_LANGUAGE)

    def label(kind: str, value: object) -> str:
        text = str(value or "")
        key = f"{kind}.{text.replace(' ', '_').replace('-', '_')}"
        return t(key) if key in known else (text or "—")

    return label


@router.get("/archive")
def console(request: Request, guard: GuardDep, done: Done = "",
            state: DossierStatus | None = None,
            q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """Dossiers in every state (``state`` filters, ``q`` finds by number or title), schedules,
    holds (each saying what it holds), disposition lists, certificates, fixity."""
    guard.require(Action.retention_manage)
    dossiers = retention_routes.dossiers(guard, state=state, q=q, limit=500)
    return render(request, "archive/console.html", guard=guard, dossiers=dossiers,
                  state=state.value if state else "", q=q, states=list(DossierStatus),
                  done=notice(done) if done else None, label=labeller(request),
                  schedules=retention_routes.list_schedules(guard),
                  holds=retention_routes.list_holds(guard, standing=False),
                  lists=retention_routes.lists(guard),
                  certificates=retention_routes.certificates(guard),
                  fixity=retention_routes.fixity_reports(guard)[:10])


@router.post("/archive/holds/{hold_id}/release", dependencies=[Depends(check_csrf)])
def release(guard: GuardDep, context: ContextDep, hold_id: Id, reason: Reason) -> Response:
    retention_routes.release_hold(hold_id, retention_routes.Release(reason=reason), guard,
                                  context.blobs)
    return _back("/archive", "release")


@router.post("/archive/lists", dependencies=[Depends(check_csrf)])
def sweep(guard: GuardDep, as_of: Annotated[date | None, Form()] = None) -> Response:
    listing = retention_routes.sweep(retention_routes.SweepRequest(as_of=as_of), guard)
    return _back(f"/archive/lists/{listing.id}", "sweep")


@router.get("/archive/lists/{list_id}")
def disposition_list(request: Request, guard: GuardDep, context: ContextDep, list_id: Id,
                     done: Done = "", dry: bool = False) -> Response:
    """The list; with ``dry`` (after "dry run") what carrying it out would do now."""
    data = retention_routes.get_list(list_id, guard)
    report = (retention_routes.execute(list_id, guard, context.blobs, context, dry_run=True)
              if dry and data.listing.status == ListStatus.approved else None)
    return render(request, "archive/list.html", guard=guard, listing=data.listing,
                  reference=data.reference, items=data.items, report=report,
                  done=notice(done) if done else None, label=labeller(request),
                  decisions=[d.value for d in ItemDecision if d != ItemDecision.pending])


@router.get("/archive/lists/{list_id}/execute")
def confirm_execution(request: Request, guard: GuardDep, list_id: Id,
                      wrong: bool = False) -> Response:
    """What will be destroyed, and the field where the list's reference must be typed."""
    data = retention_routes.get_list(list_id, guard)
    doomed = [i for i in data.items if i.decision == ItemDecision.destroy]
    return render(request, "archive/execute.html", guard=guard, listing=data.listing,
                  reference=data.reference, doomed=doomed, wrong=wrong,
                  status=422 if wrong else 200)


@router.post("/archive/lists/{list_id}/items/{item_id}", dependencies=[Depends(check_csrf)])
def decide(guard: GuardDep, list_id: Id, item_id: Id,
           decision: Annotated[ItemDecision, Form()],
           reason: Annotated[str, Form(max_length=500)] = "") -> Response:
    retention_routes.decide(list_id, item_id, retention_routes.ItemDecisionIn(
        decision=decision, reason=reason), guard)
    return _back(f"/archive/lists/{list_id}", "decide")


@router.post("/archive/lists/{list_id}/execute", dependencies=[Depends(check_csrf)])
def execute(guard: GuardDep, context: ContextDep, list_id: Id,
            reference: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Carry the list out, only when its reference was typed (else back to the question)."""
    data = retention_routes.get_list(list_id, guard)
    if reference.strip().upper() != data.reference:
        return RedirectResponse(f"/archive/lists/{list_id}/execute?wrong=1", status_code=303)
    retention_routes.execute(list_id, guard, context.blobs, context, dry_run=False,
                             confirm=reference)
    return _back(f"/archive/lists/{list_id}", "execute")


@router.post("/archive/lists/{list_id}/{action}", dependencies=[Depends(check_csrf)])
def list_action(request: Request, guard: GuardDep, list_id: Id, action: str) -> Response:
    if action == "dry-run":
        return RedirectResponse(f"/archive/lists/{list_id}?done=dry-run&dry=1",
                                status_code=303)
    if action not in ("propose", "approve", "cancel"):
        raise InvalidInput(f"unknown action {action}", key="archive.unknown_action", action=action)
    getattr(retention_routes, action)(list_id, guard)
    return _back(f"/archive/lists/{list_id}", action)


@router.post("/archive/fixity", dependencies=[Depends(check_csrf)])
def fixity(guard: GuardDep, context: ContextDep,
           share: Annotated[float, Form(gt=0, le=1)] = 1.0) -> Response:
    retention_routes.run_fixity(retention_routes.FixityRequest(share=share), guard,
                                context.blobs)
    return _back("/archive", "fixity")


def _t(request: Request) -> Translator:
    return translator(language_of(request))

"""The review station: the document Liasse could not file with confidence, its page large,
what Liasse decided and why, the clerk's one-key decisions (confirm, a suggestion, re-link
through the dossier lookup, re-type, split here, merge with the previous part), and bulk
decisions on several cards, through the review API's own routes. Every form posts, then
comes back to the same queue position and filters; a refused action is shown on the card,
with what the clerk typed kept."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api import ContextDep, GuardDep
from core import InvalidInput, LiasseError, NotFound
from core.catalog.lookup import lookup_dossiers
from viewer._api import review
from viewer._csrf import check_csrf
from viewer._render import render, taxonomy
from viewer._station import (
    REASONS,
    THUMB_WIDTH,
    Position,
    Station,
    build_station,
    image_url,
)

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
LEAVES_QUEUE = {"confirm", "relink"}


def _position(batch: str, reason: str, page: str, at: int | None = None) -> Position:
    return Position(batch=int(batch) if batch.isdigit() else None,
                    reason=reason if reason in REASONS else "",
                    page=int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1, at=at)


@router.get("/review")
def review_station(request: Request, guard: GuardDep,
                   reason: Annotated[str, Query(max_length=20)] = "",
                   batch: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                   at: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                   shown: Annotated[int, Query(ge=1, le=100_000)] = 1,
                   select: Annotated[str, Query(max_length=8)] = "",
                   done: Annotated[str, Query(max_length=40)] = "") -> Response:
    position = Position(batch, reason if reason in REASONS else "", page, at)
    station = build_station(guard, position)
    return show(request, guard, station, shown=shown, done=done, select_all=select == "all")


def show(request: Request, guard: GuardDep, station: Station, *, status: int = 200,
         **extra: Any) -> Response:
    shown = min(max(1, int(extra.pop("shown", 1))), max(1, station.pages))
    return render(request, "review.html", status=status, guard=guard, s=station,
                  reasons=REASONS, types=taxonomy().codes, shown=shown, image_url=image_url,
                  thumb=THUMB_WIDTH, **{"error": None, "kept": {}, "lookup": [],
                                        "outcomes": [], **extra})


@router.post("/review/{document_id}", dependencies=[Depends(check_csrf)])
def review_action(request: Request, guard: GuardDep, context: ContextDep, document_id: Id,
                  action: Annotated[str, Form(max_length=16)],
                  dossier: Annotated[str, Form(max_length=100)] = "",
                  element: Annotated[str, Form(max_length=64)] = "",
                  doc_type: Annotated[str, Form(max_length=40)] = "",
                  other: Annotated[str, Form(max_length=12)] = "",
                  page: Annotated[str, Form(max_length=12)] = "",
                  q_batch: Annotated[str, Form(max_length=12)] = "",
                  q_reason: Annotated[str, Form(max_length=20)] = "",
                  q_page: Annotated[str, Form(max_length=6)] = "") -> Response:
    """One of the review API's actions, then back to the queue: to the next card when the
    document left it, else to the document the action kept (or made, for a merge)."""
    position = _position(q_batch, q_reason, q_page, document_id)
    kept = {"action": action, "dossier": dossier, "element": element, "doc_type": doc_type,
            "page": page}
    after = build_station(guard, position)
    try:
        result = _apply(guard, context, document_id, action, kept | {"other": other})
    except (LiasseError, ValidationError) as problem:
        guard.session.rollback()
        return _refused(request, guard, after, problem, kept)
    if action in LEAVES_QUEUE:
        target = after.after_decision if after.current else None
    elif action == "merge":  # to the document this one joined
        target = result.get("result") or document_id
    else:  # re-typed, or cut: the same document, its rest next in the queue
        target = document_id
    return RedirectResponse(position.query(at=target, done=action), status_code=303)


def _refused(request: Request, guard: GuardDep, station: Station, problem: Exception,
             kept: dict[str, str]) -> Response:
    """The station again, the error on the card and the clerk's input in the fields; a
    dossier typed that is no number becomes a lookup, its matches offered as choices."""
    error = problem if isinstance(problem, LiasseError) else InvalidInput(
        f"{kept['action']}: {problem.errors()[0]['msg']}")  # type: ignore[attr-defined]
    lookup: list[Any] = []
    if isinstance(problem, NotFound) and kept["action"] == "relink" and kept["dossier"]:
        lookup = lookup_dossiers(guard.session, query=kept["dossier"],
                                 visible=guard.dossier_filter())
    shown = int(kept["page"]) if kept["page"].isdigit() else 1
    return show(request, guard, station, status=error.http_status, error=error, kept=kept,
                lookup=lookup, shown=shown)


def _apply(guard: GuardDep, context: ContextDep, document_id: int, action: str,
           fields: dict[str, str]) -> dict[str, Any]:
    def given(name: str) -> str | None:
        return fields[name].strip() or None

    match action:
        case "confirm":
            return review.confirm(document_id, guard, context, review.ConfirmIn())
        case "relink":
            if not given("dossier"):
                raise InvalidInput("choose the dossier to file the document in")
            body = review.RelinkIn(dossier=given("dossier"), element=given("element"))
            return review.relink(document_id, body, guard, context)
        case "retype":
            body_type = review.RetypeIn.model_validate({"doc_type": given("doc_type")})
            return review.retype(document_id, body_type, guard, context)
        case "merge":  # "merge with the previous part": this one joins the one before it
            return review.merge(int(given("other") or 0), review.MergeIn(other=document_id),
                                guard, context)
        case "split":
            return review.split(document_id, review.SplitIn.model_validate({"page": given("page")}),
                                guard, context)
    raise InvalidInput(f"unknown review action {action!r}")


@router.post("/review", dependencies=[Depends(check_csrf)])
def review_bulk(request: Request, guard: GuardDep, context: ContextDep,
                documents: Annotated[list[int], Form(max_length=200)],
                action: Annotated[str, Form(max_length=16)],
                dossier: Annotated[str, Form(max_length=64)] = "",
                doc_type: Annotated[str, Form(max_length=40)] = "",
                q_batch: Annotated[str, Form(max_length=12)] = "",
                q_reason: Annotated[str, Form(max_length=20)] = "",
                q_page: Annotated[str, Form(max_length=6)] = "") -> Response:
    """The selected cards through the API's bulk route, one outcome per document: back to
    the queue when all went through, else the station with each document's outcome."""
    position = _position(q_batch, q_reason, q_page)
    try:
        body = review.BulkIn(actions=[review.ReviewAction.model_validate(
            {"document": d, "action": action, "dossier": dossier.strip() or None,
             "doc_type": doc_type or None}) for d in documents])
    except ValidationError as exc:
        raise InvalidInput(f"bulk {action}: {exc.errors()[0]['msg']}") from exc
    answer = review.bulk(body, guard, context)
    if not answer["failed"]:
        return RedirectResponse(position.query(done=f"bulk-{answer['done']}"),
                                status_code=303)
    return show(request, guard, build_station(guard, position),
                outcomes=answer["outcomes"])

"""The review queue: documents Liasse could not file with confidence, why, its suggestions,
and the clerk's actions on each (file in a suggested dossier, confirm, re-link, re-type,
merge, split), through the review API's own routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api import ContextDep, GuardDep
from core import InvalidInput
from ingest import ReviewReason
from viewer._api import get_suggestions, review
from viewer._csrf import check_csrf
from viewer._render import render, taxonomy

router = APIRouter()
PAGE_SIZE = 50
REASONS = ("no_dossier", "doubtful_link", "low_confidence", "unreadable_page", "doubtful_split")


@router.get("/review")
def review_queue(request: Request, guard: GuardDep,
                 reason: Annotated[str, Query(max_length=20)] = "",
                 batch: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                 page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                 done: Annotated[str, Query(max_length=40)] = "") -> Response:
    chosen = ReviewReason(reason) if reason in REASONS else None
    queue = review.list_review(guard, chosen, batch, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    for entry in queue["documents"]:  # only the dossiers this person may see
        entry["suggestions"] = get_suggestions(entry["document"], guard)["suggestions"]
    return render(request, "review.html", guard=guard, queue=queue, reasons=REASONS,
                  reason=reason if chosen else "", batch=batch, page=page,
                  pages=max(1, -(-queue["total"] // PAGE_SIZE)), types=taxonomy().codes,
                  done=done)


@router.post("/review/{document_id}", dependencies=[Depends(check_csrf)])
def review_action(guard: GuardDep, context: ContextDep,
                  document_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                  action: Annotated[str, Form(max_length=16)],
                  dossier: Annotated[str, Form(max_length=64)] = "",
                  element: Annotated[str, Form(max_length=64)] = "",
                  doc_type: Annotated[str, Form(max_length=40)] = "",
                  other: Annotated[str, Form(max_length=12)] = "",
                  page: Annotated[str, Form(max_length=12)] = "") -> Response:
    """One of the review API's actions, then back to the queue."""
    fields = {"dossier": dossier.strip() or None, "element": element.strip() or None,
              "doc_type": doc_type or None, "other": other.strip() or None,
              "page": page.strip() or None}
    try:
        result = _apply(guard, context, document_id, action, fields)
    except ValidationError as exc:
        raise InvalidInput(f"{action}: {exc.errors()[0]['msg']}") from exc
    back = f"/review?done={action}-{document_id}"
    if action == "split" and result.get("result"):
        back += f"&new={result['result']}"
    return RedirectResponse(back, status_code=303)


def _apply(guard: GuardDep, context: ContextDep, document_id: int, action: str,
           fields: dict[str, Any]) -> dict[str, Any]:
    match action:
        case "confirm":
            return review.confirm(document_id, guard, context, review.ConfirmIn())
        case "relink":
            body = review.RelinkIn(dossier=fields["dossier"], element=fields["element"])
            return review.relink(document_id, body, guard, context)
        case "retype":
            return review.retype(document_id, review.RetypeIn(doc_type=fields["doc_type"]),
                                 guard, context)
        case "merge":
            return review.merge(document_id, review.MergeIn(other=fields["other"]),
                                guard, context)
        case "split":
            return review.split(document_id, review.SplitIn(page=fields["page"]),
                                guard, context)
    raise InvalidInput(f"unknown review action {action!r}")

"""Intake screens: upload files as one batch, then follow its progress (the page polls the
API's batch report and reloads itself when the batch is done)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from api import ContextDep, GuardDep
from core.access import Action
from viewer._api import create_batch, get_batch, list_batch_summaries
from viewer._csrf import check_csrf
from viewer._i18n import language_of
from viewer._render import render, taxonomy

router = APIRouter()


@router.get("/upload")
def upload_form(request: Request, guard: GuardDep, dossier: str = "") -> Response:
    guard.require(Action.batch_create)
    return render(request, "upload.html", guard=guard, dossier=dossier[:64],
                  types=taxonomy().codes)


@router.post("/upload", dependencies=[Depends(check_csrf)])
def upload(context: ContextDep, guard: GuardDep,
           files: Annotated[list[UploadFile], File()],
           dossier: Annotated[str, Form(max_length=64)] = "",
           element: Annotated[str, Form(max_length=64)] = "",
           doc_type: Annotated[str, Form(max_length=40)] = "") -> Response:
    """The API's batch upload; then the batch's progress screen."""
    answer = create_batch(context, guard, files, dossier.strip() or None,
                          element.strip() or None, doc_type or None)
    return RedirectResponse(f"/batches/{answer['batch']}", status_code=303)


@router.get("/batches")
def batch_list(request: Request, guard: GuardDep, everyone: bool = False) -> Response:
    """The clerk's batches (every batch, for those who follow them all, when asked)."""
    listing = list_batch_summaries(guard, everyone, 0, 100)
    return render(request, "batches.html", guard=guard, listing=listing)


@router.get("/batches/{batch_id}")
def batch_screen(request: Request, guard: GuardDep,
                 batch_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    report = get_batch(batch_id, guard, language_of(request))
    progress = report["progress"]
    percent = 100 if report["status"] == "done" else progress["percent"]
    return render(request, "batch.html", guard=guard, report=report, percent=percent,
                  done=report["status"] == "done")

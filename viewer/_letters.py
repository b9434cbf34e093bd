"""Writing a letter from a dossier's page: choose a template (and element), see what each
field would say and fill in the free fields (the preview), then make the PDF; the letter opens
as a document of the dossier."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from api import ContextDep, GuardDep
from core.access import Action
from viewer._api import LetterRequest, create_letter, get_templates, letter_preview, list_elements
from viewer._csrf import check_csrf
from viewer._render import render

router = APIRouter()
FREE_PREFIX = "field."


@router.get("/dossiers/{number}/letter")
def letter_form(request: Request, guard: GuardDep, context: ContextDep, number: str,
                template: str = "", element: str = "") -> Response:
    """Templates to choose from; with one chosen, the preview and the free fields."""
    dossier = guard.dossier(number, Action.dossier_write)
    shown = None
    if template:
        shown = letter_preview(template, LetterRequest(dossier=number, element=element or None),
                               guard, context)
    # Free fields are filled in on the form; any other missing value means no letter.
    blocking = [f for f in shown.missing if not f.startswith("fields.")] if shown else []
    return render(request, "letter.html", guard=guard, dossier=dossier,
                  templates=get_templates(guard), elements=list_elements(number, guard),
                  chosen=template, element=element, preview=shown, blocking=blocking)


@router.post("/dossiers/{number}/letter", dependencies=[Depends(check_csrf)])
async def make_letter(request: Request, guard: GuardDep, context: ContextDep, number: str,
                      template: Annotated[str, Form(max_length=64)],
                      element: Annotated[str, Form(max_length=64)] = "") -> Response:
    """The API's letter route; then the new document."""
    free = _free_fields(await request.form())
    made = create_letter(template, LetterRequest(dossier=number, element=element or None,
                                                 fields=free), guard, context)
    return RedirectResponse(f"/documents/{made.document}", status_code=303)


def _free_fields(form: FormData) -> dict[str, str]:
    return {key.removeprefix(FREE_PREFIX): str(value)[:2000] for key, value in form.items()
            if key.startswith(FREE_PREFIX) and str(value).strip()}

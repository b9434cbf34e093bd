"""Putting the viewer on the API's application: its screens at ``/``, its files at
``/static``, and errors on its pages answered as pages (sign-in first, then 403 or 404)."""

from __future__ import annotations

import inspect
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from core import InvalidInput, LiasseError, Unauthenticated
from viewer import (
    _archive,
    _auth,
    _documents,
    _dossiers,
    _exports,
    _households,
    _intake,
    _letters,
    _lifecycle,
    _reports,
    _review,
    _schedules,
    _search,
)
from viewer._errors import error_page, unknown_address
from viewer._render import here

STATIC = Path(__file__).parent / "static"
SCREENS = (_auth, _exports, _search, _documents, _dossiers, _households, _intake, _review,
           _lifecycle, _schedules, _archive, _reports, _letters)


def install_viewer(app: FastAPI) -> None:
    """Add the viewer to ``app`` (made by ``api.create_api``)."""
    for screen in SCREENS:
        app.include_router(screen.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    api_handler = app.exception_handlers[LiasseError]
    api_invalid = app.exception_handlers[RequestValidationError]

    async def liasse_error(request: Request, exc: Exception) -> Response:
        if is_api(request) or not isinstance(exc, LiasseError):
            answer = api_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        if isinstance(exc, Unauthenticated):
            return RedirectResponse(f"/login?next={quote(here(request), safe='')}",
                                    status_code=303)
        return error_page(request, exc, exc.http_status)

    async def invalid_input(request: Request, exc: Exception) -> Response:
        if is_api(request) or not isinstance(exc, RequestValidationError):
            answer = api_invalid(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        problem = InvalidInput("a value in the address or the form is missing or not valid")
        return error_page(request, problem, 422)

    api_http = app.exception_handlers[HTTPException]

    async def unknown(request: Request, exc: Exception) -> Response:
        """An address no route answers: the viewer's page, except under the API (JSON)."""
        if is_api(request) or not isinstance(exc, HTTPException) or exc.status_code != 404:
            answer = api_http(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        return unknown_address(request)

    app.add_exception_handler(HTTPException, unknown)
    app.add_exception_handler(LiasseError, liasse_error)
    app.add_exception_handler(RequestValidationError, invalid_input)


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/docs", "/openapi.json", "/health")

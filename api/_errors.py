"""Every error the API answers is JSON ``{"code", "detail"}`` (``ErrorBody``), whatever raised
it: our error tree (``core.errors``), request validation (422 ``invalid_input``), a body that
cannot be parsed, such as a broken multipart upload (400 ``bad_request``), an unknown route
(404) or method (405), and a value the database cannot hold (422)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from core import LiasseError, TooManyRequests, Unauthenticated

log = logging.getLogger(__name__)
MAX_PROBLEMS = 5  # validation problems named in ``detail``


class ErrorBody(BaseModel):
    """What every error answers: a stable code to act on and a sentence to read."""

    code: str
    detail: str


_KINDS = {400: "The body could not be read (a broken multipart upload...)",
          401: "Not signed in", 403: "Not allowed (roles, origin, CSRF token)",
          404: "Not found, or not visible to you", 409: "Conflicts with the catalog",
          422: "A value is missing, not valid or out of range",
          429: "Too many attempts: wait Retry-After seconds",
          503: "A backend (database, index, storage) is unavailable: retry later"}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in _KINDS.items()}
"""Declared on every route (``APIRouter(responses=...)``): the statuses any route may answer
besides its own, all in the one shape."""


def error_response(status: int, code: str, detail: str, headers: dict[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> JSONResponse:
    """``extra``: fields some errors add after code and detail (e.g. a template's problems)."""
    content = ErrorBody(code=code, detail=detail).model_dump() | (extra or {})
    return JSONResponse(status_code=status, headers=headers, content=content)


def liasse_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LiasseError)
    if exc.http_status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    headers: dict[str, str] = {}
    if isinstance(exc, TooManyRequests):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(exc.http_status, exc.code, exc.message, headers,
                          getattr(exc, "payload", None))


def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 naming the first few values refused, e.g. ``body.title: Input should be a valid
    string``."""
    assert isinstance(exc, RequestValidationError)
    problems = [f"{'.'.join(str(part) for part in error.get('loc', ()))}: "
                f"{error.get('msg', 'not valid')}" for error in exc.errors()[:MAX_PROBLEMS]]
    return error_response(422, "invalid_input", "; ".join(problems) or "the request is not valid")


def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's and FastAPI's own errors (unparsable body, unknown route or method)."""
    assert isinstance(exc, HTTPException)
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "error"
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    return error_response(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))


def out_of_range(request: Request, exc: Exception) -> JSONResponse:
    """The database refused a value the schema allowed (an id beyond its integer range)."""
    return error_response(422, "invalid_input", "a number or date in the request is out of range")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LiasseError, liasse_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(OverflowError, out_of_range)
    app.add_exception_handler(DataError, out_of_range)

"""Sign-in, sign-out and the language switcher."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api import SESSION_COOKIE, ContextDep, GuardDep, SessionDep
from core import TooManyRequests, Unauthenticated
from core.access import Action
from core.catalog import Role, account_queries
from viewer._api import Credentials, login
from viewer._csrf import check_csrf
from viewer._i18n import LANGUAGE_COOKIE, LANGUAGES
from viewer._render import render

router = APIRouter()
Checked = Depends(check_csrf)


def local_path(target: str | None, default: str = "/search") -> str:
    """Only a path on this site: ``//evil.example`` or ``https://…`` become ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


@router.get("/")
def home(guard: GuardDep) -> RedirectResponse:
    """A clerk's home is her review queue (her batches beside it); anyone else's, search."""
    clerk = Role.clerk in guard.principal.roles and guard.allows(Action.review)
    return RedirectResponse("/review" if clerk else "/search", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=local_path(next))


@router.post("/login", dependencies=[Checked])
def sign_in(request: Request, session: SessionDep, context: ContextDep,
            username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
            next: Annotated[str, Form()] = "/") -> Response:
    """The API's own sign-in (limits, journal, session cookie), answered with a redirect."""
    target = local_path(next)
    response = RedirectResponse(target, status_code=303)
    try:
        credentials = Credentials(username=username, password=password)
        login(credentials, request, response, session, context)
    except (ValidationError, Unauthenticated):
        return render(request, "login.html", status=401, next=target, username=username,
                      failed="login.failed")
    except TooManyRequests:
        return render(request, "login.html", status=429, next=target, username=username,
                      failed="login.too_many")
    session.commit()  # the session exists before the browser follows the redirect
    return response


@router.post("/logout", dependencies=[Checked])
def sign_out(request: Request, session: SessionDep) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        account_queries.close_web_session(session, secret=secret)
        session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/language/{code}")
def switch_language(code: str, next: str = "/search") -> Response:
    """Remember the chosen interface language for a year."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax",
                            path="/")
    return response

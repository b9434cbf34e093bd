"""Protection of the viewer's form posts against cross-site request forgery: the checks of
``api._csrf`` (the same for cookie-authenticated API calls), with the token in the form.

Two independent checks, both required on every POST:

1. **A token in the form.** Signed in, the token is an HMAC (server secret) of the session
   cookie. Before sign-in (the sign-in form itself), it is an HMAC of a random value in the
   ``liasse_csrf`` cookie (SameSite=Strict, HttpOnly): a signed double-submit cookie.
2. **The origin.** When the browser sends ``Origin``, its host must be the request's host.

The session cookie is also SameSite=Lax, so a cross-site POST does not carry it at all.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import Response

from api import SESSION_COOKIE, ApiContext, csrf_matches, csrf_sign, same_origin, session_token
from core import Forbidden

CSRF_COOKIE = "liasse_csrf"
CSRF_FIELD = "csrf"


def csrf_token(request: Request) -> tuple[str, str | None]:
    """The token to put in this page's forms, and a new ``liasse_csrf`` cookie value if the
    browser has none yet (to be set on the response)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return session_token(request, session), None
    existing = request.cookies.get(CSRF_COOKIE)
    value = existing or secrets.token_urlsafe(32)
    return csrf_sign(request, "pre-session", value), None if existing else value


def set_csrf_cookie(request: Request, response: Response, value: str) -> None:
    context: ApiContext = request.app.state.context
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/",
                        secure=context.auth.secure_cookies)


async def check_csrf(request: Request) -> None:
    """A dependency of every viewer POST route: 403 unless both checks pass."""
    if not same_origin(request):
        raise Forbidden("this form was sent from another site")
    form = await request.form()
    sent = str(form.get(CSRF_FIELD, ""))
    expected, _ = csrf_token(request)
    if not csrf_matches(sent, expected):
        raise Forbidden("the form has expired or was not sent from Liasse: reload the page")

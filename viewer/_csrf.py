"""Protection of the viewer's form posts against cross-site request forgery.

Two independent checks, both required on every POST:

1. **A token in the form.** Signed in, the token is an HMAC (server secret) of the session
   cookie: a synchronizer token bound to the session, so a cookie planted by a sibling site is
   useless. Before sign-in (the sign-in form itself), it is an HMAC of a random value in the
   ``liasse_csrf`` cookie (SameSite=Strict, HttpOnly): a signed double-submit cookie.
2. **The origin.** When the browser sends ``Origin`` (every current browser does on POST), its
   host must be the host the request was sent to.

The session cookie is also SameSite=Lax, so a cross-site POST does not carry it at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

from api import SESSION_COOKIE, ApiContext
from core import Forbidden

CSRF_COOKIE = "liasse_csrf"
CSRF_FIELD = "csrf"


def _secret(request: Request) -> bytes:
    context: ApiContext = request.app.state.context
    return context.auth.secret_key.encode()


def _sign(request: Request, purpose: str, value: str) -> str:
    return hmac.new(_secret(request), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> tuple[str, str | None]:
    """The token to put in this page's forms, and a new ``liasse_csrf`` cookie value if the
    browser has none yet (to be set on the response)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return _sign(request, "session", session), None
    existing = request.cookies.get(CSRF_COOKIE)
    value = existing or secrets.token_urlsafe(32)
    return _sign(request, "pre-session", value), None if existing else value


def set_csrf_cookie(request: Request, response: Response, value: str) -> None:
    context: ApiContext = request.app.state.context
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", path="/",
                        secure=context.auth.secure_cookies)


def same_origin(request: Request) -> bool:
    """No ``Origin`` (an older browser): the token alone decides. ``null`` is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


async def check_csrf(request: Request) -> None:
    """A dependency of every viewer POST route: 403 unless both checks pass."""
    if not same_origin(request):
        raise Forbidden("this form was sent from another site")
    form = await request.form()
    sent = str(form.get(CSRF_FIELD, ""))
    expected, _ = csrf_token(request)
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("the form has expired or was not sent from Liasse: reload the page")

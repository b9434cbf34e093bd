"""Cross-site request forgery: the one check for the viewer's forms and for /api/v1 calls
authenticated by the session cookie (an API token cannot be sent by a foreign page, so
bearer calls need none).

Two independent checks, both required on every unsafe request (POST, PUT, PATCH, DELETE):

1. **A token.** Signed in, the token is an HMAC (server secret) of the session cookie: a
   synchronizer token bound to the session, so a cookie planted by a sibling site is useless.
   The viewer puts it in its forms; an API client sends it as the ``X-CSRF-Token`` header
   (``csrf_token`` in the answers of ``POST /auth/login`` and ``GET /auth/me``).
2. **The origin.** When the browser sends ``Origin`` (every current browser does on POST), its
   host must be the host the request was sent to.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from fastapi import Request

from api._auth import SESSION_COOKIE
from api.deps import ApiContext
from core import Forbidden

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def sign(request: Request, purpose: str, value: str) -> str:
    context: ApiContext = request.app.state.context
    return _hmac(context, purpose, value)


def _hmac(context: ApiContext, purpose: str, value: str) -> str:
    key = context.auth.secret_key.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def session_token(request: Request, session_secret: str) -> str:
    """The token bound to the web session whose cookie is ``session_secret``."""
    return token_for(request.app.state.context, session_secret)


def token_for(context: ApiContext, session_secret: str) -> str:
    return _hmac(context, "session", session_secret)


def same_origin(request: Request) -> bool:
    """No ``Origin`` (an older browser): the token alone decides. ``null`` is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


def matches(sent: str, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent, expected)


def check_api_csrf(request: Request) -> None:
    """A dependency of every signed-in /api/v1 route: an unsafe call authenticated by the
    session cookie (no ``Authorization`` header) must pass both checks, else 403."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if request.method in SAFE_METHODS or not cookie or "authorization" in request.headers:
        return
    if not same_origin(request):
        raise Forbidden("this request was sent from another site")
    if not matches(request.headers.get(CSRF_HEADER, ""), session_token(request, cookie)):
        raise Forbidden(f"a call signed in by the session cookie must send the {CSRF_HEADER} "
                        "header (csrf_token from POST /api/v1/auth/login or GET "
                        "/api/v1/auth/me)")

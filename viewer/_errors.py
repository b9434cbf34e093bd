"""Error pages that keep the viewer around the person: the navigation of whoever is signed in
(read again from the session cookie, since the failed route's own guard is gone) and a way
back. Unknown addresses outside the API get the viewer's not-found page."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api import SESSION_COOKIE, Guard
from api.deps import ApiContext
from core import LiasseError, NotFound
from core.access import principal_for
from core.catalog import account_queries
from viewer._render import render


def error_page(
    request: Request, error: LiasseError | None, status: int, **context: Any
) -> Response:
    """``error.html`` with the signed-in person's navigation when there is one."""
    api: ApiContext = request.app.state.context
    cookie = request.cookies.get(SESSION_COOKIE)
    with api.sessions() as session:
        user = account_queries.user_for_web_session(session, secret=cookie) if cookie else None
        guard = (
            Guard(principal=principal_for(session, user=user), session=session)
            if user is not None and user.active
            else None
        )
        return render(
            request,
            "error.html",
            guard=guard,
            status=status,
            error=error,
            back=_back(request),
            **context,
        )


def unknown_address(request: Request) -> Response:
    return error_page(request, NotFound("no such page"), 404, unknown=True)


def _back(request: Request) -> str:
    """The page the person came from, when it is on this site (else none: search)."""
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    if referer.startswith(origin + "/") and referer != str(request.url):
        return referer[len(origin) :]
    return ""

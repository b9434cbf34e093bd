"""Who is asking: an API token (``Authorization: Bearer lia_…``) or a web session cookie.

Every route under /api/v1 except sign-in depends on ``get_principal`` (see ``api.app``), so no
endpoint answers an anonymous request by accident.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SessionDep
from core import Unauthenticated
from core.access import Principal, principal_for
from core.catalog import User, account_queries

SESSION_COOKIE = "liasse_session"

bearer_scheme = HTTPBearer(auto_error=False, description="An API token: lia_…")
cookie_scheme = APIKeyCookie(name=SESSION_COOKIE, auto_error=False,
                             description="The web session set by POST /api/v1/auth/login")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def get_principal(session: SessionDep,
                  bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
                  cookie: Annotated[str | None, Depends(cookie_scheme)]) -> Principal:
    user = authenticated_user(session, bearer=bearer.credentials if bearer else None,
                              cookie=cookie)
    return principal_for(session, user=user)


def authenticated_user(session: SessionDep, *, bearer: str | None, cookie: str | None) -> User:
    user: User | None = None
    if bearer:
        user = account_queries.user_for_token(session, secret=bearer)
    elif cookie:
        user = account_queries.user_for_web_session(session, secret=cookie)
    if user is None or not user.active:
        raise Unauthenticated("sign in first: send an API token (Authorization: Bearer) or "
                              "the session cookie from POST /api/v1/auth/login")
    return user


CurrentUser = Annotated[Principal, Depends(get_principal)]

"""Sign-in (password or OpenID Connect), sign-out, and the person's own API tokens."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel, Field
from sqlmodel import SQLModel

from api._auth import SESSION_COOKIE, CurrentUser, client_address
from api._csrf import session_token, token_for
from api._guard import GuardDep
from api.deps import ContextDep, SessionDep
from core import Unauthenticated
from core.catalog import Actor, ApiTokenPublic, User, UserUpdate, account_queries, append_event
from core.credentials import needs_rehash, verify_password

log = logging.getLogger(__name__)

signin = APIRouter(prefix="/auth", tags=["auth"])   # answers without authentication
account = APIRouter(prefix="/auth", tags=["auth"])  # the signed-in person's own


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class SignedIn(SQLModel):
    username: str
    display_name: str
    roles: list[str]
    departments: list[str]
    expires_at: datetime | None = None
    csrf_token: str | None = Field(default=None, description=(
        "Signed in by the session cookie: send it as the X-CSRF-Token header on every "
        "POST, PUT, PATCH and DELETE"))


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(default=None, ge=1, le=3650,
                             description="Lifetime; default from LIASSE_TOKEN_DAYS")


class NewToken(ApiTokenPublic):
    token: str = Field(description="Shown once: only its SHA-256 is kept")


@signin.post("/login", response_model=SignedIn)
def login(credentials: Credentials, request: Request, response: Response,
          session: SessionDep, context: ContextDep) -> SignedIn:
    """Username and password in, an HttpOnly session cookie out. Failed attempts are limited
    per user name and per client address (429 with Retry-After past the limit)."""
    limiter, address = context.auth.limiter, client_address(request)
    limiter.check(username=credentials.username, address=address)
    user = account_queries.find_user(session, username=credentials.username)
    if user is None or not user.active or not verify_password(user.password_hash,
                                                              credentials.password):
        limiter.failed(username=credentials.username, address=address)
        log.warning("failed sign-in for %r from %s", credentials.username, address)
        raise Unauthenticated("wrong user name or password")
    limiter.succeeded(username=credentials.username)
    if user.password_hash and needs_rehash(user.password_hash):
        account_queries.update_user(session, user=user,
                                    data=UserUpdate(password=credentials.password))
    return start_session(session, context, response, user, via="password")


def start_session(session: SessionDep, context: ContextDep, response: Response, user: User,
                  *, via: str) -> SignedIn:
    assert user.id is not None
    row, secret = account_queries.open_web_session(
        session, user_id=user.id, lifetime=context.auth.session_lifetime, via=via)
    append_event(session, actor=Actor(user.username, user.id), action="auth.login",
                 entity_type="user", entity_id=user.username, after={"via": via})
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="lax",
                        secure=context.auth.secure_cookies, path="/",
                        max_age=int(context.auth.session_lifetime.total_seconds()))
    return SignedIn(username=user.username, display_name=user.display_name,
                    roles=[str(r) for r in user.roles], departments=list(user.departments),
                    expires_at=row.expires_at, csrf_token=token_for(context, secret))


@account.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, session: SessionDep, _user: CurrentUser) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        account_queries.close_web_session(session, secret=secret)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@account.get("/me", response_model=SignedIn)
def me(guard: GuardDep, request: Request) -> SignedIn:
    """Who is signed in (with the CSRF token of the session cookie, if signed in by it)."""
    user = account_queries.user_by_username(guard.session, username=guard.principal.username)
    cookie = request.cookies.get(SESSION_COOKIE)
    return SignedIn(username=user.username, display_name=user.display_name,
                    roles=[str(r) for r in user.roles], departments=list(user.departments),
                    csrf_token=session_token(request, cookie) if cookie else None)


@account.post("/tokens", response_model=NewToken, status_code=status.HTTP_201_CREATED)
def create_token(data: TokenRequest, guard: GuardDep, context: ContextDep) -> NewToken:
    """A new API token for the signed-in person. The token is in this answer only."""
    assert guard.principal.user_id is not None
    lifetime = timedelta(days=data.days) if data.days else context.auth.token_lifetime
    token, secret = account_queries.issue_token(guard.session, user_id=guard.principal.user_id,
                                                name=data.name, lifetime=lifetime)
    guard.record(action="token.create", entity_type="api_token", entity_id=token.id,
                 after={"name": token.name, "expires_at": token.expires_at})
    return NewToken.model_validate(token.model_dump() | {"token": secret})


@account.get("/tokens", response_model=list[ApiTokenPublic])
def list_tokens(guard: GuardDep) -> Sequence[Any]:
    assert guard.principal.user_id is not None
    return account_queries.user_tokens(guard.session, user_id=guard.principal.user_id)


@account.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], guard: GuardDep) -> None:
    assert guard.principal.user_id is not None
    account_queries.revoke_token(guard.session, user_id=guard.principal.user_id,
                                 token_id=token_id)
    guard.record(action="token.revoke", entity_type="api_token", entity_id=token_id)

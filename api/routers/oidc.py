"""Sign-in through the municipality's OpenID Connect provider (authorization code + PKCE).

Accounts are not created on the fly: an administrator creates the account with its roles
(``liasse user add NAME --role …`` without a password); the first OpenID sign-in whose
``LIASSE_OIDC_USERNAME_CLAIM`` equals that name binds the provider's subject to it, and later
sign-ins are matched on that subject only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session, select

from api._oidc import LoginRequest, OidcClient
from api.deps import ContextDep, SessionDep
from api.routers.auth import start_session
from core import NotFound, Unauthenticated
from core.catalog import User, account_queries

router = APIRouter(prefix="/auth/oidc", tags=["auth"])
STATE_COOKIE = "liasse_oidc"
STATE_SECONDS = 600


def _client(context: ContextDep) -> OidcClient:
    if context.auth.oidc is None:
        raise NotFound("OpenID Connect sign-in is not configured (LIASSE_OIDC_ISSUER)")
    return context.auth.oidc


def _redirect_uri(request: Request, client: OidcClient) -> str:
    return client.settings.redirect_url or str(request.url_for("oidc_callback"))


@router.get("/login", response_class=RedirectResponse, status_code=302)
def oidc_login(request: Request, context: ContextDep) -> RedirectResponse:
    """Send the browser to the provider; what must come back is kept in a signed cookie."""
    client = _client(context)
    login = client.login_request(redirect_uri=_redirect_uri(request, client))
    response = RedirectResponse(login.url, status_code=302)
    response.set_cookie(STATE_COOKIE, _sign(context.auth.secret_key, login), httponly=True,
                        samesite="lax", secure=context.auth.secure_cookies,
                        max_age=STATE_SECONDS, path="/api/v1/auth/oidc")
    return response


@router.get("/callback", name="oidc_callback")
def oidc_callback(request: Request, session: SessionDep, context: ContextDep,
                  code: Annotated[str, Query(max_length=2000)],
                  state: Annotated[str, Query(max_length=200)]) -> RedirectResponse:
    client = _client(context)
    expected = _unsign(context.auth.secret_key, request.cookies.get(STATE_COOKIE, ""))
    if not hmac.compare_digest(expected.get("state", ""), state):
        raise Unauthenticated("the sign-in did not start here (state mismatch); try again")
    claims = client.signed_in_claims(code=code, code_verifier=expected["verifier"],
                                     redirect_uri=_redirect_uri(request, client),
                                     nonce=expected["nonce"])
    user = bind_account(session, claims, username_claim=client.settings.username_claim)
    response = RedirectResponse("/", status_code=303)
    start_session(session, context, response, user, via="oidc")
    response.delete_cookie(STATE_COOKIE, path="/api/v1/auth/oidc")
    return response


def bind_account(session: Session, claims: dict[str, Any], *, username_claim: str) -> User:
    """The account for these verified claims: by the bound subject, else (first sign-in) by
    user name, which then binds the subject."""
    subject = str(claims["sub"])
    user = session.exec(select(User).where(User.oidc_subject == subject)).first()
    if user is None:
        name = claims.get(username_claim)
        user = account_queries.find_user(session, username=str(name)) if name else None
        if user is None or user.oidc_subject not in (None, subject):
            raise Unauthenticated(f"no Liasse account for {name or subject}; ask an "
                                  "administrator to create it")
        user.oidc_subject = subject
        session.add(user)
    if not user.active:
        raise Unauthenticated("this account is disabled")
    return user


def _sign(key: str, login: LoginRequest) -> str:
    payload = json.dumps({"state": login.state, "nonce": login.nonce,
                          "verifier": login.code_verifier, "until": time.time() + STATE_SECONDS})
    body = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii")
    return f"{body}.{_mac(key, body)}"


def _unsign(key: str, cookie: str) -> dict[str, str]:
    body, _, mac = cookie.partition(".")
    if not body or not hmac.compare_digest(mac, _mac(key, body)):
        raise Unauthenticated("the sign-in did not start here (no or bad state cookie)")
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
    if data.get("until", 0) < time.time():
        raise Unauthenticated("the sign-in took too long; try again")
    return {k: str(v) for k, v in data.items()}


def _mac(key: str, body: str) -> str:
    return hmac.new(key.encode("utf-8"), body.encode("ascii"), hashlib.sha256).hexdigest()

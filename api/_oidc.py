"""A small OpenID Connect client for the authorization-code flow (with PKCE), over httpx.

Discovery (``/.well-known/openid-configuration``) and the provider's keys (JWKS) are fetched
once and kept; the ID token is checked with joserfc: signature, issuer, audience, expiry and
the nonce sent with the request. Failures become ``core.Unauthenticated`` (the person cannot
be signed in) or ``core.BackendUnavailable`` (the provider cannot be reached).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core import BackendRefused, BackendUnavailable, Unauthenticated

_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    redirect_url: str | None = None  # None: this API's /api/v1/auth/oidc/callback
    scopes: str = "openid profile email"
    username_claim: str = "preferred_username"
    timeout: float = 10.0
    leeway: int = 60  # seconds of clock difference accepted on exp/iat


@dataclass(frozen=True)
class LoginRequest:
    """What the browser is sent to the provider with, and what must come back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


class OidcClient:
    def __init__(self, settings: OidcSettings, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self._http = http or httpx.Client(timeout=settings.timeout)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            if self._metadata is None:
                url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
                found = self._get_json(url)
                if found.get("issuer") != self.settings.issuer:
                    raise BackendRefused(f"OpenID provider at {url} names another issuer "
                                         f"({found.get('issuer')!r})",
                                         fix="set LIASSE_OIDC_ISSUER to the issuer it names")
                self._metadata = found
            return self._metadata

    def login_request(self, *, redirect_uri: str) -> LoginRequest:
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode("ascii")
        query = urlencode({"response_type": "code", "client_id": self.settings.client_id,
                           "redirect_uri": redirect_uri, "scope": self.settings.scopes,
                           "state": state, "nonce": nonce, "code_challenge": challenge,
                           "code_challenge_method": "S256"})
        endpoint = self.metadata()["authorization_endpoint"]
        return LoginRequest(url=f"{endpoint}?{query}", state=state, nonce=nonce,
                            code_verifier=verifier)

    def signed_in_claims(self, *, code: str, code_verifier: str, redirect_uri: str,
                         nonce: str) -> dict[str, Any]:
        """Exchange the code for tokens and return the verified ID token's claims."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": code_verifier}
        try:
            answer = self._http.post(self.metadata()["token_endpoint"], data=form,
                                     auth=(self.settings.client_id, self.settings.client_secret))
        except httpx.HTTPError as exc:
            raise BackendUnavailable(f"OpenID provider unreachable: {exc}") from exc
        if answer.status_code != 200:
            raise Unauthenticated(f"the OpenID provider refused the sign-in "
                                  f"({answer.status_code})")
        id_token = answer.json().get("id_token")
        if not isinstance(id_token, str):
            raise Unauthenticated("the OpenID provider sent no ID token")
        return self.verify_id_token(id_token, nonce=nonce)

    def verify_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        try:
            token = jwt.decode(id_token, self._key_set(), algorithms=_ALGORITHMS)
            jwt.JWTClaimsRegistry(
                leeway=self.settings.leeway, iss={"essential": True, "value": self.settings.issuer},
                aud={"essential": True, "value": self.settings.client_id},
                exp={"essential": True}, sub={"essential": True},
                nonce={"essential": True, "value": nonce}).validate(token.claims)
        except (JoseError, ValueError) as exc:
            raise Unauthenticated(f"the ID token is not valid: {exc}") from exc
        claims: dict[str, Any] = dict(token.claims)
        if "iat" in claims and claims["iat"] > time.time() + self.settings.leeway:
            raise Unauthenticated("the ID token was issued in the future")
        return claims

    def _key_set(self) -> KeySet:
        if self._keys is None:
            found = self._get_json(self.metadata()["jwks_uri"])
            keys = KeySet.import_key_set(found)  # type: ignore[arg-type]
            with self._lock:
                self._keys = self._keys or keys
        return self._keys

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = self._http.get(url)
            answer.raise_for_status()
            data: dict[str, Any] = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise BackendUnavailable(f"OpenID provider: cannot read {url}: {exc}") from exc
        return data

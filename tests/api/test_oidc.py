"""OpenID Connect sign-in against a small provider served on 127.0.0.1 by the test itself:
discovery, JWKS and token endpoints, with a real RSA key and signed ID tokens."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey

from api import OidcClient, OidcSettings
from core import Unauthenticated
from core.catalog import Role
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services
from tests.api.conftest import add_account

CLIENT_ID, CLIENT_SECRET = "liasse", "s3cret"


@dataclass
class Provider:
    """What the provider will put in the next ID token, and what it was asked."""

    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048,
                                                                     parameters={"kid": "k1"}))
    claims: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def id_token(self, expected_nonce: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": expected_nonce, **self.claims, **overrides}
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                self._json(200, {"issuer": provider.issuer,
                                 "authorization_endpoint": f"{provider.issuer}/authorize",
                                 "token_endpoint": f"{provider.issuer}/token",
                                 "jwks_uri": f"{provider.issuer}/jwks"})
            elif self.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            else:
                self._json(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            issued = provider.codes.pop(form.get("code", ""), None)
            if issued is None or self.headers.get("Authorization", "")[:6] != "Basic ":
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(200, {"access_token": "at", "token_type": "Bearer",
                             "id_token": provider.id_token(issued["nonce"])})
    return Handler


@pytest.fixture
def provider() -> Iterator[Provider]:
    state = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser(provider: Provider, services: Services) -> Iterator[TestClient]:
    config = Settings(oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
                      oidc_client_secret=CLIENT_SECRET)
    app = create_app(config, eager_tasks=True, services=services)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _authorize(provider: Provider, browser: TestClient, code: str = "c0de") -> dict[str, str]:
    """Start the sign-in; the 'provider' approves it and hands out ``code``."""
    started = browser.get("/api/v1/auth/oidc/login")
    assert started.status_code == 302
    query = {k: v[0] for k, v in parse_qs(urlparse(started.headers["location"]).query).items()}
    assert query["code_challenge_method"] == "S256" and query["client_id"] == CLIENT_ID
    provider.codes[code] = {"nonce": query["nonce"]}
    return query


def test_sign_in_with_the_provider_binds_the_account(provider: Provider, browser: TestClient,
                                                     services: Services) -> None:
    """GIVEN an account 'ana' created without a password WHEN she signs in at the provider
    THEN she gets a session cookie, and the provider's subject is bound to her account: a later
    sign-in under another name but the same subject is still ana."""
    add_account(services, "ana", Role.caseworker, departments=("DEM",))
    provider.claims = {"sub": "subject-1", "preferred_username": "ana"}
    query = _authorize(provider, browser)
    done = browser.get("/api/v1/auth/oidc/callback", params={"code": "c0de",
                                                             "state": query["state"]})
    assert done.status_code == 303 and "liasse_session" in done.cookies
    assert browser.get("/api/v1/auth/me").json()["username"] == "ana"
    provider.claims = {"sub": "subject-1", "preferred_username": "renamed"}
    query = _authorize(provider, browser, "c0de2")
    again = browser.get("/api/v1/auth/oidc/callback", params={"code": "c0de2",
                                                              "state": query["state"]})
    assert again.status_code == 303


def test_sign_in_is_refused_for_unknown_people_and_forged_state(provider: Provider,
                                                                browser: TestClient) -> None:
    """GIVEN no account for the provider's user WHEN the callback arrives THEN 401; a callback
    whose state differs from the one this browser started is 401 too."""
    provider.claims = {"sub": "subject-9", "preferred_username": "nobody"}
    query = _authorize(provider, browser)
    wrong = browser.get("/api/v1/auth/oidc/callback", params={"code": "c0de", "state": "x"})
    assert wrong.status_code == 401 and "state" in wrong.json()["detail"]
    unknown = browser.get("/api/v1/auth/oidc/callback", params={"code": "c0de",
                                                                "state": query["state"]})
    assert unknown.status_code == 401 and "no Liasse account" in unknown.json()["detail"]


@pytest.mark.parametrize(("overrides", "words"), [
    ({"aud": "someone-else"}, "aud"), ({"iss": "http://evil.example"}, "iss"),
    ({"exp": int(time.time()) - 3600}, "exp"), ({"nonce": "replayed"}, "nonce")])
def test_id_tokens_are_checked(provider: Provider, overrides: dict[str, Any],
                               words: str) -> None:
    """GIVEN ID tokens with the wrong audience, issuer, expiry or nonce WHEN verified THEN each
    is refused, naming the claim; the right one passes; one signed by another key fails."""
    client = OidcClient(OidcSettings(issuer=provider.issuer, client_id=CLIENT_ID,
                                     client_secret=CLIENT_SECRET))
    provider.claims = {"sub": "s"}
    assert client.verify_id_token(provider.id_token("n"), nonce="n")["sub"] == "s"
    with pytest.raises(Unauthenticated, match=words):
        client.verify_id_token(provider.id_token("n", **overrides), nonce="n")
    forged = jwt.encode({"alg": "RS256", "kid": "k1"}, {"iss": provider.issuer, "sub": "s"},
                        RSAKey.generate_key(2048))
    with pytest.raises(Unauthenticated):
        client.verify_id_token(forged, nonce="n")

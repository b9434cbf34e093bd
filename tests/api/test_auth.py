"""Sign-in, sessions, API tokens and the limits around them."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import SignInLimiter
from api.routers.documents import content_disposition
from core import TooManyRequests
from core.catalog import Role
from liasse.wiring import Services
from tests.api.conftest import ClientFactory, add_account

PUBLIC = {"/health", "/api/v1/auth/login", "/api/v1/auth/oidc/login",
          "/api/v1/auth/oidc/callback"}
PASSWORD = "correct horse battery"


def test_no_endpoint_but_health_and_sign_in_answers_anonymously(app: FastAPI,
                                                                anonymous: TestClient) -> None:
    """GIVEN no credentials WHEN every API route is called THEN each answers 401 (with
    WWW-Authenticate), except health and sign-in."""
    paths = app.openapi()["paths"]
    assert len(paths) > 25
    for template, operations in paths.items():
        if template in PUBLIC:
            continue
        path = re.sub(r"\{[^}]+\}", "1", template)
        for method in operations:
            answer = anonymous.request(method.upper(), path)
            assert answer.status_code == 401, f"{method} {template}: {answer.status_code}"
            assert answer.headers["www-authenticate"] == "Bearer"
    bad = anonymous.get("/api/v1/dossiers", headers={"Authorization": "Bearer lia_nope"})
    assert bad.status_code == 401


def test_password_sign_in_sets_a_safe_session_cookie(services: Services,
                                                     anonymous: TestClient) -> None:
    """GIVEN an account with a password WHEN it signs in THEN an HttpOnly, SameSite=Lax session
    cookie is set that opens the API, until sign-out."""
    add_account(services, "ana", Role.caseworker, departments=("DEM",), password=PASSWORD)
    wrong = anonymous.post("/api/v1/auth/login", json={"username": "ana", "password": "nope"})
    assert wrong.status_code == 401 and "liasse_session" not in wrong.cookies
    answer = anonymous.post("/api/v1/auth/login", json={"username": "ana", "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["roles"] == ["caseworker"]
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    me = anonymous.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["departments"] == ["DEM"]
    token = {"X-CSRF-Token": answer.json()["csrf_token"]}
    assert anonymous.post("/api/v1/auth/logout", headers=token).status_code == 204
    anonymous.cookies.clear()
    assert anonymous.get("/api/v1/auth/me").status_code == 401


def test_failed_sign_ins_are_limited_per_user_and_per_address(services: Services,
                                                              anonymous: TestClient) -> None:
    """GIVEN five wrong passwords for one name WHEN the right one follows THEN 429 with
    Retry-After: guessing cannot go on. Another name from the same address is still heard."""
    add_account(services, "ana", Role.caseworker, password=PASSWORD)
    add_account(services, "bob", Role.clerk, password=PASSWORD)
    for _ in range(5):
        assert anonymous.post("/api/v1/auth/login", json={
            "username": "ana", "password": "wrong password"}).status_code == 401
    blocked = anonymous.post("/api/v1/auth/login", json={"username": "ana",
                                                         "password": PASSWORD})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert anonymous.post("/api/v1/auth/login", json={"username": "bob",
                                                      "password": PASSWORD}).status_code == 200


def test_the_limiter_forgets_failures_after_its_window() -> None:
    """GIVEN a limiter of 2 failures per name and 3 per address in 60 s WHEN failures
    accumulate and the clock moves on THEN it refuses, then hears again."""
    now = [0.0]
    limiter = SignInLimiter(per_user=2, per_address=3, window_seconds=60, clock=lambda: now[0])
    for _ in range(2):
        limiter.failed(username="ana", address="10.0.0.1")
    with pytest.raises(TooManyRequests) as refused:
        limiter.check(username="ANA", address="10.0.0.9")
    assert refused.value.retry_after == 60
    limiter.failed(username="bob", address="10.0.0.1")
    with pytest.raises(TooManyRequests):
        limiter.check(username="carl", address="10.0.0.1")
    now[0] = 61.0
    limiter.check(username="ana", address="10.0.0.1")


def test_api_tokens_are_shown_once_and_can_be_revoked(services: Services, app: FastAPI,
                                                      client_as: ClientFactory) -> None:
    """GIVEN a signed-in caseworker WHEN she creates a token THEN it is in that answer only,
    opens the API, and stops working once revoked or once her account is disabled."""
    ana = client_as("ana", Role.caseworker)
    created = ana.post("/api/v1/auth/tokens", json={"name": "scanner script", "days": 30})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("lia_")
    listed = ana.get("/api/v1/auth/tokens").json()
    assert "scanner script" in [t["name"] for t in listed]
    assert all("token" not in t for t in listed)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as script:
        assert script.get("/api/v1/auth/me").json()["username"] == "ana"
        assert ana.delete(f"/api/v1/auth/tokens/{created.json()['id']}").status_code == 204
        assert script.get("/api/v1/auth/me").status_code == 401
    admin = client_as("root", Role.administrator)
    assert admin.patch("/api/v1/users/ana", json={"active": False}).status_code == 200
    assert ana.get("/api/v1/auth/me").status_code == 401


def test_administrators_manage_accounts(client: TestClient) -> None:
    """WHEN an administrator creates an account THEN it is listed without any secret; a weak
    password and an unknown role are 422, a taken name 409."""
    new = {"username": "ana", "roles": ["caseworker"], "departments": ["DEM"],
           "password": PASSWORD}
    created = client.post("/api/v1/users", json=new)
    assert created.status_code == 201 and "password_hash" not in created.json()
    assert client.post("/api/v1/users", json=new).status_code == 409
    assert client.post("/api/v1/users", json=new | {"username": "b",
                                                    "password": "short"}).status_code == 422
    assert client.post("/api/v1/users", json=new | {"username": "c",
                                                    "roles": ["king"]}).status_code == 422
    assert {u["username"] for u in client.get("/api/v1/users").json()} == {"admin", "ana"}


@pytest.mark.parametrize("name", ['eurotext"\r\nX-Evil: 1.tif', "../../etc/passwd",
                                  "décision été.pdf", "\x00\n;filename=evil.exe", ""])
def test_download_file_names_cannot_break_the_header(name: str) -> None:
    """GIVEN a hostile or foreign original file name WHEN the download header is made THEN it
    has no quote, CR, LF or path inside its values."""
    header = content_disposition(name or "document-1")
    assert "\r" not in header and "\n" not in header and "\x00" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert "/" not in fallback and '"' not in fallback and fallback
    assert header.count('"') == 2


def test_uploads_over_the_limit_are_refused(services: Services) -> None:
    """GIVEN an upload limit of 1 MB WHEN a 2 MB file is posted THEN 422 naming the limit."""
    from liasse.app import create_app
    from liasse.settings import Settings

    token = add_account(services, "clara", Role.clerk)
    app = create_app(Settings(max_upload_mb=1), eager_tasks=True, services=services)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as clerk:
        answer = clerk.post("/api/v1/batches", files=[("files", ("big.pdf", b"%PDF" * 2**19,
                                                                 "application/pdf"))])
    assert answer.status_code == 422 and "1 MB" in answer.json()["detail"]


def test_cookie_signed_api_calls_need_the_same_origin_and_the_token(
        services: Services, anonymous: TestClient, client: TestClient) -> None:
    """GIVEN ana signed in by the session cookie WHEN a page of another site makes her browser
    post a batch (foreign Origin; found by a hostile tester: the batch was created) or a
    script posts one without the X-CSRF-Token header THEN 403 and no batch; with the token
    from her sign-in, from Liasse's own origin, it is accepted. A call with an API token
    needs neither (no browser sends it on its own)."""
    from tests.support.documents import text_pdf

    add_account(services, "ana", Role.clerk, password=PASSWORD)
    signed = anonymous.post("/api/v1/auth/login", json={"username": "ana", "password": PASSWORD})
    token = signed.json()["csrf_token"]
    assert anonymous.get("/api/v1/auth/me").json()["csrf_token"] == token

    def upload(headers: dict[str, str], caller: TestClient = anonymous) -> int:
        files = [("files", ("a.pdf", text_pdf(["Attestation"]), "application/pdf"))]
        return caller.post("/api/v1/batches", files=files, headers=headers).status_code

    assert upload({"Origin": "https://evil.example", "X-CSRF-Token": token}) == 403
    assert upload({"Origin": "http://testserver"}) == 403
    assert upload({"Origin": "http://testserver", "X-CSRF-Token": "0" * 64}) == 403
    assert client.get("/api/v1/audit", params={"action": "batch.create"}).json() == []
    assert upload({"Origin": "http://testserver", "X-CSRF-Token": token}) == 202
    assert upload({"Origin": "https://evil.example"}, caller=client) == 202


def test_the_last_administrator_cannot_be_removed(client: TestClient,
                                                  client_as: ClientFactory) -> None:
    """GIVEN one administrator WHEN their roles are emptied or they are disabled (found by a
    hostile tester: accepted, nobody could manage accounts any more) THEN 409 and nothing
    changes; once a second administrator exists, the first may step down."""
    for change in ({"roles": []}, {"roles": ["clerk"]}, {"active": False}):
        answer = client.patch("/api/v1/users/admin", json=change)
        assert answer.status_code == 409, (change, answer.text)
    assert client.get("/api/v1/users/admin").json()["roles"] == ["administrator"]
    client_as("eve", Role.administrator)
    assert client.patch("/api/v1/users/admin", json={"roles": ["clerk"]}).status_code == 200

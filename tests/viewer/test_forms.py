"""Sign-in and sign-out through the viewer's forms, their protection against cross-site
requests, and the interface language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.viewer.conftest import PASSWORD, Browser, ViewerWorld, csrf_of
from viewer import LANGUAGES, accepted_language, catalog


@pytest.fixture
def visitor(world: ViewerWorld) -> TestClient:
    """A browser that has not signed in."""
    return TestClient(world.app, follow_redirects=False)


def test_a_visitor_is_sent_to_sign_in_and_comes_back_where_they_were(
        visitor: TestClient) -> None:
    """GIVEN no session WHEN a dossier page is asked for THEN a redirect to the sign-in form
    that remembers the page; signing in there leads back to it."""
    answer = visitor.get("/dossiers/824415")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fdossiers%2F824415"
    form = visitor.get(answer.headers["location"])
    assert 'name="next" value="/dossiers/824415"' in form.text
    signed = visitor.post("/login", data={"username": "ana", "password": PASSWORD,
                                          "csrf": csrf_of(form.text), "next": "/dossiers/824415"})
    assert signed.status_code == 303 and signed.headers["location"] == "/dossiers/824415"
    assert visitor.get("/dossiers/824415").status_code == 200


def test_a_wrong_password_shows_the_form_again_with_a_message(visitor: TestClient) -> None:
    """GIVEN the sign-in form WHEN a wrong password is sent THEN 401 and the form says so, in
    French by default; no session cookie is set."""
    token = csrf_of(visitor.get("/login").text)
    answer = visitor.post("/login", data={"username": "ana", "password": "wrong",
                                          "csrf": token})
    assert answer.status_code == 401
    assert "mot de passe incorrect" in answer.text
    assert "liasse_session" not in answer.cookies


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_sign_in_never_redirects_to_another_site(visitor: TestClient, next_page: str) -> None:
    """GIVEN a crafted ``next`` WHEN signing in THEN the redirect stays on this site."""
    token = csrf_of(visitor.get("/login").text)
    answer = visitor.post("/login", data={"username": "ana", "password": PASSWORD,
                                          "csrf": token, "next": next_page})
    assert answer.headers["location"] == "/search"


def test_forms_without_the_token_or_from_another_origin_are_refused(
        visitor: TestClient, browser_as: Browser) -> None:
    """GIVEN the sign-in and sign-out forms WHEN posted without the page's token, with a token
    of another session, or from another origin THEN 403, and the session stays open."""
    token = csrf_of(visitor.get("/login").text)
    credentials = {"username": "ana", "password": PASSWORD}
    assert visitor.post("/login", data=credentials).status_code == 403
    assert visitor.post("/login", data=credentials | {"csrf": token},
                        headers={"Origin": "https://evil.example"}).status_code == 403
    client = browser_as("ana")
    other = browser_as("ana")
    assert client.post("/logout", data={"csrf": csrf_of(other.get("/search").text)}
                       ).status_code == 403
    assert client.get("/search").status_code == 200
    signed_out = client.post("/logout", data={"csrf": csrf_of(client.get("/search").text)},
                             headers={"Origin": "http://testserver"})
    assert signed_out.status_code == 303
    assert client.get("/search").status_code == 303  # back to the sign-in form


def test_the_language_follows_the_browser_then_the_switcher(browser_as: Browser) -> None:
    """GIVEN a browser preferring German WHEN pages are shown THEN in German; after choosing
    Italian in the switcher, in Italian; an unknown language leaves French as it is."""
    client = browser_as("ana")
    german = client.get("/search", headers={"Accept-Language": "de-CH,de;q=0.9,fr;q=0.8"})
    assert "Suche" in german.text and '<html lang="de">' in german.text
    switched = client.get("/language/it", params={"next": "/dossiers"})
    assert switched.status_code == 303 and switched.headers["location"] == "/dossiers"
    assert "Cartelle" in client.get("/dossiers").text
    client.get("/language/xx")
    assert '<html lang="it">' in client.get("/dossiers").text


@pytest.mark.parametrize(("header", "expected"), [
    ("", "fr"), ("nl-BE,nl;q=0.9", "nl"), ("es, en;q=0.5", "en"), ("de;q=0, it;q=0.2", "it"),
    ("en;q=bad, de", "de")])
def test_accept_language_picks_the_preferred_language_spoken(header: str,
                                                             expected: str) -> None:
    """GIVEN an Accept-Language header THEN the most preferred language Liasse speaks."""
    assert accepted_language(header) == expected


def test_every_language_has_every_message() -> None:
    """GIVEN the French catalog as reference THEN each language has the same keys, each message
    non-empty and with the same placeholders."""
    french = catalog("fr")
    for language in LANGUAGES:
        messages = catalog(language)
        assert set(messages) == set(french), language
        for key, text in messages.items():
            assert text.strip(), (language, key)
            assert _placeholders(text) == _placeholders(french[key]), (language, key)


def _placeholders(text: str) -> set[str]:
    import string
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}

"""The archivist's whole task in a real browser, as two archivists: a dossier's life (close,
archive, reactivate) and a destruction that cannot happen by accident (a hold by dossier
number, a list proposed by one and approved by the other, the reference typed, the destroyed
document's tombstone). One test walks it all (suite time matters).

With ``LIASSE_SCREENSHOTS=docs/screenshots`` it also writes the lifecycle panel, the schedule
editor and the destruction confirmation in French and German at 1366 and 390 px."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.catalog import Document, Role, UserCreate, account_queries
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import build_services
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, ingest_file, seed_catalog
from tests.viewer.browser import chromium_page, require_chromium, serving
from tests.viewer.conftest import PASSWORD

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Archive:
    url: str
    token: str           # arlette's API token
    doomed: Document     # the letter of closed dossier 513377, due at once


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """Two archivists (arlette, bruno); dossier 824415 open with a decision letter, 513377
    closed with a letter; a rule making closed dossiers' documents due at once."""
    require_chromium()
    settings = Settings(home=tmp_path_factory.mktemp("lifecycle") / "home", database_url=None,
                        broker_url=None, s3_endpoint=None, ocr_workers=1)
    services = build_services(settings)
    with services.sessions.transaction() as session:
        for name in ("arlette", "bruno"):
            user = account_queries.create_user(session, data=UserCreate(
                username=name, roles=[Role.archivist], password=PASSWORD))
            if name == "arlette":
                assert user.id is not None
                _, token = account_queries.issue_token(session, user_id=user.id, name="t")
    seed_catalog(services)
    ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER), dossier="824415")
    doomed = ingest_file(services, "rossi.pdf", text_pdf(
        ["Famille Rossi\nAttestation de domicile\n513377"]), dossier="513377")
    app = create_app(settings, eager_tasks=True, services=services)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        for path, body in (("/api/v1/retention/schedules", {
                "code": "AS-0", "title": "Aide sociale", "period_years": 0}),
                ("/api/v1/dossiers/513377/close", {"reason": "déménagement"})):
            assert api.post(path, json=body).is_success, path
    with serving(app) as url:
        yield Archive(url, token, doomed)
    services.index.close()
    services.sessions.engine.dispose()


def _sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each person lands on their home


def _step(page: Any, step: str, reason: str) -> None:
    form = page.locator(f"form[action$='/{step}']")
    form.locator("input[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**?done={step}")


def test_two_archivists_walk_a_dossier_life_and_a_destruction(archive: Archive) -> None:
    """GIVEN open dossier 824415 and closed 513377 whose letter is due WHEN arlette closes
    824415, finds it in the console, archives it, holds it by its number, sweeps and proposes
    a list, bruno approves it, is refused a wrong reference and confirms with the right one,
    and the letter's address is opened, then arlette reactivates 824415 THEN the held items
    were flagged before the dry run, only 513377's letter was destroyed, its address shows
    the tombstone (viewer page; API 410 with its certificate), and 824415 is found open, with
    its whole history (closed, archived, reactivated: who and why)."""
    with chromium_page(archive.url, width=1366, height=900) as page:
        _sign_in(page, "arlette")
        page.goto("/archive?state=open")
        page.click("a[href='/archive/dossiers/824415']")
        _step(page, "close", "fin de l'aide sociale")
        assert "Dossier 824415 clôturé." in page.inner_text("main")
        page.goto("/archive?state=closed")
        assert page.locator("a[href='/archive/dossiers/824415']").count() == 1
        page.click("a[href='/archive/dossiers/824415']")
        _step(page, "archive", "délai de classement atteint")
        assert "archivé" in page.inner_text(".lifecycle")
        page.goto("/archive")
        holds = page.locator("form[action='/archive/holds']")
        holds.locator("select[name=scope]").select_option("dossier")
        holds.locator("input[name=target]").fill("824415")
        holds.locator("input[name=reason]").fill("recours pendant")
        holds.locator("button").click()
        page.wait_for_url("**done=hold*")
        assert "824415 · Famille Dubois" in page.inner_text("#holds ~ table")
        page.click("form[action='/archive/lists'] button")
        page.wait_for_url(re.compile(r".*/archive/lists/\d+\?done=sweep"))
        list_path = page.url.split("?")[0].removeprefix(archive.url)
        text = page.inner_text("main")
        assert "sous gel juridique" in text
        flags = page.locator("span.held")
        assert flags.count() >= 1  # 824415's letter, held, flagged before any dry run
        reference = page.inner_text("code.reference")
        page.click(f"form[action='{list_path}/propose'] button")
        page.wait_for_url("**done=propose")
    with chromium_page(archive.url, width=1366, height=900) as page:
        _sign_in(page, "bruno")
        page.goto(list_path)
        page.click(f"form[action='{list_path}/approve'] button")
        page.wait_for_url("**done=approve")
        page.click(f"form[action='{list_path}/dry-run'] button")
        page.wait_for_url("**dry=1")
        page.click(f"a[href='{list_path}/execute']")
        assert f"#{archive.doomed.id}" in page.inner_text("main")
        _screenshots(page, {"destruction-confirmation": f"{list_path}/execute"})
        page.fill("input[name=reference]", "BE-1999-0001")
        page.click("form.confirm button.danger")
        page.wait_for_url("**wrong=1")
        assert "rien n'a été éliminé" in page.inner_text("main")
        page.fill("input[name=reference]", reference)
        page.click("form.confirm button.danger")
        page.wait_for_url("**done=execute")
        gone = page.goto(f"/documents/{archive.doomed.id}")
        assert gone is not None and gone.status == 410
        tomb = page.inner_text("main")
        assert "éliminé le" in tomb and "bruno" in tomb and "AS-0" in tomb
        api = page.request.get(f"/api/v1/documents/{archive.doomed.id}",
                               headers={"Authorization": f"Bearer {archive.token}"})
        body = api.json()
        assert api.status == 410 and body["code"] == "destroyed"
        assert body["certificate_id"] and body["destroyed_by"] == "bruno"
        assert body["schedule_code"] == "AS-0" and body["dossier_number"] == "513377"
    with chromium_page(archive.url, width=1366, height=900) as page:
        _sign_in(page, "arlette")
        page.goto("/archive/dossiers/824415")
        _step(page, "reactivate", "nouvelle demande de la famille")
        page.goto("/archive?state=open&q=824415")
        page.click("a[href='/archive/dossiers/824415']")
        history = page.inner_text("table.history")
        for line in ("Clôture", "Archivage", "Réactivation", "fin de l'aide sociale",
                     "délai de classement atteint", "nouvelle demande de la famille",
                     "arlette"):
            assert line in history, line
        assert "ouvert" in page.inner_text(".lifecycle")
        _screenshots(page, {"lifecycle-panel": "/archive/dossiers/824415",
                            "schedule-editor": "/archive/schedules/1"})


def _screenshots(page: Any, screens: dict[str, str]) -> None:
    """With LIASSE_SCREENSHOTS set: ``screens`` (name: path) in French and German, at 1366
    and 390 px; the page is left in French at 1366 px."""
    target = Path(os.environ.get("LIASSE_SCREENSHOTS") or "")
    if not os.environ.get("LIASSE_SCREENSHOTS"):
        return
    target.mkdir(parents=True, exist_ok=True)
    back = page.url
    for language in ("de", "fr"):
        page.goto(f"/language/{language}?next=/archive")
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in screens.items():
                page.goto(path)
                page.screenshot(path=str(target / f"{name}-{language}-{width}.png"),
                                full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(back)

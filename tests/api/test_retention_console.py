"""The archivist's console screens in the viewer: the overview, lifecycle steps with a reason,
a sweep into a list, and the second-person rule on approval, through the forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

from core.catalog import Role
from liasse.wiring import Services
from tests.api.conftest import ClientFactory
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, ingest_file, seed_catalog


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def _post(client: TestClient, page: str, action: str, **fields: str) -> Response:
    token = _token(client.get(page).text)
    return client.post(action, data={"csrf": token, **fields}, follow_redirects=True)


def test_console_screens(client_as: ClientFactory, services: Services,
                         client: TestClient) -> None:
    """GIVEN a closed dossier and a rule due at closure WHEN an archivist archives it from the
    console, sweeps and proposes the list THEN the screens show it; the same archivist cannot
    approve it, a colleague can; an administrator does not get the console at all."""
    seed_catalog(services)
    ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER), dossier="824415")
    ana, bruno = client_as("ana", Role.archivist), client_as("bruno", Role.archivist)
    ana.headers["Accept-Language"] = bruno.headers["Accept-Language"] = "en"  # its words
    assert ana.post("/api/v1/retention/schedules", json={
        "code": "NOW", "trigger": "dossier_closure", "period_years": 0}).status_code == 201
    assert ana.post("/api/v1/dossiers/824415/close", json={"reason": "ended"}).is_success

    archived = _post(ana, "/archive", "/archive/dossiers/824415/archive", reason="archive it")
    assert archived.status_code == 200 and "archived" in archived.text
    listing = _post(ana, "/archive", "/archive/lists")
    assert "Disposition list" in listing.text
    list_path = str(listing.url.path)
    _post(ana, list_path, f"{list_path}/propose")
    refused = _post(ana, list_path, f"{list_path}/approve")
    assert refused.status_code == 403
    approved = _post(bruno, list_path, f"{list_path}/approve")
    assert "approved" in approved.text
    dry = _post(bruno, list_path, f"{list_path}/dry-run")
    assert "would destroy" in dry.text
    assert client.get("/archive").status_code == 403

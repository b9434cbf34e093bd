"""Letters through the API and the viewer: the same rules as every other route and screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from core.catalog import Role
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services
from tests.api.conftest import add_account
from tests.letters.conftest import needs_libreoffice
from tests.letters.test_templates import docx_with
from tests.support.dossiers import SeededCatalog
from tests.viewer.conftest import PASSWORD, csrf_of, sign_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def app_clients(services: Services, seeded: SeededCatalog) -> Iterator[dict[str, TestClient]]:
    """An API token client for caseworker ana (department DEM, the dossiers' own) and for
    otto (department SOC), and ana signed in to the viewer through its form."""
    tokens = {name: add_account(services, name, Role.caseworker, departments=(department,),
                                password=PASSWORD)
              for name, department in (("ana", "DEM"), ("otto", "SOC"))}
    app = create_app(Settings(), eager_tasks=True, services=services)
    with TestClient(app) as ana, TestClient(app) as otto, \
            TestClient(app, follow_redirects=False) as screen:
        ana.headers["Authorization"] = f"Bearer {tokens['ana']}"
        otto.headers["Authorization"] = f"Bearer {tokens['otto']}"
        sign_in(screen, "ana")
        yield {"ana": ana, "otto": otto, "screen": screen}


def test_the_api_refuses_an_unknown_field_and_lists_templates(
        app_clients: dict[str, TestClient]) -> None:
    """GIVEN caseworker ana WHEN she uploads a template using {{ dossier.nummer }} THEN 422
    with the field and its paragraph; a sound one is version 1 and appears in the list."""
    ana = app_clients["ana"]
    refused = ana.post("/api/v1/templates", data={"name": "essai", "type": "letter"},
                       files={"file": ("essai.docx", docx_with("Nr {{ dossier.nummer }}"), DOCX)})
    assert refused.status_code == 422
    assert refused.json()["code"] == "template_refused"
    assert refused.json()["problems"] == [{"code": "unknown_field", "field": "dossier.nummer",
                                           "where": "paragraph 1", "detail": ""}]
    added = ana.post("/api/v1/templates", data={"name": "essai", "type": "letter"},
                     files={"file": ("essai.docx", docx_with("Nr {{ dossier.number }}"), DOCX)})
    assert added.status_code == 201 and added.json()["version"] == 1
    assert "essai" in [t["name"] for t in ana.get("/api/v1/templates").json()]
    assert ana.get("/api/v1/templates/essai/docx").content.startswith(b"PK")


@needs_libreoffice
def test_a_letter_written_from_the_dossier_screen(app_clients: dict[str, TestClient]) -> None:
    """GIVEN ana signed in to the viewer WHEN she opens dossier 824415, chooses the starter
    request for element DEM-APLAC-002, sees the preview, fills in the missing documents and
    makes the letter THEN she lands on the new document (source generated, template and
    version in the API's answer, its PDF served), the journal shows its reply-by date, and
    otto of another department can neither preview nor make a letter there (404)."""
    screen = app_clients["screen"]
    assert "/dossiers/824415/letter" in screen.get("/dossiers/824415").text
    preview = screen.get("/dossiers/824415/letter",
                         params={"template": "demande-pieces-fr", "element": "DEM-APLAC-002"})
    assert preview.status_code == 200
    assert "Famille Dubois" in preview.text and 'name="field.missing_documents"' in preview.text
    made = screen.post("/dossiers/824415/letter", data={
        "csrf": csrf_of(preview.text), "template": "demande-pieces-fr",
        "element": "DEM-APLAC-002", "field.missing_documents": "contrat de bail"})
    assert made.status_code == 303 and made.headers["location"].startswith("/documents/")
    document_id = int(made.headers["location"].rsplit("/", 1)[1])
    assert screen.get(made.headers["location"]).status_code == 200
    shown = app_clients["ana"].get(f"/api/v1/documents/{document_id}").json()
    assert (shown["source"], shown["template"], shown["template_version"]) == (
        "generated", "demande-pieces-fr", 1)
    assert "contrat de bail" in " ".join(shown["pages"][0]["text"].split())
    assert shown["letter"]["reply_by"] is not None
    pdf = app_clients["ana"].get(f"/api/v1/documents/{document_id}/original")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "réponse attendue le" in screen.get("/dossiers/824415").text
    otto = app_clients["otto"]
    body = {"dossier": "824415", "fields": {"missing_documents": "x"}}
    assert otto.post("/api/v1/templates/demande-pieces-fr/preview", json=body).status_code == 404
    assert otto.post("/api/v1/templates/demande-pieces-fr/letters", json=body).status_code == 404

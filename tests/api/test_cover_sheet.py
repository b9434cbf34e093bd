"""GET /dossiers/{number}/cover-sheet: a PDF whose QR code names the dossier (element, type)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from core.catalog import Role
from ingest import parse_cover_payload
from liasse.wiring import Services
from ocr import read_barcodes
from tests.api.conftest import ClientFactory
from tests.support.dossiers import SeededCatalog, seed_catalog

URL = "/api/v1/dossiers/824415/cover-sheet"


@pytest.fixture
def seeded(services: Services) -> SeededCatalog:
    return seed_catalog(services)


def qr_payload(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 1
    image = document[0].render(scale=200 / 72).to_pil().convert("L")
    document.close()
    [code] = read_barcodes(image)
    return code.value


def test_a_clerk_prints_a_cover_sheet_for_an_element_and_a_type(
        client_as: ClientFactory, seeded: SeededCatalog) -> None:
    """GIVEN dossier 824415 with element DEM-APLAC-002 WHEN a clerk asks for its cover sheet
    for that element and the type decision THEN a one-page PDF, offered as a safe file name,
    whose QR code names the dossier, the element, the type and the service."""
    clerk = client_as("claire", Role.clerk)
    answer = clerk.get(URL, params={"element": "DEM-APLAC-002", "type": "decision"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith(
        'attachment; filename="cover-sheet-824415-DEM-APLAC-002-decision.pdf"')
    sheet = parse_cover_payload(qr_payload(answer.content))
    assert sheet is not None
    assert (sheet.dossier_number, sheet.element_reference, sheet.doc_type, sheet.service) == (
        "824415", "DEM-APLAC-002", "decision", "DEM")


def test_a_plain_cover_sheet_names_the_dossier_only(client_as: ClientFactory,
                                                    seeded: SeededCatalog) -> None:
    """GIVEN dossier 513377 WHEN a caseworker of its department asks for a cover sheet
    THEN its QR code names the dossier alone."""
    answer = client_as("ana", Role.caseworker, departments=("DEM",)).get(
        "/api/v1/dossiers/513377/cover-sheet")
    assert answer.status_code == 200, answer.text
    sheet = parse_cover_payload(qr_payload(answer.content))
    assert sheet is not None and (sheet.dossier_number, sheet.element_reference,
                                  sheet.doc_type) == ("513377", None, None)


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"element": "NOPE-1"}, 422, "no element"),
    ({"type": "recipe"}, 422, "unknown document type"),
])
def test_element_and_type_are_checked(client_as: ClientFactory, seeded: SeededCatalog,
                                      params: dict[str, str], status: int, says: str) -> None:
    """GIVEN dossier 824415 WHEN a cover sheet names an unknown element or type
    THEN 422 saying which."""
    answer = client_as("claire", Role.clerk).get(URL, params=params)
    assert answer.status_code == status and says in answer.json()["detail"]


def test_an_element_of_another_dossier_is_refused(client_as: ClientFactory,
                                                  seeded: SeededCatalog) -> None:
    """GIVEN element DEM-APLAC-002 of dossier 824415 WHEN asked on dossier 513377's sheet
    THEN 422: a sheet never names an element of another dossier."""
    answer = client_as("claire", Role.clerk).get("/api/v1/dossiers/513377/cover-sheet",
                                                 params={"element": "DEM-APLAC-002"})
    assert answer.status_code == 422


def test_the_guard_decides_who_prints(client_as: ClientFactory, seeded: SeededCatalog,
                                      anonymous: object) -> None:
    """GIVEN dossier 824415 of department DEM WHEN a caseworker of another department, an
    archivist, or nobody asks for its cover sheet THEN 404 (they may not see it), 403 (no
    intake) and 401."""
    other = client_as("bruno", Role.caseworker, departments=("SPE",))
    assert other.get(URL).status_code == 404
    assert client_as("arch", Role.archivist).get(URL).status_code == 403
    assert anonymous.get(URL).status_code == 401  # type: ignore[attr-defined]
    assert client_as("claire", Role.clerk).get(
        "/api/v1/dossiers/000000/cover-sheet").status_code == 404

"""Page images and the document's PDF, rendered from the stored original for the viewer."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image
from sqlmodel import select

from api.routers.renditions import rendition_width, upright
from core.catalog import AuditEvent
from tests.viewer.conftest import Browser, ViewerWorld


def test_a_page_image_is_rendered_at_a_standard_width_and_kept_for_the_next_reader(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the OCR'd TIFF scan WHEN its page is asked for 500 pixels wide THEN a WebP 800
    pixels wide with the page's proportions comes back, and it is kept under derived/."""
    client = browser_as("ana")
    answer = client.get(f"/api/v1/documents/{world.scan.id}/pages/1/image",
                        params={"width": 500})
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/webp"
    assert answer.headers["cache-control"] == "private, no-store"
    image = Image.open(io.BytesIO(answer.content))
    original = Image.open(io.BytesIO(world.eurotext))
    assert image.width == 800
    assert abs(image.height / image.width - original.height / original.width) < 0.01
    kept = list(world.services.blobs.keys(f"derived/renditions/{world.scan.id}/"))
    assert any(key.endswith("-w800.webp") for key in kept)
    again = client.get(f"/api/v1/documents/{world.scan.id}/pages/1/image",
                       params={"width": 800})
    assert again.content == answer.content


def test_a_pdf_page_comes_as_png_when_asked_and_a_missing_page_is_404(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the born-digital decision WHEN page 1 is asked as PNG THEN a PNG; page 2 does
    not exist: 404."""
    client = browser_as("ana")
    answer = client.get(f"/api/v1/documents/{world.decision.id}/pages/1/image",
                        params={"width": 400, "format": "png"})
    assert answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).width == 400
    assert client.get(f"/api/v1/documents/{world.decision.id}/pages/2/image"
                      ).status_code == 404


def test_widths_round_up_to_a_rendered_size() -> None:
    assert [rendition_width(w) for w in (50, 200, 201, 1200, 3000)] == [200, 200, 400, 1200,
                                                                       2000]


def test_upright_turns_clockwise_as_ocr_did() -> None:
    """GIVEN a landscape page with a red mark top-left WHEN turned 90° (the page's rotation)
    THEN it is portrait and the mark is top-right, as OCR saw it."""
    page = Image.new("RGB", (300, 100), "white")
    page.paste((255, 0, 0), (0, 0, 30, 10))
    turned = upright(page, 90, 100)
    assert turned.size == (100, 300)
    assert turned.getpixel((95, 5)) == (255, 0, 0)
    assert turned.getpixel((5, 5)) == (255, 255, 255)


def test_the_document_pdf_holds_its_pages_and_is_journaled(browser_as: Browser,
                                                          world: ViewerWorld) -> None:
    """GIVEN a TIFF scan and a PDF WHEN each is downloaded as a PDF THEN a PDF of their own
    pages, named after the original, and a download in the journal; another department: 404."""
    client = browser_as("ana")
    for document in (world.scan, world.decision):
        answer = client.get(f"/api/v1/documents/{document.id}/pdf")
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
        assert ".pdf" in answer.headers["content-disposition"]
        with pikepdf.open(io.BytesIO(answer.content)) as pdf:
            assert len(pdf.pages) == document.page_count
    assert browser_as("otto").get(f"/api/v1/documents/{world.scan.id}/pdf").status_code == 404
    with world.services.sessions() as session:
        downloads = session.exec(select(AuditEvent).where(
            AuditEvent.username == "ana", AuditEvent.action == "document.download")).all()
    assert {e.entity_id for e in downloads if e.after == {"rendition": "pdf"}} >= {
        str(world.scan.id), str(world.decision.id)}

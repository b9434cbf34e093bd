"""Uploading batches over HTTP and following them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import corpus_file
from tests.support.documents import scanned_pdf, text_pdf


def test_a_multipart_batch_is_accepted_then_reports_each_outcome(client: TestClient) -> None:
    """GIVEN a dossier WHEN three files (a scan, a born-digital PDF, garbage) are posted in one
    request THEN 202 with the batch id; the batch then reports two documents in the dossier,
    one quarantined file with its reason, and its page progress complete."""
    client.post("/api/v1/dossiers", json={"number": "824415", "title": "ARMENGAUD François"})
    scan = scanned_pdf(["Verfügung über Sozialhilfe"])
    files = [("files", ("scan.pdf", scan, "application/pdf")),
             ("files", ("lettre.pdf", text_pdf(["Décision du 13 juin 2016"]), "application/pdf")),
             ("files", ("notes.pdf", b"this is not a pdf", "application/pdf"))]
    answer = client.post("/api/v1/batches", files=files, data={"dossier": "824415"})
    assert answer.status_code == 202
    batch = client.get(answer.json()["href"]).json()
    assert batch["status"] == "done"
    assert {d["dossier"] for d in batch["documents"]} == {"824415"}
    assert [q["file"] for q in batch["quarantined"]] == ["notes.pdf"]
    assert "text/plain" in batch["quarantined"][0]["reason"]
    progress = batch["progress"]
    assert progress["pages_done"] == progress["pages_total"] == 2
    hits = client.get("/api/v1/search", params={"q": "Verfugung", "dossier": "824415"}).json()
    assert hits["total"] == 1 and "<mark>" in hits["hits"][0]["snippet"]


def test_unknown_dossier_and_missing_batch_are_clear_errors(client: TestClient) -> None:
    """GIVEN no dossier 1 WHEN a batch names it THEN 404 with a reason; an unknown batch is 404."""
    answer = client.post("/api/v1/batches", data={"dossier": "1"},
                         files=[("files", ("a.pdf", text_pdf(["x"]), "application/pdf"))])
    assert answer.status_code == 404 and "dossier" in answer.json()["detail"]
    assert client.get("/api/v1/batches/9999").status_code == 404


def test_document_pages_and_original_download(client: TestClient) -> None:
    """GIVEN an ingested TIFF WHEN its document, a page and its original are fetched
    THEN the page has OCR text and word boxes, and the original comes back byte for byte
    with its SHA-256 and a safe file name."""
    tiff = corpus_file("scans/tess4j_eurotext.tif").read_bytes()
    answer = client.post("/api/v1/batches",
                         files=[("files", ('eurotext"\r\nX-Evil: 1.tif', tiff, "image/tiff"))])
    batch = client.get(answer.json()["href"]).json()
    doc_id = batch["documents"][0]["id"]
    page = client.get(f"/api/v1/documents/{doc_id}/pages/1").json()
    assert "Fuchs" in page["text"] and page["confidence"] > 50
    assert any(w[0].startswith("Fuchs") for w in page["words"])
    assert all(0 <= w[1] <= w[3] <= 1 and 0 <= w[2] <= w[4] <= 1 for w in page["words"])
    original = client.get(f"/api/v1/documents/{doc_id}/original")
    assert original.content == tiff
    assert "X-Evil" not in original.headers and "\r" not in original.headers[
        "content-disposition"]
    assert client.get(f"/api/v1/documents/{doc_id}/pages/2").status_code == 404

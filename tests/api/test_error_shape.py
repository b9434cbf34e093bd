"""Every error the API answers is ``{"code", "detail"}``, whatever raised it."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_validation_errors_have_the_documented_shape(client: TestClient) -> None:
    """GIVEN a dossier sent without its title and with a number that is not a string WHEN it
    is posted THEN 422 ``invalid_input``, its detail naming the fields, no list of dicts."""
    answer = client.post("/api/v1/dossiers", json={"number": 12})
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) == {"code", "detail"} and body["code"] == "invalid_input"
    assert "body.title" in body["detail"] and "body.number" in body["detail"]
    bad_query = client.get("/api/v1/audit", params={"limit": "many"})
    assert bad_query.status_code == 422 and bad_query.json()["code"] == "invalid_input"


def test_a_broken_multipart_upload_is_400_in_the_documented_shape(client: TestClient) -> None:
    """GIVEN a multipart body whose boundary never comes WHEN it is posted as a batch THEN 400
    ``bad_request`` with a detail; an unknown route is 404 ``not_found`` in the same shape."""
    answer = client.post("/api/v1/batches", content=b"--nope\r\ngarbage",
                         headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert answer.status_code == 400, answer.text
    assert set(answer.json()) == {"code", "detail"} and answer.json()["code"] == "bad_request"
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"

"""The clerk's review station walked with the keyboard only, in headless Chromium: a generated
batch of 12 documents with varied doubts is confirmed, filed by a suggestion, re-linked through
the dossier lookup (part of a name, accents forgiven), split between two thumbnails, merged
with its previous part and bulk-confirmed; then the catalog and the journal are read."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from core.catalog import (
    AuditEvent,
    Document,
    DocumentStatus,
    Dossier,
    DossierElement,
    Role,
    UserCreate,
    account_queries,
)
from ingest import IncomingFile, process_item, receive_batch, split_document
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import build_services
from tests.support.documents import scanned_pdf, text_pdf
from tests.support.dossiers import seed_catalog
from tests.viewer.browser import chromium_page, require_chromium, serving
from tests.viewer.conftest import PASSWORD, csrf_of, sign_in

SCANS = [f"Attestation {n}\nDossier 824415\nMontant 1{n}0 CHF" for n in range(1, 7)]


@dataclass(frozen=True)
class Desk:
    app: Any
    services: Any
    batch: int
    ids: dict[str, int]


def _file(name: str, data: bytes) -> IncomingFile:
    return IncomingFile(name, io.BytesIO(data))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """GIVEN a batch of 11 files making 12 documents in review: six scans filed in 824415
    whose reading is doubted, a letter naming Mario Rossi (suggestion 513377), two letters
    naming nobody, a 3-page scan of 513377 to cut, and a 2-page scan Liasse cut in two."""
    settings = Settings(home=tmp_path_factory.mktemp("station") / "home", database_url=None,
                        broker_url=None, s3_endpoint=None, ocr_workers=1,
                        review_min_confidence=99.9)
    services = build_services(settings)
    with services.sessions.transaction() as s:
        account_queries.create_user(s, data=UserCreate(username="claire", roles=[Role.clerk],
                                                       password=PASSWORD))
    seed_catalog(services)
    files = [("s1.pdf", scanned_pdf([SCANS[0]])),
             ("t1.pdf", text_pdf(["Courrier de Mario Rossi. Salutations"])),
             ("t2.pdf", text_pdf(["Lettre sans reference. Bonjour."])),
             ("t3.pdf", scanned_pdf(["Rapport\nDossier 513377", "Suite du rapport",
                                     "Facture separee\nDossier 513377"])),
             ("m.pdf", scanned_pdf(["Demande\nDossier 824415", "Annexe de la demande"]))]
    files += [(f"s{n}.pdf", scanned_pdf([SCANS[n - 1]])) for n in range(2, 7)]
    files.append(("t4.pdf", text_pdf(["Note interne sans destinataire."])))
    with services.sessions.transaction() as session:
        batch, items = receive_batch(session, services.blobs,
                                     [_file(n, d) for n, d in files], source="upload",
                                     created_by="claire")
    for item in items:
        process_item(int(item.id or 0), services.pipeline)
    ids = _ids(services, [name for name, _ in files])
    with services.sessions.transaction() as session:  # "Liasse cut it in two by mistake"
        ids["m2"] = int(split_document(session, document_id=ids["m"], at_page=2,
                                       username="liasse").id or 0)
    yield Desk(create_app(settings, eager_tasks=True, services=services), services,
               int(batch.id or 0), ids)
    services.index.close()
    services.sessions.engine.dispose()


def _ids(services: Any, names: list[str]) -> dict[str, int]:
    with services.sessions() as session:
        rows = session.exec(select(Document)).all()
        return {Path(d.original_filename).stem: int(d.id or 0) for d in rows
                if d.original_filename in names}


def _current(page: Any) -> int:
    return int(page.get_attribute("#station", "data-document"))


def _press(page: Any, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("networkidle")  # its page images too (each one is journaled)


def test_a_batch_goes_through_the_station_by_keyboard_only(desk: Desk) -> None:
    """GIVEN the batch in review WHEN the clerk, with the keyboard only, confirms the first
    scan (Enter), files the Rossi letter in its suggestion (1), re-links a letter by typing
    "amelie" in the lookup and choosing the element, cuts the 3-page scan before its third
    thumbnail (↓ ↓ s), joins the second part of the cut file to the first (m) and confirms
    all the rest at once (a, b) THEN the catalog holds exactly the expected documents, links
    and types, the one document without a dossier stays in review with its own outcome, and
    every action is journaled."""
    require_chromium()
    ids = desk.ids
    with serving(desk.app) as base, chromium_page(base) as page:
        sign_in_by_keyboard(page)
        assert page.url.endswith("/review")                     # the clerk's home
        page.goto(f"/review?batch={desk.batch}")
        assert _current(page) == ids["s1"]
        _press(page, "Enter")                                   # confirm
        assert _current(page) == ids["t1"]
        _press(page, "1")                                       # the first suggestion
        assert _current(page) == ids["t2"]
        page.keyboard.press("l")
        page.keyboard.type("amelie")
        page.wait_for_selector("#lookup-list li")
        assert "824415" in page.inner_text("#lookup-list")
        page.keyboard.press("Enter")                            # take the first match
        page.keyboard.press("Tab")
        page.keyboard.type("DEM-APLAC-002")
        _press(page, "Enter")                                   # re-link
        assert _current(page) == ids["t3"]
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        _press(page, "s")                                       # split before page 3
        assert _current(page) == ids["t3"]
        while _current(page) != ids["m2"]:
            _press(page, "j")
        _press(page, "m")                                       # merge with previous part
        assert _current(page) == ids["m"]
        page.keyboard.press("a")
        _press(page, "b")                                       # bulk: confirm the rest
        outcomes = page.inner_text("#bulk-outcomes")
        assert f"#{ids['t4']}" in outcomes
    _the_catalog_holds_what_was_decided(desk)


def sign_in_by_keyboard(page: Any) -> None:
    page.goto("/login")
    page.focus("input[name=username]")
    page.keyboard.type("claire")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    _press(page, "Enter")


def _the_catalog_holds_what_was_decided(desk: Desk) -> None:
    ids = desk.ids
    with desk.services.sessions() as session:
        docs = {d.id: d for d in session.exec(select(Document)).all()}
        number = {d.id: d.number for d in session.exec(select(Dossier)).all()}
        element = session.exec(select(DossierElement)).one()
        events = session.exec(select(AuditEvent).where(
            col(AuditEvent.action).startswith("review."))).all()
    assert ids["m2"] not in docs and len(docs) == 12
    new_part = max(docs)
    assert docs[new_part].original_sha256 == docs[ids["t3"]].original_sha256
    expected = {ids[f"s{n}"]: "824415" for n in range(1, 7)}
    expected |= {ids["t1"]: "513377", ids["t2"]: "824415", ids["t3"]: "513377",
                 new_part: "513377", ids["m"]: "824415"}
    for doc_id, dossier in expected.items():
        assert docs[doc_id].status == DocumentStatus.active, doc_id
        assert number[docs[doc_id].dossier_id] == dossier, doc_id
    assert docs[ids["t2"]].element_id == element.id
    assert (docs[ids["t3"]].page_count, docs[new_part].page_count, docs[ids["m"]].page_count) \
        == (2, 1, 2)
    assert docs[ids["t4"]].status == DocumentStatus.review and docs[ids["t4"]].dossier_id is None
    journaled = {(e.action, int(e.entity_id)) for e in events}
    assert {("review.confirm", ids["s1"]), ("review.relink", ids["t1"]),
            ("review.relink", ids["t2"]), ("review.split", ids["t3"]),
            ("review.merge", ids["m"]), ("review.confirm", new_part)} <= journaled
    assert {("review.confirm", ids[f"s{n}"]) for n in range(2, 7)} <= journaled


def test_a_refused_relink_stays_on_the_card_with_the_input_and_the_lookup(
        desk: Desk) -> None:
    """GIVEN the station without JavaScript (plain forms) WHEN the clerk posts a re-link with
    "Rossi" (a name, not a number) THEN the same card comes back with the error inline, her
    input kept, the dossiers the name finds as choices, and the batch filter kept."""
    with TestClient(desk.app, follow_redirects=False) as client:
        sign_in(client, "claire")
        station = client.get(f"/review?batch={desk.batch}&at={desk.ids['t4']}")
        assert station.status_code == 200 and 'id="station-image"' in station.text
        answer = client.post(f"/review/{desk.ids['t4']}", data={
            "csrf": csrf_of(station.text), "action": "relink", "dossier": "Rossi",
            "q_batch": str(desk.batch)})
        assert answer.status_code == 404
        assert 'id="station-error"' in answer.text and 'value="Rossi"' in answer.text
        assert 'name="dossier" value="513377"' in answer.text
        assert f'name="q_batch" value="{desk.batch}"' in answer.text
        found = client.get("/api/v1/lookup/dossiers", params={"q": "rssmra85"}).json()
        assert [d["number"] for d in found["dossiers"]] == ["513377"]
        assert found["dossiers"][0]["matched"] == "national_id"


@pytest.mark.parametrize(("locale", "width"), [("fr-CH", 1366), ("de-CH", 390)])
def test_the_station_renders_without_a_browser_error(desk: Desk, tmp_path: Path, locale: str,
                                                     width: int) -> None:
    """GIVEN the cards left in review WHEN the station, the batch list and the batch page are
    shown in Chromium (French at 1366 px, German at 390 px) THEN no script error, and
    screenshots are written (to ``LIASSE_SCREENSHOTS`` when set, e.g. docs/screenshots)."""
    require_chromium()
    target = Path(os.environ.get("LIASSE_SCREENSHOTS") or tmp_path)
    problems: list[str] = []
    with serving(desk.app) as base, chromium_page(base, width=width, height=860,
                                                 locale=locale) as page:
        page.on("pageerror", lambda error: problems.append(str(error)))
        sign_in_by_keyboard(page)
        page.goto(f"/language/{locale[:2]}?next=/review")
        page.wait_for_load_state("networkidle")
        assert page.query_selector("#station-image, #station-empty") is not None
        page.screenshot(path=str(target / f"station-{locale[:2]}-{width}.png"), full_page=True)
        page.keyboard.press("?")
        assert page.is_visible("#station-help")
        for name, path in (("batches", "/batches"), ("batch-page", f"/batches/{desk.batch}")):
            page.goto(path)
            page.screenshot(path=str(target / f"{name}-{locale[:2]}-{width}.png"),
                            full_page=True)
    assert problems == []


def test_the_batch_list_counts_what_the_batch_report_says(desk: Desk) -> None:
    """GIVEN the clerk's batch WHEN she lists her batches (API and screen) THEN its files,
    documents (those she may see and those she may not) and documents waiting for review are
    those of ``GET /batches/{id}``, and the
    screen links to its review queue when some wait."""
    with TestClient(desk.app, follow_redirects=False) as client:
        sign_in(client, "claire")
        [line] = client.get("/api/v1/batches").json()["batches"]
        report = client.get(f"/api/v1/batches/{desk.batch}").json()
        waiting = sum(d["status"] == "review" for d in report["documents"])
        assert (line["id"], line["files"], line["documents"], line["waiting"]) == (
            desk.batch, report["progress"]["files"],
            len(report["documents"]) + report["not_visible"], waiting)
        assert line["pages"] == report["progress"]["pages_total"] and line["quarantined"] == 0
        screen = client.get("/batches")
        assert screen.status_code == 200 and f'href="/batches/{desk.batch}"' in screen.text
        assert (f'href="/review?batch={desk.batch}"' in screen.text) == (waiting > 0)

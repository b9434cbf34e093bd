"""A Liasse home for the viewer's tests, shared by a module: accounts of each kind, the small
dossier catalog of ``tests.support.dossiers``, and real documents sent through the pipeline
(the eurotext scan, OCR'd by tesseract, in dossier 824415; a decision letter; an unfiled letter
waiting in review)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.catalog import Document, Role, UserCreate, account_queries
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services, build_services
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER, ingest_file, seed_catalog

EUROTEXT = Path(__file__).resolve().parents[1] / "ocr" / "data" / "tess4j_eurotext.tif"
PASSWORD = "a long enough passphrase"
ACCOUNTS = {  # name: (roles, departments)
    "admin": ((Role.administrator,), ()),
    "ana": ((Role.caseworker,), ("DEM",)),       # the dossiers' department
    "otto": ((Role.caseworker,), ("SOC",)),      # another department: sees none of them
    "claire": ((Role.clerk,), ()),               # intake and the review queue
}


@dataclass(frozen=True)
class ViewerWorld:
    services: Services
    app: FastAPI
    scan: Document          # eurotext: "Le renard brun…", OCR'd
    decision: Document      # born-digital decision letter, dossier 824415
    unfiled: Document       # waits in review, no dossier
    eurotext: bytes


def build_world(home: Path) -> ViewerWorld:
    settings = Settings(home=home, database_url=None, broker_url=None, s3_endpoint=None,
                        ocr_workers=1)
    services = build_services(settings)
    with services.sessions.transaction() as session:
        for name, (roles, departments) in ACCOUNTS.items():
            account_queries.create_user(session, data=UserCreate(
                username=name, roles=list(roles), departments=list(departments),
                password=PASSWORD))
    seed_catalog(services)
    eurotext = EUROTEXT.read_bytes()
    scan = ingest_file(services, "eurotext.tif", eurotext, dossier="824415")
    decision = ingest_file(services, "decision.pdf", text_pdf(DECISION_LETTER),
                           dossier="824415")
    unfiled = ingest_file(services, "lettre.pdf", text_pdf(
        ["Lettre sans référence\nBonjour, voici le document demandé.\nSalutations"]))
    app = create_app(settings, eager_tasks=True, services=services)
    return ViewerWorld(services, app, scan, decision, unfiled, eurotext)


@pytest.fixture(scope="package")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ViewerWorld]:
    built = build_world(tmp_path_factory.mktemp("viewer") / "home")
    yield built
    built.services.index.close()
    built.services.sessions.engine.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Through the viewer's own sign-in form, as a person would."""
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": password,
                                         "csrf": token, "next": "/search"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text


Browser = Callable[[str], TestClient]


@pytest.fixture
def browser_as(world: ViewerWorld) -> Iterator[Browser]:
    """``browser_as("ana")``: a cookie-keeping client signed in through the form."""
    opened: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(world.app, follow_redirects=False)
        client.__enter__()
        opened.append(client)
        sign_in(client, username)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)

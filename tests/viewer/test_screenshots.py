"""Screenshots of the main screens in the real browser (each must render without a browser
error). Written to a temporary folder; to refresh the README's pictures:

    LIASSE_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/viewer/test_screenshots.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from core.catalog import Batch
from tests.viewer.browser import chromium, chromium_page, require_chromium, serving
from tests.viewer.conftest import PASSWORD, ViewerWorld

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(world: ViewerWorld) -> Iterator[str]:
    require_chromium()
    with serving(world.app) as base_url:
        yield base_url


def _screens(world: ViewerWorld) -> dict[str, tuple[str, str]]:
    """file name -> (account, path)."""
    with world.services.sessions() as session:
        batch = session.exec(select(Batch.id).order_by(col(Batch.id))).first()
    return {
        "search.png": ("ana", "/search?q=renard"),
        "document.png": ("ana", f"/documents/{world.scan.id}?page=1&q=renard"),
        "dossier.png": ("ana", "/dossiers/824415"),
        "household.png": ("ana", "/households/UA-1"),
        "upload.png": ("claire", "/upload?dossier=824415"),
        "batch.png": ("claire", f"/batches/{batch}"),
        "review.png": ("claire", "/review"),
    }


def test_main_screens_render_in_the_browser(server: str, world: ViewerWorld,
                                            tmp_path: Path) -> None:
    """GIVEN the seeded archive WHEN each main screen is shown in Chromium THEN it renders
    with no script or network error, and a screenshot of it is written."""
    target = Path(os.environ.get("LIASSE_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    screens = _screens(world)
    problems: list[str] = []
    for account in ("ana", "claire"):
        with chromium_page(server, width=1360, height=860) as page:
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                    if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
            page.goto("/login")
            if account == "ana":
                page.screenshot(path=str(target / "login.png"))
            _sign_in(page, account)
            for name, (who, path) in screens.items():
                if who != account:
                    continue
                page.goto(path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(target / name))
    assert problems == []
    assert {p.name for p in target.glob("*.png")} >= set(screens) | {"login.png"}


def _sign_in(page: Any, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each person lands on their home



def test_the_readme_screens_in_french_and_german_at_desk_and_phone_width(
        server: str, world: ViewerWorld, tmp_path: Path) -> None:
    """GIVEN the seeded archive WHEN the document, dossier and search screens are shown in
    French and German at 1366 and 390 px THEN each renders in that language with nothing
    wider than the window, and its screenshot is written (docs/screenshots/<screen>-<lang>-
    <width>.png when LIASSE_SCREENSHOTS is set)."""
    target = Path(os.environ.get("LIASSE_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    screens = {"document": f"/documents/{world.scan.id}?page=1&q=renard",
               "dossier": "/dossiers/824415", "search": "/search?q=renard"}
    with chromium() as browser:
        for lang, locale in (("fr", "fr-CH"), ("de", "de-CH")):
            for width in (1366, 390):
                context = browser.new_context(base_url=server, locale=locale,
                                              viewport={"width": width, "height": 844})
                page = context.new_page()
                page.goto("/login")
                _sign_in(page, "ana")
                for name, path in screens.items():
                    page.goto(path)
                    assert page.evaluate("document.documentElement.lang") == lang
                    assert page.evaluate(
                        "document.documentElement.scrollWidth <= window.innerWidth")
                    page.screenshot(path=str(target / f"{name}-{lang}-{width}.png"),
                                    full_page=width < 800)
                context.close()
    assert len(list(target.glob("*-*-*.png"))) >= 12

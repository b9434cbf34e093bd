"""Every screen, in Chromium, at a desktop width (1366 px) and a phone's (390 px): axe-core
(vendored under tests/support/axe, injected by Playwright, never fetched) finds no serious or
critical violation, and at 390 px nothing scrolls sideways. One browser, one signed-in context
per account and width, shared by all screens (the list is tests/viewer/screens.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from core.catalog import Batch, Role, UserCreate, account_queries
from tests.viewer.browser import chromium, require_chromium, serving
from tests.viewer.conftest import PASSWORD, ViewerWorld
from tests.viewer.screens import ARCHIVIST, SCREENS, Screen

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
WIDTHS = (1366, 390)
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


@pytest.fixture(scope="module")
def ids(world: ViewerWorld) -> dict[str, int]:
    """The seeded ids the screens' paths name; an archivist and a disposition list (the world
    has neither), made through the API."""
    with world.services.sessions.transaction() as session:
        user = account_queries.create_user(
            session, data=UserCreate(username=ARCHIVIST, roles=[Role.archivist], password=PASSWORD)
        )
        assert user.id is not None
        _, token = account_queries.issue_token(session, user_id=user.id, name="a11y")
    with TestClient(world.app, headers={"Authorization": f"Bearer {token}"}) as api:
        swept = api.post("/api/v1/retention/lists", json={})
        assert swept.is_success, swept.text
    with world.services.sessions() as session:
        batch = session.exec(select(Batch.id).order_by(col(Batch.id))).first()
    assert batch is not None and world.scan.id and world.decision.id
    return {
        "scan": world.scan.id,
        "decision": world.decision.id,
        "batch": batch,
        "list": swept.json()["id"],
    }


@pytest.fixture(scope="module")
def contexts(world: ViewerWorld, ids: dict[str, int]) -> Iterator[dict[tuple[str, int], Any]]:
    """(account, width) -> a browser context signed in as that account ("" signed out).
    ``bypass_csp`` lets Playwright inject the local axe file into our script-locked pages."""
    require_chromium()
    with serving(world.app) as base_url, chromium() as browser:
        made: dict[tuple[str, int], Any] = {}
        for account in sorted({screen.account for screen in SCREENS}):
            state = _signed_in_state(browser, base_url, account) if account else None
            for width in WIDTHS:
                made[account, width] = browser.new_context(
                    base_url=base_url,
                    locale="fr-CH",
                    bypass_csp=True,
                    storage_state=state,
                    viewport={"width": width, "height": 844 if width < 800 else 900},
                )
        yield made
        for context in made.values():
            context.close()


def _signed_in_state(browser: Any, base_url: str, account: str) -> Any:
    context = browser.new_context(base_url=base_url, locale="fr-CH")
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", account)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each person lands on their home
    state = context.storage_state()
    context.close()
    return state


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_every_screen_is_accessible_and_fits_a_phone(
    screen: Screen, width: int, contexts: dict[tuple[str, int], Any], ids: dict[str, int]
) -> None:
    """GIVEN the seeded archive and the screen's account WHEN the screen is shown at ``width``
    px THEN axe-core reports no serious or critical violation, the page keeps the skip link,
    and at phone width its content is no wider than the window."""
    page = contexts[screen.account, width].new_page()
    try:
        page.goto(screen.url(ids))  # waits for "load": images and the script are in
        page.add_script_tag(path=str(AXE))
        blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        assert blocking == [], blocking
        assert page.locator("a.skip").count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert width > 800 or overflow <= 0, f"{overflow} px wider than the phone"
    finally:
        page.close()

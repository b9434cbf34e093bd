"""The caseworker's desk in a real browser: sign in, search, open the hit and find the word
highlighted on the page image, download the original. Headless Debian Chromium, Playwright."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytesseract
import pytest
from PIL import Image
from sqlmodel import select

from core.catalog import Page
from tests.viewer.browser import chromium_page, require_chromium, serving
from tests.viewer.conftest import PASSWORD, ViewerWorld
from viewer import fold

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(world: ViewerWorld) -> Iterator[str]:
    require_chromium()
    with serving(world.app) as base_url:
        yield base_url


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with chromium_page(server) as browser_page:
        yield browser_page


def sign_in(page: Any, username: str = "ana") -> None:
    page.goto("/search")
    assert "/login" in page.url  # sent to the sign-in form first
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each person lands on their home


def test_sign_in_search_open_the_hit_and_see_the_word_highlighted(
        page: Any, world: ViewerWorld, tmp_path: Any) -> None:
    """GIVEN the OCR'd eurotext scan WHEN a caseworker signs in, searches "renard" and opens
    the hit THEN a highlight is drawn over the page image exactly where the word "renard" is
    (its box overlaps the word's box), and what the image shows under it reads "renard"."""
    sign_in(page)
    page.fill("input[name=q]", "renard")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").first.inner_text().lower() == "renard"
    page.click(".hit a.hit-title")
    page.wait_for_url(f"**/documents/{world.scan.id}?*")
    page.wait_for_function("() => { const i = document.getElementById('page-image');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    image_box = page.locator("#page-image").bounding_box()
    highlights = page.locator(".sheet .highlight")
    assert highlights.count() == 1
    drawn = highlights.first.bounding_box()
    word = _stored_box(world, "renard")
    expected = {"x": image_box["x"] + word[0] * image_box["width"],
                "y": image_box["y"] + word[1] * image_box["height"],
                "width": (word[2] - word[0]) * image_box["width"],
                "height": (word[3] - word[1]) * image_box["height"]}
    assert _overlap(drawn, expected) > 0.9 * expected["width"] * expected["height"]
    shot = tmp_path / "under-highlight.png"
    margin = 4
    page.screenshot(path=str(shot), clip={"x": drawn["x"] - margin, "y": drawn["y"] - margin,
                                          "width": drawn["width"] + 2 * margin,
                                          "height": drawn["height"] + 2 * margin})
    read = pytesseract.image_to_string(_enlarged(shot), config="--psm 7")
    assert "renard" in fold(read)


def test_the_original_downloads_byte_for_byte(page: Any, world: ViewerWorld) -> None:
    """GIVEN the document screen WHEN the original is downloaded through its link THEN the
    very bytes that were scanned come back."""
    sign_in(page)
    page.goto(f"/documents/{world.scan.id}")
    with page.expect_download() as info:
        page.click(f"a[href='/api/v1/documents/{world.scan.id}/original']")
    downloaded = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(world.eurotext).hexdigest()


def _stored_box(world: ViewerWorld, word: str) -> tuple[float, float, float, float]:
    with world.services.sessions() as session:
        stored = session.exec(select(Page).where(Page.document_id == world.scan.id,
                                                 Page.number == 1)).one()
    found = [w for w in stored.words if fold(str(w[0])).startswith(word)]
    assert len(found) == 1
    return float(found[0][1]), float(found[0][2]), float(found[0][3]), float(found[0][4])


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(width, 0) * max(height, 0)


def _enlarged(path: Any) -> Image.Image:
    image = Image.open(path).convert("L")
    return image.resize((image.width * 3, image.height * 3), Image.Resampling.LANCZOS)

"""The document page's tools: a 60-page scan gets a short strip, not 60 buttons; links keep
the search, zoom and turn; the screen shows the tools and a typed page number works."""

from __future__ import annotations

from tests.viewer.conftest import Browser, ViewerWorld
from viewer._pages import page_tools


def test_a_long_document_gets_a_short_strip_around_the_page_shown() -> None:
    """GIVEN a 60-page document WHEN page 30 is shown THEN the strip holds the first page, the
    seven around 30, the last, with gaps between, and previous/next are 29 and 31."""
    tools = page_tools(7, 30, 60, "renard", 125, 90)
    assert tools.strip() == [1, None, 27, 28, 29, 30, 31, 32, 33, None, 60]
    assert (tools.previous, tools.next) == (29, 31)
    assert tools.link(31) == "/documents/7?page=31&q=renard&zoom=125&rotate=90"
    assert tools.link(zoom=tools.zoom_in) == "/documents/7?page=30&q=renard&zoom=150&rotate=90"
    assert tools.turned == 180
    first, last = page_tools(7, 1, 60, "", 100, 0), page_tools(7, 60, 60, "", 999, 45)
    assert first.previous is None and first.strip()[:8] == [1, 2, 3, 4, 5, 6, 7, None]
    assert last.next is None and (last.zoom, last.rotate) == (100, 0)
    assert page_tools(7, 2, 3, "", 100, 0).strip() == [1, 2, 3]


def test_the_document_screen_offers_the_page_tools_without_script(
    browser_as: Browser, world: ViewerWorld
) -> None:
    """GIVEN the one-page eurotext scan WHEN opened zoomed and turned THEN the sheet is drawn
    at that size and turn, the page-number form and the zoom and turn links are there; asking
    for a page past the end is the not-found page."""
    client = browser_as("ana")
    page = client.get(f"/documents/{world.scan.id}", params={"zoom": 150, "rotate": 90})
    assert page.status_code == 200
    assert 'class="sheet turn-90" id="sheet" style="width:150%"' in page.text
    assert 'id="page-number" type="number" name="page" min="1" max="1"' in page.text
    assert f'href="/documents/{world.scan.id}?page=1&amp;zoom=200&amp;rotate=90"' in page.text
    assert f'href="/documents/{world.scan.id}?page=1&amp;zoom=150&amp;rotate=180"' in page.text
    assert client.get(f"/documents/{world.scan.id}", params={"page": 2}).status_code == 404

"""Each screen renders for a person allowed to see it and refuses (404 or 403) otherwise; what
the viewer opens is journaled as the API journals it."""

from __future__ import annotations

import re

from sqlmodel import col, select

from core.catalog import AuditEvent, DossierCreate, HouseholdCreate, queries
from tests.viewer.conftest import Browser, ViewerWorld


def test_a_caseworker_searches_and_finds_the_word_marked_in_the_hit(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the OCR'd eurotext scan in a DEM dossier WHEN a DEM caseworker searches "renard"
    THEN one hit links to the document's page with the query, with the word marked."""
    page = browser_as("ana").get("/search", params={"q": "renard"})
    assert page.status_code == 200
    assert f'href="/documents/{world.scan.id}?page=1&amp;q=renard' in page.text
    assert "<mark>renard</mark>" in page.text
    assert 'class="facet"' in page.text  # facets to narrow the search


def test_the_document_screen_draws_the_highlight_and_shows_text_and_downloads(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the eurotext document WHEN it is opened from a search for "renard" THEN the page
    image, one highlight box in % of the page over the word, the OCR text with the word
    marked and both download links are on the screen."""
    page = browser_as("ana").get(f"/documents/{world.scan.id}", params={"q": "renard"})
    assert page.status_code == 200
    assert f'src="/api/v1/documents/{world.scan.id}/pages/1/image?width=1200"' in page.text
    boxes = re.findall(r'class="highlight" style="left:([\d.]+)%;top:([\d.]+)%', page.text)
    assert len(boxes) == 1 and all(0 < float(v) < 100 for v in boxes[0])
    assert "<mark>renard</mark>" in page.text
    assert f"/api/v1/documents/{world.scan.id}/original" in page.text
    assert f"/api/v1/documents/{world.scan.id}/pdf" in page.text


def test_opening_a_document_and_its_page_image_is_journaled(browser_as: Browser,
                                                             world: ViewerWorld) -> None:
    """GIVEN a caseworker WHEN the viewer opens a document and loads its page image THEN the
    journal holds a document.view and a document.page entry by that person."""
    client = browser_as("ana")
    client.get(f"/documents/{world.decision.id}")
    client.get(f"/api/v1/documents/{world.decision.id}/pages/1/image", params={"width": 400})
    with world.services.sessions() as session:
        actions = session.exec(select(AuditEvent.action).where(
            AuditEvent.username == "ana", AuditEvent.entity_id == str(world.decision.id))
            .order_by(col(AuditEvent.seq))).all()
    assert actions[-2:] == ["document.view", "document.page"]


def test_dossier_household_and_list_screens_render_for_the_caseworker(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN dossier 824415 of household UA-1 WHEN its caseworker opens the dossier list, the
    dossier, the household list and the household THEN each shows its data: elements, both
    documents (newest first), the journal de vie, members and their documents."""
    client = browser_as("ana")
    assert "824415" in client.get("/dossiers").text
    dossier = client.get("/dossiers/824415").text
    assert "DEM-APLAC-002" in dossier and "Journal de vie" in dossier
    assert (dossier.index(f"/documents/{world.decision.id}\"")  # dated 2024 first
            < dossier.index(f"/documents/{world.scan.id}\""))
    assert "UA-1" in client.get("/households").text
    household = client.get("/households/UA-1")
    assert household.status_code == 200
    assert "Amélie" in household.text and "Lucas" in household.text
    assert f"/documents/{world.decision.id}" in household.text
    only = client.get("/households/UA-1", params={"type": "decision"}).text
    assert f"/documents/{world.scan.id}\"" not in only


def test_another_department_gets_not_found_pages(browser_as: Browser,
                                                 world: ViewerWorld) -> None:
    """GIVEN a caseworker of another department WHEN they open the dossier, the document, its
    page image or search for its word THEN 404 pages (as if nothing existed) and no hit."""
    client = browser_as("otto")
    assert client.get("/dossiers/824415").status_code == 404
    refused = client.get(f"/documents/{world.scan.id}")
    assert refused.status_code == 404 and "Introuvable" in refused.text
    image = client.get(f"/api/v1/documents/{world.scan.id}/pages/1/image")
    assert image.status_code == 404
    assert "<mark>" not in client.get("/search", params={"q": "renard"}).text


def test_the_clerk_sees_intake_and_the_review_queue_the_caseworker_does_not(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN an unfiled letter in review WHEN the clerk opens upload, the batch and the review
    queue THEN they render with the letter and its actions; the caseworker gets 403 on the
    queue and no link to it."""
    clerk = browser_as("claire")
    assert clerk.get("/upload").status_code == 200
    with world.services.sessions() as session:
        unfiled = session.get(type(world.unfiled), world.unfiled.id)
        assert unfiled is not None
    queue = clerk.get("/review")
    assert queue.status_code == 200
    assert f'action="/review/{world.unfiled.id}"' in queue.text and "sans dossier" in queue.text
    caseworker = browser_as("ana")
    assert caseworker.get("/review").status_code == 403
    assert 'href="/review"' not in caseworker.get("/search").text


def test_batch_progress_screen_shows_each_file_and_polls_while_running(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the clerk uploads a text PDF through the viewer's form WHEN the batch screen is
    shown THEN it lists the file, and counts its document (filed in a dossier a clerk may not
    read) as not visible to her; an unknown batch is a 404 page."""
    from tests.support.documents import text_pdf
    from tests.viewer.conftest import csrf_of

    clerk = browser_as("claire")
    token = csrf_of(clerk.get("/upload").text)
    answer = clerk.post("/upload", data={"csrf": token, "dossier": "513377"},
                        files=[("files", ("note.pdf", text_pdf(["Note au dossier 513377"]),
                                          "application/pdf"))])
    assert answer.status_code == 303 and answer.headers["location"].startswith("/batches/")
    batch = clerk.get(answer.headers["location"])
    assert batch.status_code == 200 and "note.pdf" in batch.text
    assert 'id="batch-not-visible"' in batch.text
    assert 'data-done="true"' in batch.text
    assert clerk.get("/batches/999999").status_code == 404


def test_the_list_filters_find_names_without_their_accents(
        browser_as: Browser, world: ViewerWorld) -> None:
    """GIVEN the DEM dossier "MÜLLER Hans" of household "Famille Müller" and the dossier
    "ARMENGAUD François" WHEN the caseworker filters the dossier list by muller, mueller and
    Müller, by francois, and the household list by mueller THEN each finds its row (and
    muller not the other one)."""
    with world.services.sessions.transaction() as session:
        household = queries.create_household(session, data=HouseholdCreate(
            code="UA-MU", name="Famille Müller"))
        queries.create_dossier(session, data=DossierCreate(
            number="600100", title="MÜLLER Hans", service="DEM", household_id=household.id))
        queries.create_dossier(session, data=DossierCreate(
            number="600200", title="ARMENGAUD François", service="DEM"))
    client = browser_as("ana")
    for typed in ("muller", "mueller", "Müller"):
        listed = client.get("/dossiers", params={"q": typed})
        assert listed.status_code == 200
        assert "MÜLLER Hans" in listed.text and "600200" not in listed.text, typed
    assert "ARMENGAUD François" in client.get("/dossiers", params={"q": "francois"}).text
    assert "UA-MU" in client.get("/households", params={"q": "mueller"}).text
    assert "UA-MU" not in client.get("/households", params={"q": "rossi"}).text


def test_the_batch_screen_counts_what_the_reader_may_not_see(browser_as: Browser,
                                                            world: ViewerWorld) -> None:
    """GIVEN the decision letter filed in dossier 824415 (DEM) by its own batch WHEN the clerk,
    who follows every batch but reads no DEM document, opens that batch THEN its title and
    dossier are not linked, and one document is counted as not visible to her."""
    from sqlmodel import Session

    from core.catalog import BatchItem

    with Session(world.services.sessions.engine) as session:
        item = session.get(BatchItem, world.decision.batch_item_id)
        assert item is not None
        batch_id = item.batch_id
    clerk = browser_as("claire")
    clerk.cookies.set("liasse_lang", "en")
    page = clerk.get(f"/batches/{batch_id}")
    assert page.status_code == 200 and "decision.pdf" in page.text
    assert f'href="/documents/{world.decision.id}"' not in page.text
    assert "/dossiers/824415" not in page.text
    assert "1 document(s) not visible to you" in page.text


def test_error_pages_keep_the_navigation_and_unknown_addresses_get_the_viewers_page(
        browser_as: Browser) -> None:
    """GIVEN a signed-in caseworker WHEN she opens a document that does not exist, then an
    address no screen answers, then one under the API THEN the first two are the viewer's
    not-found page with her navigation and a way back to where she came from, and the API
    still answers JSON."""
    client = browser_as("ana")
    missing = client.get("/documents/2147483000",
                         headers={"referer": "http://testserver/dossiers"})
    assert missing.status_code == 404
    assert 'nav class="main"' in missing.text and 'class="button" href="/dossiers"' in missing.text
    unknown = client.get("/no/such/screen")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert 'nav class="main"' in unknown.text
    assert "/logout" in unknown.text
    api = client.get("/api/v1/no/such/thing")
    assert api.status_code == 404 and api.json()

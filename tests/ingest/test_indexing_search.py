"""Real scans through the whole pipeline (real tesseract), then searched as a caseworker types:
with a typo, a phrase and a field term; the hit points at the page and at the words' boxes.

The scans are read from ``../shared/corpus`` (``ocrmypdf_francais.pdf`` is CC-BY-SA, so it is
never copied into this repository); the tests are skipped, saying why, when it is absent.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from sqlmodel import select

from core.catalog import Document, DossierCreate, Household, HouseholdMembership, Person, queries
from index import MemberPeriod, SearchQuery, SearchResult
from ingest import IncomingFile, index_documents, indexed_document, process_item, receive_batch
from liasse.wiring import Services
from tests.conftest import corpus_file

SCANS = ("scans/tess4j_eurotext.tif", "scans/ocrmypdf_francais.pdf")


@pytest.fixture
def scanned(services: Services) -> Iterator[Services]:
    """GIVEN the multilingual "eurotext" scan and the French pangram scan, OCRed by tesseract
    into dossier 824415 of the Armengaud household."""
    paths = [corpus_file(name) for name in SCANS]
    with services.sessions.transaction() as session:
        household = Household(code="UA-1", name="Famille Armengaud")
        session.add(household)
        session.flush()
        queries.create_dossier(session, data=DossierCreate(
            number="824415", title="ARMENGAUD", service="DEM", household_id=household.id))
        files = [IncomingFile(p.name, io.BytesIO(p.read_bytes())) for p in paths]
        _, items = receive_batch(session, services.blobs, files, source="cli",
                                 dossier_number="824415")
        ids = [i.id for i in items if i.id is not None]
    for item_id in ids:
        process_item(item_id, services.pipeline)
    yield services


def _search(services: Services, text: str, **filters: object) -> SearchResult:
    return services.index.search(SearchQuery(text=text, **filters))  # type: ignore[arg-type]


@pytest.mark.slow
def test_real_scans_are_found_with_a_typo_a_phrase_and_a_field_term(scanned: Services) -> None:
    """WHEN searching the OCRed scans with a misspelt word, a phrase and a field term
    THEN each finds its scan, on page 1, with the matched words' boxes on the page."""
    typo = _search(scanned, "whiksy")  # "whisky", two letters swapped
    assert typo.total == 1
    (hit,) = typo.hits
    assert hit.page == 1 and "<mark>whisky</mark>" in hit.snippet
    assert hit.boxes and all(0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
                             for x0, y0, x1, y1 in hit.boxes)

    phrase = _search(scanned, '"renard brun"')
    assert phrase.total == 1 and "<mark>renard</mark> <mark>brun</mark>" in phrase.hits[0].snippet
    assert _search(scanned, '"brun renard"').total == 0

    assert _search(scanned, "dossier:824415").total == 2
    assert _search(scanned, "juge dossier:999").total == 0
    assert _search(scanned, "consument OR volpe").total == 2
    assert _search(scanned, "chien -volpe").total == 0


@pytest.mark.slow
def test_the_household_view_finds_a_members_document_in_another_dossier(
    scanned: Services,
) -> None:
    """GIVEN Lucie, member of the household, linked to the French scan moved to her own
    dossier WHEN opening the household with its members THEN both scans are listed; by its
    dossiers alone, only the one still filed there."""
    with scanned.sessions.transaction() as session:
        lucie = Person(family_name="Armengaud", given_names="Lucie")
        session.add(lucie)
        session.flush()
        household = session.exec(select(Household)).one()
        session.add(HouseholdMembership(household_id=household.id, person_id=lucie.id))
        own = queries.create_dossier(session, data=DossierCreate(number="777", title="Lucie"))
        french = session.exec(select(Document)
                              .where(Document.original_filename == "ocrmypdf_francais.pdf")).one()
        french.dossier_id = own.id
        from core.catalog import set_document_persons
        set_document_persons(session, document_id=french.id, persons={lucie.id: "test"},
                             made_by="liasse")
        session.flush()
        assert indexed_document(session, french).person_ids == (lucie.id,)
        index_documents(session, scanned.index, [french.id])
        members = (MemberPeriod(lucie.id),)
        household_id = household.id

    view = _search(scanned, "", household_id=household_id, household_members=members)
    assert view.total == 2
    assert _search(scanned, "", household_id=household_id).total == 1

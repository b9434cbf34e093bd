"""Letters in German and Italian: dates and labels in the letter's language."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from core.catalog import Page
from letters import LetterOrder, generate_letter, label, written_date
from liasse.wiring import Services
from tests.letters.conftest import CASEWORKER, needs_libreoffice
from tests.support.dossiers import SeededCatalog

DAY = date(2026, 3, 1)


def test_dates_are_written_in_each_language() -> None:
    """GIVEN 1 March 2026 WHEN written in each language THEN as a letter there writes it."""
    assert [written_date(DAY, lang) for lang in ("fr", "de", "it", "nl", "en")] == [
        "1er mars 2026", "1. März 2026", "1 marzo 2026", "1 maart 2026", "1 March 2026"]
    assert [label("placement", lang) for lang in ("fr", "de", "it")] == [
        "placement", "Unterbringung", "collocamento"]


@needs_libreoffice
@pytest.mark.parametrize(("template", "expected", "absent"), [
    ("demande-pieces-de", ("1. März 2026", "31. März 2026", "Unterbringung DEM-APLAC-002",
                           "Anforderung fehlender Unterlagen", "Lucas Dubois"),
     ("mars", "placement DEM")),
    ("demande-pieces-it", ("1 marzo 2026", "31 marzo 2026", "collocamento DEM-APLAC-002",
                           "Richiesta di documenti mancanti", "Lucas Dubois"),
     ("mars", "placement DEM")),
])
def test_german_and_italian_letters(services: Services, seeded: SeededCatalog, template: str,
                                    expected: tuple[str, ...], absent: tuple[str, ...]) -> None:
    """GIVEN the starter request in German or Italian (reply within 30 days) WHEN generated
    on 1 March 2026 for element DEM-APLAC-002 (a placement) THEN the PDF's text has the
    date, the reply-by date and the element's kind written in that language."""
    made = generate_letter(services.letters, template=template, today=DAY, actor=CASEWORKER,
                           order=LetterOrder("824415", "DEM-APLAC-002",
                                             {"missing_documents": "Lohnausweis"}))
    assert made.reply_by == date(2026, 3, 31)
    with services.sessions() as session:
        text = " ".join(session.exec(select(Page.text).where(
            Page.document_id == made.document_id).order_by(col(Page.number))).all())
    text = " ".join(text.split())
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text

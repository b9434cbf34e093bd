"""Fixtures for the classify tests: page text of the real invoices, a small catalog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from classify import DossierCandidate, ElementCandidate, LinkCandidates, PersonCandidate

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def invoice_text() -> dict[str, str]:
    """The text layer of each invoice PDF, pages joined, by file stem without prefix."""
    texts = {}
    for pdf in sorted(DATA.glob("invoice2data_*.pdf")):
        with pdfplumber.open(pdf) as document:
            pages = [page.extract_text() or "" for page in document.pages]
        texts[pdf.stem.removeprefix("invoice2data_")] = "\n".join(pages)
    return texts


@pytest.fixture
def catalog() -> LinkCandidates:
    """Two households: Dubois (dossier 824415) and Rossi (dossier 513377)."""
    persons = (
        PersonCandidate(1, "Dubois", "Amélie", date(1984, 3, 7), "756.1234.5678.97"),
        PersonCandidate(2, "Dubois", "Loïc", date(2010, 11, 2)),
        PersonCandidate(3, "Rossi", "Mario", date(1985, 12, 10), "RSSMRA85T10A562S"),
        PersonCandidate(4, "Janssens", "Pieter", date(1985, 7, 30), "85.07.30-033.28"),
    )
    dossiers = (
        DossierCandidate(10, "824415", household_id=100, person_ids=(1, 2)),
        DossierCandidate(20, "513377", household_id=200, person_ids=(3,)),
        DossierCandidate(30, "700001", household_id=300, person_ids=(4,)),
    )
    elements = (
        ElementCandidate(11, "DEM-APLAC-002", dossier_id=10, person_id=2),
        ElementCandidate(21, "PRE-RI-014", dossier_id=20, person_id=3),
    )
    return LinkCandidates(dossiers, elements, persons)

"""Dates in five languages, the choice of the document date, amounts and references."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from classify import ReferencePatterns, extract, find_amounts


@pytest.mark.parametrize(("text", "expected"), [
    ("Lausanne, le 1er janvier 2024", date(2024, 1, 1)),
    ("Bern, 19. April 1985", date(1985, 4, 19)),
    ("Lugano, 13 giugno 2016", date(2016, 6, 13)),
    ("Gent, 13 juni 2016", date(2016, 6, 13)),
    ("London, 13 June 2016", date(2016, 6, 13)),
    ("Datum: 13.06.2016", date(2016, 6, 13)),
    ("Date: March 5, 2024", date(2024, 3, 5)),
    ("Genève, le 3 fevr. 2021", date(2021, 2, 3)),
    ("Datum: 13-06-2016", date(2016, 6, 13)),
])
def test_document_date_in_each_language(text: str, expected: date) -> None:
    assert extract(text).document_date == expected


def test_labelled_date_beats_birth_received_and_due_dates() -> None:
    """GIVEN a page with a received stamp, a birth date, a due date and the letter's date
    WHEN the document date is chosen
    THEN it is the letter's date, and the reason says why."""
    text = ("REÇU LE 02.05.2023\nConcerne : Amélie Dubois, née le 07.03.1984\n"
            "Lausanne, le 28 avril 2023\nÉchéance : 28.05.2023")
    found = extract(text)
    assert found.document_date == date(2023, 4, 28)
    assert "heading" in found.date_reason
    assert len(found.dates) == 4


def test_only_a_birth_date_gives_no_document_date() -> None:
    assert extract("Mario Rossi, nato il 10.12.1985").document_date is None


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("Montant : 1'234.50 CHF", "1234.50", "CHF"),
    ("Total 1.234,50 €", "1234.50", "EUR"),
    ("€ 56,02", "56.02", "EUR"),
    ("Total TTC 29,99 €", "29.99", "EUR"),
    ("Fr. 120.- par mois", "120", "CHF"),
    ("Total EUR 34,73", "34.73", "EUR"),
])
def test_amounts_with_currency(text: str, value: str, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.currency) == (Decimal(value), currency)


def test_total_is_the_labelled_total_not_the_tax_or_untaxed_sum() -> None:
    text = "Total HT : 46,68 €\nTVA 20% : 9,34 €\nTotal TTC : 56,02 €\nPénalité : 40€"
    assert extract(text).total.value == Decimal("56.02")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["Dossier n° 824415", "Fascicolo 824415", "Dossier-Nr. 824415",
                                  "N° de dossier : 824415", "Dossiernummer: 824415"])
def test_dossier_number_labels(text: str) -> None:
    assert [r.value for r in extract(text).dossier_numbers] == ["824415"]


def test_unlabelled_six_digits_and_element_codes() -> None:
    found = extract("Tel 824415\nRéf. DEM-APLAC-002\nKopie an Dossier 513377")
    assert [r.value for r in found.element_codes] == ["DEM-APLAC-002"]
    assert [(r.value, r.copy) for r in found.dossier_numbers] == [("513377", True)]


def test_service_specific_reference_patterns() -> None:
    patterns = ReferencePatterns(dossier=(r"UA-(?P<value>\d{4}-\d{4})",))
    assert [r.value for r in extract("UA-2024-0042", patterns).dossier_numbers] == ["2024-0042"]

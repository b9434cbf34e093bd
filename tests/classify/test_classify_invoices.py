"""The five real invoices of invoice2data: typed, dated, totalled as MANIFEST.tsv says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from classify import Classifier, extract

EXPECTED = {  # from ../shared/corpus/MANIFEST.tsv
    "free_fiber": (date(2015, 7, 2), "29.99", None),
    "NetpresseInvoice": (date(2022, 11, 28), "56.02", "FR7610107002450061705231739"),
    "QualityHosting": (date(2014, 5, 7), "34.73", "DE30507500940000048567"),
    "coolblue1": (date(2014, 4, 19), "717.97", "NL50INGB0683251309"),
    "saeco": (date(2022, 9, 8), "49.99", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invoice_typed_dated_totalled(name: str, invoice_text: dict[str, str]) -> None:
    """GIVEN the text layer of a real invoice
    WHEN it is classified and its facts extracted
    THEN it is an invoice, with the date, total and IBAN of its ground truth.

    free_fiber prints a masked IBAN; saeco's IBAN (NL58RABO0198723202) sits in an image,
    out of reach of the text layer until OCR runs, so neither has one here."""
    text = invoice_text[name]
    expected_date, expected_total, expected_iban = EXPECTED[name]
    prediction = Classifier().predict(text)
    found = extract(text)
    assert prediction.code == "invoice", prediction.reason
    assert found.document_date == expected_date, found.date_reason
    assert found.total is not None and found.total.value == Decimal(expected_total)
    assert found.total.currency == "EUR"
    ibans = [i.value for i in found.valid_ibans]
    assert ibans == ([expected_iban] if expected_iban else [])

"""National identifiers and IBANs: real-format numbers, valid and with a wrong check digit."""

from __future__ import annotations

import pytest

from classify import (
    avs_is_valid,
    be_nrn_is_valid,
    codice_fiscale_check_letter,
    codice_fiscale_is_valid,
    find_ibans,
    find_national_ids,
    iban_is_valid,
)


@pytest.mark.parametrize("number", ["756.1234.5678.97", "7561234567897", "756 9217 0769 85"])
def test_avs_valid(number: str) -> None:
    assert avs_is_valid(number)


@pytest.mark.parametrize("number", ["756.1234.5678.98", "756.1234.5678.9", "757.1234.5678.97"])
def test_avs_invalid(number: str) -> None:
    assert not avs_is_valid(number)


@pytest.mark.parametrize("number", ["85.07.30-033.28", "93.05.18-223.61", "01.01.01-001.26"])
def test_belgian_register_number_valid(number: str) -> None:
    """The last one is born in 2001: its check is computed over "2" + the first 9 digits."""
    assert be_nrn_is_valid(number)


@pytest.mark.parametrize("number", ["85.07.30-033.29", "93.05.18-223.16", "8507300332"])
def test_belgian_register_number_invalid(number: str) -> None:
    assert not be_nrn_is_valid(number)


def test_codice_fiscale_published_example_is_valid() -> None:
    assert codice_fiscale_is_valid("RSSMRA85T10A562S")
    assert codice_fiscale_check_letter("RSSMRA85T10A562") == "S"


@pytest.mark.parametrize("code", ["RSSMRA85T10A562T", "RSSMRA85Z10A562S", "RSSMRA85T10A56"])
def test_codice_fiscale_invalid(code: str) -> None:
    assert not codice_fiscale_is_valid(code)


@pytest.mark.parametrize("iban", ["CH93 0076 2011 6238 5295 7", "NL50INGB0683251309",
                                  "FR76 1010 7002 4500 6170 5231 739", "BE68 5390 0754 7034",
                                  "DE30507500940000048567"])
def test_iban_valid(iban: str) -> None:
    assert iban_is_valid(iban)


@pytest.mark.parametrize("iban", ["CH93 0076 2011 6238 5295 8", "NL50INGB0683251308",
                                  "BE68 5390 0754 703", "XX00 1234"])
def test_iban_invalid(iban: str) -> None:
    assert not iban_is_valid(iban)


def test_identifiers_found_in_text_and_wrong_ones_flagged() -> None:
    """GIVEN a text with a good AVS and a codice fiscale with a wrong check letter
    WHEN identifiers are searched
    THEN both are reported, and only the AVS is valid."""
    found = find_national_ids("AVS 756.1234.5678.97, C.F. RSSMRA85T10A562T")
    verdicts = {n.kind: n.valid for n in found}
    assert verdicts == {"avs": True, "it_cf": False}
    assert "WRONG" in next(n.reason for n in found if not n.valid)


def test_iban_in_odd_grouping_and_masked_iban_skipped() -> None:
    text = "IBAN : FR76 10107 00245 00617052317 39 - BIC\nIBAN : FR76 ****************"
    assert [i.value for i in find_ibans(text)] == ["FR7610107002450061705231739"]

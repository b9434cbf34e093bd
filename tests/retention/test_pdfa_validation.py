"""PDF/A-2b renditions, checked by veraPDF (the PDF Association's validator, run from its
Maven Central build): both ways of making them, from a scan and from a born-digital PDF, and a
plain PDF to show the check really refuses what is not PDF/A."""

from __future__ import annotations

from retention import pdfa_part, pdfa_rendition
from tests.support.documents import scanned_pdf, text_pdf
from tests.support.verapdf import assert_pdfa, verapdf_report


def test_verapdf_refuses_a_plain_pdf() -> None:
    """GIVEN a plain PDF (no PDF/A metadata, no output intent) WHEN veraPDF checks it against
    PDF/A-2b THEN it is not compliant, and the report names the broken rules."""
    compliant, report = verapdf_report(text_pdf(["Décision d'aide sociale"]))

    assert not compliant
    assert report.startswith("FAIL ") and "6.6.2.1" in report  # the XMP metadata rule


def test_the_rendition_of_a_scan_is_pdfa_2b() -> None:
    """GIVEN a scanned page (an image only) WHEN its archival rendition is made (OCRed)
    THEN it claims PDF/A-2B and veraPDF finds it compliant."""
    rendition = pdfa_rendition(scanned_pdf(["Décision du 3 mars 2016"]), language="fr")

    assert pdfa_part(rendition.data) == "2B"
    assert_pdfa(rendition.data)


def test_the_rendition_of_a_born_digital_pdf_is_pdfa_2b() -> None:
    """GIVEN a born-digital PDF with its text WHEN its archival rendition is made
    THEN veraPDF finds it PDF/A-2b compliant, however it was made (recorded in ``how``)."""
    rendition = pdfa_rendition(text_pdf(["Facture de loyer", "Page deux"]), language="fr")

    assert rendition.how
    assert_pdfa(rendition.data)

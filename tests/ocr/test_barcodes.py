"""Reading barcodes on pages and recognising separator sheets.

The separator samples come from paperless-ngx (GPL-3.0): they are read from the shared corpus,
never copied here, and these tests are skipped when that folder is absent.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import segno
from PIL import Image

from core import InvalidInput
from ocr._barcodes import Barcode, SeparatorMatch, find_separator, read_barcodes

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SEPARATORS = CORPUS / "separators"
needs_corpus = pytest.mark.skipif(
    not SEPARATORS.is_dir(),
    reason=f"GPL separator samples are used in place from {SEPARATORS}, which is absent",
)

# What MANIFEST.tsv says each sample carries: {page index: barcode values on that page}.
SAMPLES: dict[str, dict[int, set[str]]] = {
    "paperless_patch-code-t.pdf": {0: {"PATCHT"}},
    "paperless_patch-code-t-middle.pdf": {1: {"PATCHT"}},
    "paperless_several-patcht-codes.pdf": {2: {"PATCHT"}, 5: {"PATCHT"}},
    "paperless_patch-code-t-qr.pdf": {0: {"PATCHT"}},
    "paperless_patch-code-t-middle-unreadable.pdf": {},
    "paperless_barcode-fax-image.pdf": {1: {"PATCHT"}},
    "paperless_barcode-39-asn-123.pdf": {0: {"ASN00123"}},
    "paperless_barcode-qr-asn-000123-upscale-dpi.pdf": {0: {"ASN 000123"}},
    "paperless_split-by-asn-2.pdf": {
        0: {"ASN00123"}, 2: {"PATCHT"}, 4: {"ASN00124"}, 5: {"ASN00125"}, 8: {"ASN00126"},
        10: {"ASN00127"},
    },
    "paperless_barcode-128-custom.pdf": {0: {"CUSTOM BARCODE"}},
}


def _pages(name: str, dpi: int) -> Iterator[Image.Image]:
    pdf = pdfium.PdfDocument(SEPARATORS / name)
    try:
        for page in pdf:
            yield page.render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()


def _separator_pages(name: str, dpi: int, values: tuple[str, ...] = ("PATCHT",)) -> set[int]:
    return {
        index
        for index, page in enumerate(_pages(name, dpi))
        if find_separator(read_barcodes(page), values) is not None
    }


def _code(value: str, fmt: str = "Code39") -> Barcode:
    return Barcode(format=fmt, value=value, box=(0.1, 0.1, 0.3, 0.2))


def test_manifest_covers_every_separator_sample() -> None:
    """GIVEN the separators folder of the corpus
    WHEN its files are listed
    THEN each one has its expectation here (a new sample must not go untested)."""
    if not SEPARATORS.is_dir():
        pytest.skip(f"GPL separator samples are used in place from {SEPARATORS}, absent")
    assert {path.name for path in SEPARATORS.glob("*.pdf")} == set(SAMPLES)


@needs_corpus
@pytest.mark.parametrize("dpi", [150, 300])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_barcodes_of_each_sample(name: str, dpi: int) -> None:
    """GIVEN a separator sample rendered at 150 or 300 dpi
    WHEN the barcodes of each page are read
    THEN exactly the values the manifest lists are found, on the pages it lists."""
    found = {
        index: {barcode.value for barcode in read_barcodes(page)}
        for index, page in enumerate(_pages(name, dpi))
    }
    assert {index: values for index, values in found.items() if values} == SAMPLES[name]


@needs_corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("paperless_patch-code-t.pdf", {0}),
        ("paperless_patch-code-t-middle.pdf", {1}),
        ("paperless_several-patcht-codes.pdf", {2, 5}),
        ("paperless_patch-code-t-qr.pdf", {0}),
        ("paperless_patch-code-t-middle-unreadable.pdf", set()),
        ("paperless_barcode-fax-image.pdf", {1}),
        ("paperless_split-by-asn-2.pdf", {2}),
        ("paperless_barcode-39-asn-123.pdf", set()),
        ("paperless_barcode-128-custom.pdf", set()),
    ],
)
def test_patch_t_separator_pages(name: str, expected: set[int]) -> None:
    """GIVEN a sample and the default separator value PATCHT
    WHEN each page is checked for a separator
    THEN separators are found exactly where the manifest says (none on the damaged one)."""
    assert _separator_pages(name, 200) == expected


@needs_corpus
def test_custom_separator_value_only_when_configured() -> None:
    """GIVEN the page carrying a Code 128 "CUSTOM BARCODE"
    WHEN it is checked with the default values, then with "CUSTOM BARCODE" configured
    THEN it is a separator only in the second case, and the match says which barcode."""
    name = "paperless_barcode-128-custom.pdf"
    assert _separator_pages(name, 150) == set()
    assert _separator_pages(name, 150, ("CUSTOM BARCODE",)) == {0}
    page = next(_pages(name, 150))
    match = find_separator(read_barcodes(page), ("CUSTOM BARCODE",))
    assert match is not None
    assert match.barcode.format == "Code128"
    assert "CUSTOM BARCODE" in match.reason


@needs_corpus
def test_formats_not_asked_for_are_not_read() -> None:
    """GIVEN a page with only a Code 39 barcode
    WHEN barcodes are read restricted to QR codes
    THEN nothing is found."""
    page = next(_pages("paperless_patch-code-t.pdf", 150))
    assert read_barcodes(page, formats=("QRCode",)) == []
    assert [b.format for b in read_barcodes(page, formats=("Code39",))] == ["Code39"]


def test_generated_qr_code_is_read_with_its_box() -> None:
    """GIVEN a 300 dpi A4 page with a QR code in its upper right quarter
    WHEN its barcodes are read
    THEN the value is found, and its box (fractions of the page) lies in that quarter."""
    page = Image.new("L", (2480, 3508), 255)
    png = io.BytesIO()
    segno.make("LIASSE test", error="m", micro=False).save(png, kind="png", scale=12, border=4)
    page.paste(Image.open(png), (1700, 300))
    (barcode,) = read_barcodes(page)
    assert (barcode.format, barcode.value) == ("QRCode", "LIASSE test")
    x0, y0, x1, y1 = barcode.box
    assert 0.5 < x0 < x1 < 1.0
    assert 0.0 < y0 < y1 < 0.5


def test_unknown_format_is_invalid_input() -> None:
    """GIVEN a format name zxing-cpp does not know
    WHEN barcodes are read
    THEN InvalidInput names it."""
    with pytest.raises(InvalidInput, match="Code999"):
        read_barcodes(Image.new("L", (100, 100), 255), formats=("QRCode", "Code999"))


def test_blank_page_has_no_barcodes() -> None:
    """GIVEN a white page
    WHEN its barcodes are read
    THEN none are found."""
    assert read_barcodes(Image.new("RGB", (1240, 1754), "white")) == []


def test_find_separator_matches_whole_values_only() -> None:
    """GIVEN barcodes that resemble the separator value without being it
    WHEN a separator is looked for
    THEN none is found; with the exact value (spaces around trimmed), it is."""
    near_misses = [_code("patcht"), _code("PATCHT-2"), _code("XPATCHT")]
    assert find_separator(near_misses) is None
    exact = _code(" PATCHT ", "QRCode")
    assert find_separator([*near_misses, exact]) == SeparatorMatch(
        barcode=exact, reason='QRCode barcode "PATCHT" is a configured separator value'
    )


def test_find_separator_returns_the_first_match() -> None:
    """GIVEN two barcodes that are both configured separator values
    WHEN a separator is looked for
    THEN the first one (top of the page) is the match."""
    first, second = _code("SEP-A"), _code("SEP-B")
    match = find_separator([first, second], values=("SEP-B", "SEP-A"))
    assert match is not None
    assert match.barcode is first


def test_find_separator_without_barcodes() -> None:
    """GIVEN a page without barcodes
    WHEN a separator is looked for
    THEN there is none."""
    assert find_separator([]) is None

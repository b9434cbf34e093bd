"""Split: separator and cover sheets cut a stack into documents; blank pages are left out."""

from __future__ import annotations

from core import PageText
from ingest._cover_sheet import CoverSheet, cover_payload
from ingest._split import split_pages


def page(number: int, text: str = "texte", *, blank: bool = False,
         codes: tuple[str, ...] = ()) -> PageText:
    return PageText(number=number, text=text, source="ocr", reason="", blank=blank, codes=codes)


def test_separators_cut_and_are_dropped() -> None:
    """GIVEN pages 1-2, a separator, page 4 WHEN split THEN two documents of 2 and 1 pages,
    each part saying where it comes from, the separator counted as a marker page."""
    result = split_pages([page(1), page(2), page(3, codes=("PATCHT",)), page(4)],
                         separators=("PATCHT",))
    assert [[p.number for p in part.pages] for part in result.parts] == [[1, 2], [4]]
    assert result.parts[1].reason == "page 4, after a separator sheet on page 3"
    assert result.marker_pages == 1 and result.blank_pages == 0


def test_a_cover_sheet_cuts_and_links_the_next_document_only() -> None:
    """GIVEN a cover sheet, a letter with a blank backside, a separator, another letter
    WHEN split THEN the first document carries the cover's dossier and the second none;
    the blank page is counted and left out."""
    cover = cover_payload(CoverSheet(dossier_number="824415", dossier_title="",
                                     element_reference="DEM-APLAC-002", doc_type="decision"))
    result = split_pages([page(1, codes=(cover,)), page(2), page(3), page(4, blank=True),
                          page(5, codes=("PATCHT",)), page(6)], separators=("PATCHT",))
    first, second = result.parts
    assert [p.number for p in first.pages] == [2, 3] and first.cover is not None
    assert (first.cover.dossier_number, first.cover.element_reference) == ("824415",
                                                                            "DEM-APLAC-002")
    assert second.cover is None and [p.number for p in second.pages] == [6]
    assert result.blank_pages == 1 and result.marker_pages == 2


def test_other_barcodes_do_not_split() -> None:
    """GIVEN a page with an unrelated barcode WHEN split with the default separators
    THEN nothing is cut (only configured values split)."""
    result = split_pages([page(1), page(2, codes=("CUSTOM BARCODE",)), page(3)],
                         separators=("PATCHT",))
    assert len(result.parts) == 1 and len(result.parts[0].pages) == 3
    configured = split_pages([page(1), page(2, codes=("CUSTOM BARCODE",)), page(3)],
                             separators=("CUSTOM BARCODE",))
    assert len(configured.parts) == 2


def test_a_stack_of_only_markers_and_blanks_has_no_document() -> None:
    """GIVEN a separator and a blank page WHEN split THEN no part at all."""
    result = split_pages([page(1, codes=("PATCHT",)), page(2, blank=True)],
                         separators=("PATCHT",))
    assert result.parts == () and result.blank_pages == 1

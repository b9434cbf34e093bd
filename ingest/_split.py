"""Split: a scanned stack becomes documents at separator and cover sheets; blank pages go.

A separator sheet (a barcode whose value is one of the configured separator values, PATCHT by
default) ends the document before it and is not part of any document. A cover sheet printed by
Liasse does the same and, in addition, says which dossier (element, type) the document after it
belongs to. Blank pages (duplex backsides) are left out of documents; they stay in the stored
original and are counted. A page carrying the QR code of a letter Liasse wrote starts a new
document (the returned copy of that letter) unless the page before it names the same letter;
the page is kept. Optionally, a barcode whose value starts with one of ``starts``
(e.g. "ASN", an archive serial number label stuck on a document's first page) starts a new
document at the page that carries it; that page is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core import PageText
from core.sheet_codes import LetterCode, parse_letter_payload
from ingest._cover_sheet import CoverSheet, parse_cover_payload


@dataclass(frozen=True, slots=True)
class DocumentPart:
    """One document found in a file: its pages, the cover sheet in front of it if any, the
    letter it is a returned copy of if its first page carries one's QR code."""

    index: int
    pages: tuple[PageText, ...]
    cover: CoverSheet | None
    reason: str
    letter: LetterCode | None = None


@dataclass(frozen=True, slots=True)
class SplitResult:
    parts: tuple[DocumentPart, ...]
    blank_pages: int
    marker_pages: int


def split_pages(pages: Sequence[PageText], *, separators: Sequence[str],
                starts: Sequence[str] = ()) -> SplitResult:
    """Cut ``pages`` (in page order) into documents. Every decision is stated in the part's
    reason, e.g. "pages 4–6, after a separator sheet on page 3"."""
    parts: list[DocumentPart] = []
    current: list[PageText] = []
    cover: CoverSheet | None = None
    letter: LetterCode | None = None
    opened_by = "start of the file"
    blanks = markers = 0

    def close() -> None:
        if current:
            span = _span(current)
            parts.append(DocumentPart(len(parts), tuple(current), cover,
                                      f"{span}, after {opened_by}", letter))

    for page in pages:
        sheet = _marker(page, separators)
        if sheet is not None:
            markers += 1
            close()
            current, cover = [], sheet if isinstance(sheet, CoverSheet) else None
            letter = None
            kind = "a cover sheet" if cover else "a separator sheet"
            opened_by = f"{kind} on page {page.number}"
        elif page.blank:
            blanks += 1
        else:
            named = _letter_code(page)
            if named is not None and (letter is None or named.letter_id != letter.letter_id):
                close()
                current, cover, letter = [], None, named
                opened_by = f"the QR code of letter {named.letter_id} on page {page.number}"
            elif current and (code := _start_code(page, starts)):
                close()
                current, cover, letter = [], None, None
                opened_by = f"a new document's code {code} on page {page.number}"
            current.append(page)
    close()
    return SplitResult(tuple(parts), blanks, markers)


def _marker(page: PageText, separators: Sequence[str]) -> CoverSheet | str | None:
    for code in page.codes:
        if (sheet := parse_cover_payload(code)) is not None:
            return sheet
        if code.strip() in separators:
            return code
    return None


def _letter_code(page: PageText) -> LetterCode | None:
    return next((c for c in map(parse_letter_payload, page.codes) if c is not None), None)


def _start_code(page: PageText, starts: Sequence[str]) -> str | None:
    return next((c for c in page.codes if starts and c.strip().startswith(tuple(starts))), None)


def _span(pages: list[PageText]) -> str:
    first, last = pages[0].number, pages[-1].number
    return f"page {first}" if first == last else f"pages {first}–{last}"

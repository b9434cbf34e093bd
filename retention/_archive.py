"""Archived copies of a dossier's documents: the original under ``archive/originals/`` (shared by
the documents cut from one original) and a PDF/A rendition under ``archive/renditions/``,
each recorded with its SHA-256 (``ArchivedObject``). Where the store supports object lock
(``S3BlobStore``), each copy is locked in COMPLIANCE mode until its disposition date: then
not even the storage administrator can remove it early. The local store has no lock; that is
recorded on the copy."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from core import LiasseError
from core.catalog import ArchivedObject, Document, DocumentRetention
from retention._renditions import document_pdf, pdfa_rendition
from storage import BlobStore

log = logging.getLogger(__name__)


@dataclass
class ArchiveReport:
    copied: int = 0
    renditions: int = 0
    locked: int = 0
    problems: list[str] = field(default_factory=list)


def archive_key(sha256: str) -> str:
    return f"archive/originals/{sha256[:2]}/{sha256}"


def rendition_key(document_id: int) -> str:
    return f"archive/renditions/{document_id}.pdf"


def _record(session: Session, *, document_id: int, kind: str, key: str, sha256: str,
            size: int, note: str = "") -> ArchivedObject:
    row = session.exec(select(ArchivedObject).where(
        ArchivedObject.document_id == document_id, ArchivedObject.kind == kind)).first()
    row = row or ArchivedObject(document_id=document_id, kind=kind, key=key, sha256=sha256)
    row.key, row.sha256, row.size, row.note = key, sha256, size, note[:300]
    session.add(row)
    return row


def _lock(blobs: BlobStore, row: ArchivedObject, until: date | None) -> bool:
    """Lock the copy until ``until`` where the store can; say on the row what was done."""
    lock = getattr(blobs, "lock", None)
    if lock is None:
        row.note = "no object lock on this store (local folder)"
        return False
    if until is None or until <= date.today():
        row.note = "not locked: no disposition date ahead"
        return False
    if row.locked_until is not None and row.locked_until >= until:
        return False  # a COMPLIANCE lock can only be extended
    lock(row.key, datetime(until.year, until.month, until.day, tzinfo=UTC), "COMPLIANCE")
    row.locked_until, row.note = until, f"COMPLIANCE lock until {until}"
    return True


def _due(session: Session, document: Document) -> date | None:
    row = session.get(DocumentRetention, document.id)
    return row.disposition_on if row is not None else None


def _latest_due(session: Session, sha256: str) -> date | None:
    """Parts of one original share its archived copy: it stays locked for the longest."""
    dates = [row.disposition_on for row in session.exec(select(DocumentRetention).join(
        Document, col(Document.id) == col(DocumentRetention.document_id)).where(
        Document.original_sha256 == sha256))]
    known = [d for d in dates if d is not None]
    return max(known) if known and len(known) == len(dates) else None


def archive_documents(session: Session, blobs: BlobStore, documents: list[Document], *,
                      renditions: bool = True) -> ArchiveReport:
    report = ArchiveReport()
    for document in documents:
        assert document.id is not None
        original = blobs.get(document.original_key)
        key = archive_key(document.original_sha256)
        if not blobs.exists(key):
            blobs.put(key, original, content_type=document.mime_type)
            report.copied += 1
        row = _record(session, document_id=document.id, kind="original", key=key,
                      sha256=document.original_sha256, size=len(original))
        report.locked += _lock(blobs, row, _latest_due(session, document.original_sha256))
        if renditions:
            _rendition(session, blobs, document, original, report)
    session.flush()
    return report


def _rendition(session: Session, blobs: BlobStore, document: Document, original: bytes,
               report: ArchiveReport) -> None:
    assert document.id is not None
    try:
        pdf = document_pdf(original, mime_type=document.mime_type,
                           first_page=document.first_page, page_count=document.page_count)
        made = pdfa_rendition(pdf, language=document.language)
    except LiasseError as exc:  # a rendition that cannot be made never blocks archiving
        log.warning("no PDF/A rendition for document %s: %s", document.id, exc)
        report.problems.append(f"document {document.id}: no PDF/A rendition ({exc})"[:300])
        return
    info = blobs.put(rendition_key(document.id), made.data, content_type="application/pdf")
    row = _record(session, document_id=document.id, kind="pdfa", key=info.key,
                  sha256=info.sha256, size=info.size, note=made.how)
    how = made.how
    report.locked += _lock(blobs, row, _due(session, document))
    row.note = f"{how}; {row.note}"[:300] if row.note != how else how
    report.renditions += 1


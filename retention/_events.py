"""PREMIS-style events of an archival package, gathered from what Liasse recorded: each
document's intake and pipeline facts (how each page's text was obtained, why its type and
link were chosen, and by whom), the audit journal (lifecycle, access, changes, holds, fixity
checks) and the fixity check made while the package was written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from core.catalog import AuditEvent, Document, Dossier, Page
from retention._mets import Event, PackageFile

_JOURNAL_TYPES = {"document.view": "access", "document.page": "access",
                  "document.download": "access", "dossier.close": "closure",
                  "dossier.archive": "accession", "dossier.reactivate": "reactivation",
                  "dossier.export": "dissemination", "fixity.check": "fixity check",
                  "fixity.mismatch": "fixity check", "hold.place": "legal hold",
                  "hold.release": "legal hold release", "document.classify": "classification",
                  "document.update": "metadata modification"}


def _pipeline_events(session: Session, document: Document) -> list[Event]:
    ref = (f"document:{document.id}",)
    who = "liasse"
    events = [Event("ingestion", document.created_at,
                    f"received {document.original_filename or 'a file'} "
                    f"({document.mime_type}, source {document.source}), pages "
                    f"{document.first_page}-{document.first_page + document.page_count - 1} "
                    f"of the original, sha256 {document.original_sha256}", agent=who,
                    objects=ref)]
    for page in session.exec(select(Page).where(Page.document_id == document.id)
                             .order_by(col(Page.number))):
        kind = "ocr" if page.text_source == "ocr" else "text extraction"
        conf = f", confidence {page.confidence:.0f}" if page.confidence is not None else ""
        events.append(Event(kind, document.created_at, f"page {page.number}: "
                            f"{page.text_source} ({page.text_reason}){conf}", objects=ref))
    if document.doc_type:
        events.append(Event("classification", document.created_at,
                            f"type {document.doc_type}: {document.type_reason}",
                            agent=document.type_made_by or who, objects=ref))
    if document.link_reason:
        events.append(Event("linking", document.created_at, document.link_reason,
                            agent=document.link_made_by or who, objects=ref))
    return events


def _journal_events(session: Session, dossier: Dossier,
                    documents: Sequence[Document]) -> list[Event]:
    ids = {str(d.id) for d in documents}
    query = select(AuditEvent).where(col(AuditEvent.dossier_id) == dossier.id).order_by(
        col(AuditEvent.seq))
    events = []
    for entry in session.exec(query):
        kind = _JOURNAL_TYPES.get(entry.action, entry.action)
        objects = (f"document:{entry.entity_id}",) if entry.entity_type == "document" and \
            entry.entity_id in ids else (f"dossier:{dossier.number}",)
        detail = f"{entry.action} (journal entry {entry.seq})"
        if entry.reason:
            detail += f": {entry.reason}"
        events.append(Event(kind, entry.at, detail, agent=entry.username, objects=objects))
    return events


def package_events(session: Session, *, dossier: Dossier, documents: Sequence[Document],
                   files: Sequence[PackageFile], exported_at: datetime,
                   actor: str) -> list[Event]:
    events = [e for d in documents for e in _pipeline_events(session, d)]
    events += _journal_events(session, dossier, documents)
    events.append(Event("fixity check", exported_at,
                        f"{len(files)} file(s) read from storage and matched to the catalog's "
                        "SHA-256 while the package was written", agent=actor,
                        objects=tuple(f.id for f in files)))
    return sorted(events, key=lambda e: _naive_utc(e.at))


def _naive_utc(moment: datetime) -> datetime:
    """SQLite gives times back without their zone (they are UTC): compare like with like."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)

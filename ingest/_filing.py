"""Filing: write what the describe stage found into a document's catalog row, its person links
and its dossier's journal, without ever undoing a person's decision.

``file_draft`` serves both a new document (``persist``) and a document described again
(``refile_document``, e.g. after the classifier was retrained): a type, date or link a person
made (``type_made_by`` etc. starting with ``person:``) is kept as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from core import NotFound, SessionFactory
from core.catalog import (
    LIASSE,
    Batch,
    BatchItem,
    Document,
    DocumentSource,
    DocumentStatus,
    JournalEntryBase,
    JournalKind,
    Page,
    is_person,
    record_in_journal,
    refuse_if_held,
    remove_from_journal,
    set_document_persons,
)
from ingest._describe import DeskMetadata, DocumentDraft, describe, desk_metadata
from ingest._doubts import Doubt, PageFacts, ReviewRules, review_doubts
from ingest._models import current_classifier
from storage import BlobStore


def file_draft(session: Session, *, document: Document, draft: DocumentDraft,
               doubts: Sequence[Doubt] = ()) -> None:
    """Apply ``draft`` to ``document`` (flushed, with an id), keeping a person's decisions.
    ``doubts`` (``ingest._doubts``) send it to review even when its link is sure."""
    assert document.id is not None
    if not is_person(document.type_made_by):
        document.doc_type, document.type_confidence = draft.doc_type, draft.type_confidence
        document.type_reason, document.type_made_by = draft.type_reason, draft.type_made_by
    if not is_person(document.date_made_by):
        document.doc_date, document.date_reason = draft.doc_date, draft.date_reason
        document.date_made_by = LIASSE
    if not is_person(document.link_made_by):
        _file_link(session, document, draft, bool(doubts))
    session.add(document)
    session.flush()
    update_journal(session, document=document)


def _file_link(session: Session, document: Document, draft: DocumentDraft,
               doubtful: bool) -> None:
    assert document.id is not None
    document.dossier_id, document.element_id = draft.dossier_id, draft.element_id
    document.link_confidence, document.link_reason = draft.link_confidence, draft.link_reason
    document.link_made_by = draft.link_made_by
    document.suggestions = [s.as_json() for s in draft.suggestions] or None
    document.status = (DocumentStatus.review if draft.needs_review or doubtful
                       else DocumentStatus.active)
    reasons = dict(zip(draft.person_ids, draft.person_reasons, strict=False))
    set_document_persons(session, document_id=document.id,
                         persons={p: reasons.get(p, draft.link_reason) for p in draft.person_ids},
                         made_by=draft.link_made_by or LIASSE)


def update_journal(session: Session, *, document: Document) -> None:
    """The document's line in its dossier's journal de vie (none while in no dossier)."""
    assert document.id is not None
    if document.dossier_id is None:
        remove_from_journal(session, document_id=document.id)
        return
    kind = (JournalKind.produced if document.source == DocumentSource.generated
            else JournalKind.incoming)
    happened_on = document.doc_date or document.created_at.date()
    record_in_journal(session, entry=JournalEntryBase(
        dossier_id=document.dossier_id, document_id=document.id, element_id=document.element_id,
        happened_on=happened_on, kind=kind, title=document.title, doc_type=document.doc_type,
        made_by=document.link_made_by or LIASSE))


def document_text(session: Session, *, document_id: int) -> str:
    pages = session.exec(select(Page.text).where(Page.document_id == document_id)
                         .order_by(col(Page.number))).all()
    return "\n".join(pages)


def stored_doubts(session: Session, *, document: Document,
                  rules: ReviewRules | None = None) -> tuple[Doubt, ...]:
    """The review doubts about a stored document, from its pages (``ingest._doubts``)."""
    pages = session.exec(select(Page).where(Page.document_id == document.id)
                         .order_by(col(Page.number))).all()
    parts = session.exec(select(func.count()).select_from(Document).where(
        Document.original_sha256 == document.original_sha256)).one()
    return review_doubts([PageFacts.of_page(p) for p in pages], split=parts > 1,
                         rules=rules or ReviewRules())


def refile_document(document_id: int, *, sessions: SessionFactory, blobs: BlobStore,
                    rules: ReviewRules | None = None) -> DocumentDraft:
    """Describe a stored document again (newest model) and file what changed, in one
    transaction. A person's type, date and link stay. The caller reindexes it."""
    with sessions.transaction() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"no document {document_id}")
        refuse_if_held(session, document=document)  # held or archived: left as it is
        draft = describe(session, title=document.title,
                         text=document_text(session, document_id=document_id),
                         desk=_desk_of(session, document.batch_item_id),
                         classifier=current_classifier(blobs))
        file_draft(session, document=document, draft=draft,
                   doubts=stored_doubts(session, document=document, rules=rules))
        return draft


def _desk_of(session: Session, batch_item_id: int | None) -> DeskMetadata:
    item = session.get(BatchItem, batch_item_id) if batch_item_id else None
    return desk_metadata(session, batch=session.get(Batch, item.batch_id) if item else None)


"""The review queue: documents waiting for a clerk, and what the clerk does with them.

A document is in the queue while its status is ``review``: Liasse could not link it with
confidence, or it has a doubt (low OCR confidence, an unreadable page, a doubtful split: see
``ingest._doubts``
for the rules). The listing says why for each document. A clerk then

* **confirms** it: its type and dossier are recorded as the clerk's (``person:<user>``), and it
  leaves the queue. A document without a dossier cannot be confirmed: re-link it;
* **re-links** it to a dossier (and element): a person's link, so it leaves the queue;
* **re-types** it: it stays in the queue until confirmed;
* **merges** two documents cut from the same original (pages in their original order, the
  second document removed);
* **splits** one at a page: the following pages become a new document, which waits in review
  with the dossier and type copied from the first, until confirmed or re-linked.

Every operation works inside the caller's transaction and never commits. Each queues the
documents it touched for the index (``core.catalog.queue_for_index``); the caller journals the
change and drains the outbox after committing. ``run_bulk`` applies one operation per item,
each in a savepoint, and reports every item's outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, col, delete, select

from core import InvalidInput, LiasseError, NotFound
from core.catalog import (
    LIASSE,
    BatchItem,
    Document,
    DocumentPerson,
    DocumentSource,
    DocumentStatus,
    Dossier,
    Page,
    document_persons,
    queue_for_index,
    remove_from_journal,
    set_document_persons,
)
from ingest._corrections import Correction, apply_correction
from ingest._doubts import Doubt, ReviewReason, ReviewRules
from ingest._filing import stored_doubts, update_journal

T = TypeVar("T")
# What a document split off another does not take from it.
_NOT_COPIED = {"id", "part", "first_page", "page_count", "created_at", "ocr_confidence",
               "status", "link_made_by", "link_reason", "link_confidence"}
PAGE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    document: Document
    dossier_number: str | None
    batch_id: int | None
    doubts: tuple[Doubt, ...]

    @property
    def reasons(self) -> tuple[ReviewReason, ...]:
        return tuple(dict.fromkeys(d.reason for d in self.doubts))

    def as_json(self) -> dict[str, Any]:
        d = self.document
        return {"document": d.id, "title": d.title, "dossier": self.dossier_number,
                "doc_type": d.doc_type, "status": str(d.status), "pages": d.page_count,
                "first_page": d.first_page, "part": d.part, "batch": self.batch_id,
                "ocr_confidence": d.ocr_confidence, "link_reason": d.link_reason,
                "reasons": [str(r) for r in self.reasons],
                "doubts": [doubt.as_json() for doubt in self.doubts],
                "suggestions": d.suggestions or []}


@dataclass(frozen=True, slots=True)
class ReviewPage:
    total: int
    entries: tuple[ReviewEntry, ...]


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    document_id: int
    action: str
    ok: bool
    detail: str = ""
    code: str = ""
    result: int | None = None  # the document the action produced or kept

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document_id, "action": self.action, "ok": self.ok,
                "detail": self.detail, "code": self.code, "result": self.result}


def review_doubts_of(session: Session, *, document: Document,
                     rules: ReviewRules | None = None) -> tuple[Doubt, ...]:
    """Why ``document`` waits in review: no dossier, the page doubts, else a doubtful link."""
    doubts = list(stored_doubts(session, document=document, rules=rules))
    if document.dossier_id is None:
        doubts.insert(0, Doubt(ReviewReason.no_dossier,
                               document.link_reason or "no dossier could be chosen"))
    elif not doubts:
        doubts.append(Doubt(ReviewReason.doubtful_link,
                            document.link_reason or "waits for a person's look"))
    return tuple(doubts)


def review_queue(session: Session, *, reason: ReviewReason | None = None,
                 batch_id: int | None = None, rules: ReviewRules | None = None,
                 visible: Callable[[Document], bool] | None = None, offset: int = 0,
                 limit: int = 50) -> ReviewPage:
    """The documents waiting in review, oldest first, with their reasons; only those
    ``visible`` keeps, filtered by ``reason`` and ``batch_id``, paged by ``offset``/``limit``."""
    rules = rules or ReviewRules()
    query = select(Document).where(Document.status == DocumentStatus.review)
    if batch_id is not None:
        items = select(BatchItem.id).where(BatchItem.batch_id == batch_id)
        query = query.where(col(Document.batch_item_id).in_(items))
    if reason == ReviewReason.no_dossier:
        query = query.where(col(Document.dossier_id).is_(None))
    elif reason == ReviewReason.low_confidence:
        query = query.where(col(Document.ocr_confidence) < rules.min_confidence)
    candidates = [d for d in session.exec(query.order_by(col(Document.id))).all()
                  if visible is None or visible(d)]
    limit = max(1, min(limit, PAGE_LIMIT))
    if reason in (ReviewReason.doubtful_split, ReviewReason.doubtful_link,
                  ReviewReason.unreadable_page):
        entries = [e for e in (_entry(session, d, rules) for d in candidates)
                   if reason in e.reasons]
        return ReviewPage(len(entries), tuple(entries[offset:offset + limit]))
    shown = candidates[offset:offset + limit]
    return ReviewPage(len(candidates), tuple(_entry(session, d, rules) for d in shown))


def _entry(session: Session, document: Document, rules: ReviewRules) -> ReviewEntry:
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    item = session.get(BatchItem, document.batch_item_id) if document.batch_item_id else None
    return ReviewEntry(document, dossier.number if dossier else None,
                       item.batch_id if item else None,
                       review_doubts_of(session, document=document, rules=rules))


def confirm_document(session: Session, *, document_id: int, username: str,
                     note: str = "") -> Document:
    """The clerk vouches for the document's type and dossier: both become theirs, and the
    document leaves the queue."""
    document = _document(session, document_id)
    if document.dossier_id is None:
        raise InvalidInput(f"document {document_id} is in no dossier yet: re-link it first")
    dossier = session.get(Dossier, document.dossier_id)
    assert dossier is not None
    correction = Correction(doc_type=document.doc_type, dossier_number=dossier.number,
                            note=note or "confirmed in review")
    return _corrected(session, document_id, correction, username)


def relink_document(session: Session, *, document_id: int, dossier_number: str | None,
                    element_reference: str | None, username: str, note: str = "") -> Document:
    """A person's link to a dossier (and element); the document leaves the queue."""
    if not (dossier_number or element_reference):
        raise InvalidInput("name the dossier (or an element) to link the document to")
    correction = Correction(dossier_number=dossier_number or None,
                            element_reference=element_reference or None, note=note)
    return _corrected(session, document_id, correction, username)


def retype_document(session: Session, *, document_id: int, doc_type: str,
                    username: str) -> Document:
    """A person's document type; the document stays in the queue until confirmed."""
    return _corrected(session, document_id, Correction(doc_type=doc_type), username)


def _corrected(session: Session, document_id: int, correction: Correction,
               username: str) -> Document:
    document = apply_correction(session, document_id=document_id, correction=correction,
                                username=username)
    queue_for_index(session, document_ids=[document_id], reason="review")
    return document


def merge_documents(session: Session, *, document_id: int, other_id: int) -> Document:
    """Join ``other_id`` into ``document_id`` (both cut from the same original): the pages of
    both in their original order, renumbered; ``other_id`` is removed. The kept document's
    type, date and link stay; the persons of both are kept."""
    keep, other = _document(session, document_id), _document(session, other_id)
    if keep.id == other.id:
        raise InvalidInput("a document cannot be merged with itself")
    if keep.original_sha256 != other.original_sha256:
        raise InvalidInput(f"documents {document_id} and {other_id} come from different "
                           "originals: only parts of one scanned file can be merged")
    assert keep.id is not None and other.id is not None
    pages = list(session.exec(select(Page).where(
        col(Page.document_id).in_([keep.id, other.id]))).all())
    pages.sort(key=lambda p: (p.source_page, p.document_id != keep.id, p.number))
    _renumber(session, pages, keep.id)
    _take_persons(session, keep.id, other.id)
    remove_from_journal(session, document_id=other.id)
    session.delete(other)
    _recount(keep, pages)
    session.add(keep)
    session.flush()
    update_journal(session, document=keep)
    queue_for_index(session, document_ids=[keep.id, other.id], reason="review: merged")
    return keep


def split_document(session: Session, *, document_id: int, at_page: int,
                   username: str) -> Document:
    """Cut the document before its page ``at_page`` (2..pages): the pages from there on become
    a new document of the same original, waiting in review with the dossier, element and type
    copied from the first. Returns the new document."""
    first = _document(session, document_id)
    if not 2 <= at_page <= first.page_count:
        raise InvalidInput(f"document {document_id} has {first.page_count} page(s): it can be "
                           f"split before pages 2 to {first.page_count} only")
    assert first.id is not None
    pages = list(session.exec(select(Page).where(Page.document_id == first.id)
                              .order_by(col(Page.number))).all())
    kept, moved = pages[:at_page - 1], pages[at_page - 1:]
    second = _continuation(session, first, moved, username)
    assert second.id is not None
    for number, page in enumerate(moved, start=1):
        page.document_id, page.number = second.id, number
        session.add(page)
    persons = {p.person_id: p.reason for p in document_persons(session, document_id=first.id)}
    set_document_persons(session, document_id=second.id, persons=persons, made_by=LIASSE)
    _recount(first, kept)
    _recount(second, moved)
    session.add_all([first, second])
    session.flush()
    update_journal(session, document=first)
    update_journal(session, document=second)
    queue_for_index(session, document_ids=[first.id, second.id], reason="review: split")
    return second


def _continuation(session: Session, first: Document, moved: Sequence[Page],
                  username: str) -> Document:
    parts = session.exec(select(Document.part).where(
        Document.original_sha256 == first.original_sha256)).all()
    data = first.model_dump(warnings=False, exclude=_NOT_COPIED)
    second = Document(**data, part=max(parts) + 1, first_page=moved[0].source_page,
                      status=DocumentStatus.review, link_made_by=LIASSE,
                      link_reason=(f"split from document {first.id} by {username}; its dossier "
                                   "was copied, to be confirmed")[:500])
    second.title = f"{first.title} (from page {moved[0].source_page})"[:300]
    session.add(second)
    session.flush()
    return second


def run_bulk(session: Session, items: Sequence[T],
             apply_one: Callable[[T], BulkOutcome],
             describe: Callable[[T], tuple[int, str]]) -> list[BulkOutcome]:
    """Apply ``apply_one`` to each item in a savepoint of its own: an item that fails (a
    ``LiasseError``) is rolled back alone and reported; the others stay applied."""
    outcomes = []
    for item in items:
        savepoint = session.begin_nested()
        try:
            outcome = apply_one(item)
        except LiasseError as exc:
            savepoint.rollback()
            document_id, action = describe(item)
            outcome = BulkOutcome(document_id, action, False, exc.message, exc.code)
        else:
            savepoint.commit()
        outcomes.append(outcome)
    return outcomes


def _document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    return document


def _renumber(session: Session, pages: Sequence[Page], document_id: int) -> None:
    """Give ``pages`` to ``document_id`` as pages 1..n, in the order given (through negative
    numbers first, so that no two pages of one document ever share a number)."""
    for number, page in enumerate(pages, start=1):
        page.number = -number
        session.add(page)
    session.flush()
    for number, page in enumerate(pages, start=1):
        page.document_id, page.number = document_id, number
        session.add(page)
    session.flush()


def _take_persons(session: Session, keep_id: int, other_id: int) -> None:
    known = {p.person_id for p in document_persons(session, document_id=keep_id)}
    for link in document_persons(session, document_id=other_id):
        if link.person_id not in known:
            session.add(DocumentPerson(document_id=keep_id, person_id=link.person_id,
                                       reason=link.reason, made_by=link.made_by))
    session.exec(delete(DocumentPerson).where(col(DocumentPerson.document_id) == other_id))


def _recount(document: Document, pages: Sequence[Page]) -> None:
    scores = [p.confidence for p in pages if p.confidence is not None]
    document.page_count = len(pages)
    document.first_page = min(p.source_page for p in pages)
    document.ocr_confidence = sum(scores) / len(scores) if scores else None
    document.source = (DocumentSource.scan if any(p.text_source == "ocr" for p in pages)
                       else DocumentSource.upload)

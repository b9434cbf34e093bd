"""The intake pipeline for one received file. The order of the stages lives here, and only here:

    receive (at upload) -> sniff -> inspect -> read pages (by ranges) -> split -> describe
    -> persist -> index (through the outbox)

Each numbered step below is a function a task can run on any worker host; they share nothing
but the catalog and object storage:

1. ``prepare_item``: sniff, duplicate check, inspect; plans the page ranges to read.
2. ``read_page_range``: text layer or OCR of some pages (with the look at each scanned page:
   barcodes, blank pages, orientation), kept as page drafts; says when the last range is done.
3. ``persist_item``: merges the drafts in page order, splits them into documents, describes each
   and stores them with their pages in ONE transaction that also queues their index writes.

Stages before ``persist_item`` touch only their private work directory and the item's own rows.
The index is written after the commit by draining the outbox (``ingest._outbox``).
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

import ocr
from core import (
    BackendRefused,
    LiasseError,
    OcrFailure,
    PageStep,
    PageText,
    RejectedFile,
    SessionFactory,
    WordBox,
)
from core.catalog import (
    Actor,
    Batch,
    BatchItem,
    Document,
    DocumentSource,
    ItemStatus,
    Letter,
    Page,
    PageDraft,
    append_event,
    queue_for_index,
    record_letter_return,
    utcnow,
)
from index import SearchIndex
from ingest import _items as items
from ingest._config import IntakeConfig
from ingest._describe import DocumentDraft, describe_part
from ingest._doubts import PageFacts, review_doubts
from ingest._filing import file_draft, update_journal
from ingest._outbox import drain_after_commit
from ingest._receive import fetch_original
from ingest._scratch import sweep_finished
from ingest._sniff import inspect_file, sniff_type
from ingest._split import DocumentPart, split_pages
from ingest._titles import readable_title
from storage import BlobStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PipelineContext:
    sessions: SessionFactory
    blobs: BlobStore
    index: SearchIndex
    config: IntakeConfig
    ocr_engine: ocr.OcrEngine | None = None  # None: tesseract


@dataclass(frozen=True, slots=True)
class PageRange:
    first: int
    last: int


def process_item(item_id: int, ctx: PipelineContext) -> ItemStatus:
    """Every stage of one item in this process (embedded mode, tests, benchmarks). Idempotent:
    a finished item is left as it is; a retry never creates a second document."""
    for page_range in prepare_item(item_id, ctx):
        read_page_range(item_id, page_range, ctx)
    status = persist_item(item_id, ctx)
    drain_after_commit(ctx.sessions, ctx.index)
    return status


@contextmanager
def _outcome_guard(item_id: int, ctx: PipelineContext) -> Iterator[None]:
    """A file that cannot be processed is quarantined with its reason and the batch goes on,
    and so is one a backend refuses for good (``BackendRefused``: access denied, a bad
    configuration; the reason says what to fix, and no retry is made). Transient backend
    errors propagate so that the task is retried."""
    try:
        yield
    except (RejectedFile, OcrFailure, BackendRefused) as exc:
        items.quarantine(ctx.sessions, item_id, exc)
    except LiasseError:
        raise
    except Exception as exc:  # task boundary: a file must never take the batch down
        log.exception("batch item %s failed unexpectedly", item_id)
        items.quarantine(ctx.sessions, item_id, exc)


@contextmanager
def _work_dir(item_id: int, ctx: PipelineContext) -> Iterator[Path]:
    sweep_finished(ctx.config.work_dir, ctx.sessions)  # left by a worker killed mid-stage
    with tempfile.TemporaryDirectory(dir=ctx.config.work_dir, prefix=f"item-{item_id}-") as work:
        yield Path(work)


def prepare_item(item_id: int, ctx: PipelineContext) -> list[PageRange]:
    """Stage 1. Returns the page ranges still to read (none when the item is finished)."""
    item = items.start_item(ctx.sessions, item_id)
    if item.is_finished:
        return []
    with _outcome_guard(item_id, ctx), _work_dir(item_id, ctx) as work:
        path = fetch_original(ctx.blobs, item.original_key, work / "original")
        mime = sniff_type(path)
        if (existing := items.existing_document(ctx.sessions, item.sha256)) is not None:
            items.mark_duplicate_or_done(ctx.sessions, item, existing)
            return []
        facts = inspect_file(path, mime, ctx.config.limits)
        items.update_item(ctx.sessions, item_id, mime_type=mime, pages_total=facts.page_count)
        return plan_ranges(facts.page_count, ctx.config.range_pages)
    return []


def plan_ranges(pages: int, size: int | None) -> list[PageRange]:
    step = size or pages
    return [PageRange(first, min(first + step - 1, pages)) for first in range(1, pages + 1, step)]


def read_page_range(item_id: int, page_range: PageRange, ctx: PipelineContext) -> bool:
    """Stage 2. Read pages ``first..last`` into drafts; True when every page of the item is
    drafted (the caller then runs ``persist_item``). Reading a range twice is harmless."""
    item = items.read_item(ctx.sessions, item_id)
    if item.is_finished or item.mime_type is None:
        return False
    with _outcome_guard(item_id, ctx), _work_dir(item_id, ctx) as work:
        path = fetch_original(ctx.blobs, item.original_key, work / "original")
        config = ctx.config
        pages = ocr.extract_pages(
            path, item.mime_type, languages=config.ocr_languages, workers=config.ocr_workers,
            dpi=config.ocr_dpi, pages=range(page_range.first, page_range.last + 1),
            on_page=lambda _page: items.count_page_done(ctx.sessions, item_id),
            engine=ctx.ocr_engine, analysis=config.analysis,
            max_pixels=int(config.limits.max_image_megapixels * 1_000_000),
            language=items.reading_language(ctx.sessions, item.batch_id))
        return _store_drafts(item, page_range, pages, ctx.sessions)
    return False


def _store_drafts(item: BatchItem, page_range: PageRange, pages: list[PageText],
                  sessions: SessionFactory) -> bool:
    assert item.id is not None
    with sessions.transaction() as session:
        session.exec(delete(PageDraft).where(
            col(PageDraft.item_id) == item.id,
            col(PageDraft.number).between(page_range.first, page_range.last)))
        session.add_all(PageDraft(
            item_id=item.id, number=p.number, text=p.text, words=[w.as_list() for w in p.words],
            confidence=p.confidence, source=p.source, reason=p.reason[:300],
            width_pt=p.width_pt, height_pt=p.height_pt, rotation=p.rotation, blank=p.blank,
            codes=list(p.codes), language=p.language,
            steps=[s.as_json() for s in p.steps]) for p in pages)
        session.flush()
        drafted = len(session.exec(select(PageDraft.id).where(PageDraft.item_id == item.id)).all())
        row = items.load_item(session, item.id)
        row.pages_done = drafted
        return drafted >= row.pages_total


def persist_item(item_id: int, ctx: PipelineContext) -> ItemStatus:
    """Stage 3. Split the drafted pages into documents, describe and store them."""
    item = items.read_item(ctx.sessions, item_id)
    if not item.is_finished:
        with _outcome_guard(item_id, ctx):
            pages = _load_drafts(ctx.sessions, item_id)
            if len(pages) >= item.pages_total:
                _persist_parts(item, pages, ctx)
    item = items.read_item(ctx.sessions, item_id)
    items.finish_batch_if_complete(ctx.sessions, item.batch_id)
    return ItemStatus(item.status)


def _load_drafts(sessions: SessionFactory, item_id: int) -> list[PageText]:
    with sessions() as session:
        rows = session.exec(select(PageDraft).where(PageDraft.item_id == item_id)
                            .order_by(col(PageDraft.number))).all()
    return [PageText(number=r.number, text=r.text, source=r.source,  # type: ignore[arg-type]
                     reason=r.reason, words=tuple(WordBox.from_list(w) for w in r.words),
                     confidence=r.confidence, width_pt=r.width_pt, height_pt=r.height_pt,
                     rotation=r.rotation, blank=r.blank, codes=tuple(r.codes),
                     language=r.language,
                     steps=tuple(PageStep.from_json(s) for s in r.steps)) for r in rows]


def _persist_parts(item: BatchItem, pages: list[PageText], ctx: PipelineContext) -> None:
    assert item.id is not None
    split = split_pages(pages, separators=ctx.config.analysis.separators,
                        starts=ctx.config.split_starts)
    if not split.parts:
        raise RejectedFile(f"no page with content: {split.blank_pages} blank page(s) and "
                           f"{split.marker_pages} separator or cover sheet(s)",
                           key="quarantine.no_content", blank=split.blank_pages,
                           markers=split.marker_pages)
    drafts = [describe_part(item, part, parts=len(split.parts), sessions=ctx.sessions,
                            blobs=ctx.blobs) for part in split.parts]
    try:
        with ctx.sessions.transaction() as session:
            ids = [_store_part(session, item, part, draft, ctx, split=len(split.parts) > 1)
                   for part, draft in zip(split.parts, drafts, strict=True)]
            queue_for_index(session, document_ids=ids, reason="ingested")
            session.exec(delete(PageDraft).where(
                col(PageDraft.item_id) == item.id))
            row = items.load_item(session, item.id)
            row.status, row.finished_at = ItemStatus.done, utcnow()
            row.blank_pages, row.pages_done = split.blank_pages, row.pages_total
    except IntegrityError:
        # Another worker stored the same original between our check and our commit.
        existing = items.existing_document(ctx.sessions, item.sha256)
        if existing is None:
            raise
        items.mark_duplicate_or_done(ctx.sessions, item, existing)


def _store_part(session: Session, item: BatchItem, part: DocumentPart,
                draft: DocumentDraft, ctx: PipelineContext, *, split: bool) -> int:
    confidences = [p.confidence for p in part.pages if p.confidence is not None]
    document = Document(
        title=draft.title, language=draft.language or pages_language(part.pages),
        source=DocumentSource.scan if any(p.source == "ocr" for p in part.pages)
        else DocumentSource.upload,
        original_sha256=item.sha256, original_key=item.original_key,
        original_filename=item.filename, mime_type=item.mime_type or "", part=part.index,
        first_page=part.pages[0].number, page_count=len(part.pages), batch_item_id=item.id,
        ocr_confidence=sum(confidences) / len(confidences) if confidences else None)
    session.add(document)
    session.flush()
    assert document.id is not None
    session.add_all(_page_rows(document.id, part.pages))
    letter = _returned_letter(session, part, draft)
    doubts = () if letter is not None else review_doubts(
        [PageFacts.of_text(p, n) for n, p in enumerate(part.pages, start=1)],
        split=split, rules=ctx.config.review)
    if doubts:
        log.info("document %s waits in review: %s", document.id,
                 "; ".join(d.detail for d in doubts))
    file_draft(session, document=document, draft=draft, doubts=doubts)
    document.title = readable_title(session, document)
    session.add(document)
    update_journal(session, document=document)
    if letter is not None:
        record_letter_return(session, letter=letter, document_id=document.id,
                             on=utcnow().date(), reason=part.reason)
    _journal_creation(session, item, document)
    return document.id


def _returned_letter(session: Session, part: DocumentPart, draft: DocumentDraft) -> Letter | None:
    """The letter this part is a returned copy of, when its QR code named one and the
    describe stage filed the part into that letter's dossier (an archived dossier takes
    nothing: the copy then waits in review like any document). Such a copy skips the review
    doubts: the code says exactly what it is."""
    if part.letter is None or draft.dossier_id is None:
        return None
    letter = session.get(Letter, part.letter.letter_id)
    return letter if letter is not None and letter.dossier_id == draft.dossier_id else None


def _journal_creation(session: Session, item: BatchItem, document: Document) -> None:
    """Every document's birth in the journal, in the transaction that stores it, in the name
    of the person who sent the batch: what it is, where Liasse filed it and why."""
    batch = session.get(Batch, item.batch_id)
    sender = batch.created_by if batch is not None and batch.created_by else "liasse"
    append_event(
        session, actor=Actor(username=sender), action="document.create",
        entity_type="document", entity_id=document.id, dossier_id=document.dossier_id,
        after={"title": document.title, "doc_type": document.doc_type,
               "dossier_id": document.dossier_id, "element_id": document.element_id,
               "status": str(document.status), "original_sha256": document.original_sha256,
               "first_page": document.first_page, "page_count": document.page_count},
        reason=(f"ingested by Liasse from batch {item.batch_id}, {item.filename}"
                f"{f' part {document.part + 1}' if document.part else ''}; "
                f"link: {document.link_reason}"))


def _page_rows(document_id: int, pages: tuple[PageText, ...]) -> list[Page]:
    return [Page(document_id=document_id, number=index, source_page=page.number,
                 text=page.text, words=[w.as_list() for w in page.words],
                 confidence=page.confidence, text_source=page.source,
                 text_reason=page.reason[:300], width_pt=page.width_pt, height_pt=page.height_pt,
                 rotation=page.rotation, language=page.language,
                 steps=[s.as_json() for s in page.steps])
            for index, page in enumerate(pages, start=1)]


def pages_language(pages: tuple[PageText, ...]) -> str | None:
    """The language most of a document's pages were read in (when its text as a whole did
    not tell), or ``None`` when no page's language is known."""
    counts = Counter(p.language for p in pages if p.language)
    return counts.most_common(1)[0][0] if counts else None

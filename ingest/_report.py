"""What happened to a batch: progress while it runs, outcomes when it is done.

Progress says pages done of total, documents found so far and the time left. Documents found
count the stored documents of finished files and, for a file still being read, the documents
its pages read so far already show (separator and cover sheets seen, blank pages left out).
The time left divides the pages still to read by the recent pace: the pages read over the last
``RATE_WINDOW_SECONDS``, each file's pages taken as read evenly between its start and its end
(or now), so time spent waiting in the queue or long ago does not skew it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core import NotFound, PageText
from core.catalog import Batch, BatchItem, Document, Dossier, ItemStatus, PageDraft, utcnow
from core.catalog.work import IndexOutbox
from core.messages import Message, render
from ingest._split import split_pages
from ocr import PageAnalysis

RATE_WINDOW_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class ItemReport:
    id: int
    file: str
    status: str
    sha256: str
    pages_total: int
    pages_done: int
    reason: str | None = None
    duplicate_of: int | None = None
    documents: tuple[int, ...] = ()
    documents_found: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BatchReport:
    batch: int
    status: str
    created_at: datetime
    finished_at: datetime | None
    items: tuple[ItemReport, ...]
    documents: tuple[dict[str, Any], ...] = field(default=())
    not_visible: int = 0
    not_indexed: tuple[tuple[int, str], ...] = ()  # (document, why the index refused it)

    @property
    def document_ids(self) -> set[int]:
        """Every document the report names: those created and those a file duplicated."""
        ids = {int(d["id"]) for d in self.documents}
        ids.update(i.duplicate_of for i in self.items if i.duplicate_of is not None)
        return ids

    def seen_by(self, visible: set[int]) -> BatchReport:
        """The report as a reader who may see only the documents ``visible`` gets it: the
        others left out and counted in ``not_visible`` (a duplicate of a document they may not
        see is named as a duplicate, without the document)."""
        shown = tuple(d for d in self.documents if d["id"] in visible)
        items = tuple(replace(
            i, documents=tuple(d for d in i.documents if d in visible),
            duplicate_of=i.duplicate_of if i.duplicate_of in visible else None)
            for i in self.items)
        return replace(self, documents=shown, items=items,
                       not_indexed=tuple(n for n in self.not_indexed if n[0] in visible),
                       not_visible=self.not_visible + len(self.documents) - len(shown))

    @property
    def pages_total(self) -> int:
        return sum(i.pages_total for i in self.items)

    @property
    def pages_done(self) -> int:
        return sum(i.pages_done for i in self.items)

    @property
    def items_done(self) -> int:
        return sum(1 for i in self.items if ItemStatus(i.status).finished)

    @property
    def files_unopened(self) -> int:
        """Files not finished whose page count is not known yet (not opened)."""
        return sum(1 for i in self.items
                   if not ItemStatus(i.status).finished and not i.pages_total)

    @property
    def percent(self) -> int:
        """Each file's share done (a finished file 1, an opened one its pages done over its
        pages, one not opened yet 0), averaged: it never goes backwards when a file opens and
        its pages join the total, as the page ratio does."""
        if not self.items:
            return 100 if self.finished else 0
        shares = [1.0 if ItemStatus(i.status).finished else
                  (min(i.pages_done / i.pages_total, 1.0) if i.pages_total else 0.0)
                  for i in self.items]
        return int(100 * sum(shares) / len(shares))

    @property
    def finished(self) -> bool:
        return self.items_done == len(self.items)

    @property
    def documents_found(self) -> int:
        return sum(i.documents_found for i in self.items)

    def pages_per_second(self, now: datetime | None = None,
                         window: float = RATE_WINDOW_SECONDS) -> float | None:
        """The recent pace (module doc); None until a page is done."""
        now = _aware(now or utcnow())
        since = now - timedelta(seconds=window)
        started = [i for i in self.items if i.started_at is not None and i.pages_done]
        if not started:
            return None
        done = sum(_pages_since(i, since, now) for i in started)
        first = min(_aware(i.started_at) for i in started if i.started_at is not None)
        seconds = min(window, (now - first).total_seconds())
        return done / seconds if done > 0 and seconds > 0 else None

    def seconds_left(self, now: datetime | None = None) -> float | None:
        """Pages still to read at the recent pace; None until a page is done."""
        if self.finished:
            return 0.0
        rate = self.pages_per_second(now)
        if rate is None:
            return None
        return max(self.pages_total - self.pages_done, 0) / rate

    def as_json(self, language: str = "en") -> dict[str, Any]:
        """The machine-readable form printed by ``liasse ingest --json`` and served by the API;
        a reason is rendered in ``language``, its code and parameters beside it."""
        return {
            "batch": self.batch,
            "status": self.status,
            "progress": {"files": len(self.items), "files_done": self.items_done,
                         "pages_total": self.pages_total, "pages_done": self.pages_done,
                         "documents_found": self.documents_found,
                         "pages_per_minute": _per_minute(self.pages_per_second()),
                         "seconds_left": self.seconds_left(), "percent": self.percent,
                         "files_unopened": self.files_unopened},
            "documents": list(self.documents),
            "not_visible": self.not_visible,
            "quarantined": [{"file": i.file, **_reason(i.reason, language)} for i in self.items
                            if i.status == ItemStatus.quarantined],
            "duplicates": [{"file": i.file, "document": i.duplicate_of} for i in self.items
                           if i.status == ItemStatus.duplicate],
            "not_indexed": [{"document": d, "reason": why} for d, why in self.not_indexed],
            "items": [{"id": i.id, "file": i.file, "status": i.status, "sha256": i.sha256,
                       "pages_total": i.pages_total, "pages_done": i.pages_done,
                       **_reason(i.reason, language), "duplicate_of": i.duplicate_of,
                       "documents": list(i.documents), "documents_found": i.documents_found}
                      for i in self.items],
        }


def _reason(stored: str | None, language: str) -> dict[str, Any]:
    message = Message.read(stored)
    if message is None:
        return {"reason": stored, "reason_code": None, "reason_params": {}}
    return {"reason": render(message, language), "reason_code": message.code,
            "reason_params": message.as_json()["params"]}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _pages_since(item: ItemReport, since: datetime, now: datetime) -> float:
    """The item's pages read between ``since`` and ``now``, taken as read evenly over its
    reading time."""
    assert item.started_at is not None
    began = _aware(item.started_at)
    ended = min(_aware(item.finished_at), now) if item.finished_at else now
    span = (ended - began).total_seconds()
    if span <= 0:
        return float(item.pages_done) if began >= since else 0.0
    overlap = (ended - max(began, since)).total_seconds()
    return item.pages_done * max(overlap, 0.0) / span


def _per_minute(rate: float | None) -> float | None:
    return round(rate * 60, 1) if rate is not None else None


def batch_report(session: Session, *, batch_id: int,
                 separators: Sequence[str] = PageAnalysis().separators) -> BatchReport:
    """``separators``: the separator values the pipeline splits at (for documents found in
    files still being read)."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"no batch {batch_id}")
    items = session.exec(select(BatchItem).where(BatchItem.batch_id == batch_id)
                         .order_by(col(BatchItem.id))).all()
    item_ids = [i.id for i in items]
    docs = session.exec(select(Document).where(col(Document.batch_item_id).in_(item_ids))
                        .order_by(col(Document.id))).all()
    numbers = _dossier_numbers(session, {d.dossier_id for d in docs if d.dossier_id})
    by_item: dict[int | None, list[int]] = {}
    for doc in docs:
        by_item.setdefault(doc.batch_item_id, []).append(doc.id or 0)
    reading = _found_while_reading(session, [i.id for i in items if not i.is_finished],
                                   separators)
    reports = tuple(ItemReport(
        id=i.id or 0, file=i.filename, status=str(i.status), sha256=i.sha256,
        pages_total=i.pages_total, pages_done=i.pages_done, reason=i.reason,
        duplicate_of=i.duplicate_of, documents=tuple(by_item.get(i.id, ())),
        documents_found=len(by_item.get(i.id, ())) or reading.get(i.id, 0),
        started_at=i.started_at, finished_at=i.finished_at) for i in items)
    documents = tuple({"id": d.id, "dossier": numbers.get(d.dossier_id), "pages": d.page_count,
                       "doc_type": d.doc_type, "status": str(d.status), "title": d.title}
                      for d in docs)
    return BatchReport(batch=batch_id, status=str(batch.status), created_at=batch.created_at,
                       finished_at=batch.finished_at, items=reports, documents=documents,
                       not_indexed=_refused_by_index(session, [d.id for d in docs]))


def _refused_by_index(session: Session, ids: list[int | None]) -> tuple[tuple[int, str], ...]:
    """The documents whose index write the search backend refused for good, with why."""
    if not ids:
        return ()
    rows = session.exec(select(IndexOutbox).where(col(IndexOutbox.document_id).in_(ids),
                                                  col(IndexOutbox.refused_at).is_not(None))
                        .order_by(col(IndexOutbox.document_id))).all()
    return tuple({r.document_id: (r.document_id, r.last_error or "") for r in rows}.values())


def _found_while_reading(session: Session, item_ids: list[int | None],
                         separators: Sequence[str]) -> dict[int | None, int]:
    """Documents the pages drafted so far show, per unfinished item."""
    if not item_ids:
        return {}
    rows = session.exec(select(PageDraft.item_id, PageDraft.number, PageDraft.blank,
                               PageDraft.codes).where(col(PageDraft.item_id).in_(item_ids))
                        .order_by(col(PageDraft.item_id), col(PageDraft.number))).all()
    pages: dict[int | None, list[PageText]] = {}
    for item_id, number, blank, codes in rows:
        pages.setdefault(item_id, []).append(PageText(number=number, text="", source="none",
                                                      reason="", blank=blank,
                                                      codes=tuple(codes)))
    return {item_id: len(split_pages(found, separators=separators).parts)
            for item_id, found in pages.items()}


def _dossier_numbers(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    if not ids:
        return {}
    rows = session.exec(select(Dossier).where(col(Dossier.id).in_(ids))).all()
    return {d.id: d.number for d in rows}

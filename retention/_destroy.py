"""Carrying out an approved disposition list: each item is asked ``may_destroy`` again (dates
recomputed, holds looked up now), then its original (unless another document still shares
it), archived copies, derived files and catalog rows are removed; a minimal residual record
stays, and a certificate lists every destroyed item with its SHA-256. A dry run answers the
same questions and changes nothing. No commit: the caller commits, then removes the index
entries of ``ExecutionReport.destroyed``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from core import Conflict
from core.catalog import (
    Actor,
    ArchivedObject,
    DestructionCertificate,
    DestructionRecord,
    DispositionItem,
    DispositionList,
    Document,
    DocumentPerson,
    DocumentRetention,
    Dossier,
    ItemDecision,
    ListStatus,
    Page,
    RetentionSchedule,
    append_event,
    holds_over_document,
    queue_for_index,
    remove_from_journal,
    utcnow,
)
from retention._certificate import certificate_pdf
from retention._dates import recompute
from retention._disposition import list_by_id, list_items
from retention._rules import Approvals, DestructionCandidate, may_destroy
from storage import BlobStore


@dataclass
class ItemOutcome:
    item_id: int
    document_id: int
    outcome: str          # destroyed / would destroy, kept, refused, gone
    reason: str
    objects: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"item": self.item_id, "document_id": self.document_id,
                "outcome": self.outcome, "reason": self.reason, "objects": self.objects}


@dataclass
class ExecutionReport:
    list_id: int
    dry_run: bool
    outcomes: list[ItemOutcome] = field(default_factory=list)
    certificate_id: int | None = None

    @property
    def destroyed(self) -> list[int]:
        return [o.document_id for o in self.outcomes if o.outcome == "destroyed"]

    def as_json(self) -> dict[str, Any]:
        return {"list": self.list_id, "dry_run": self.dry_run,
                "certificate": self.certificate_id, "destroyed": self.destroyed,
                "items": [o.as_json() for o in self.outcomes]}


def _verdict(session: Session, item: DispositionItem, document: Document,
             listing: DispositionList, today: date) -> tuple[bool, str]:
    row = session.get(DocumentRetention, document.id)
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    candidate = DestructionCandidate(
        document_id=item.document_id, due_on=row.disposition_on if row else None,
        decision=str(item.decision), dossier_status=str(dossier.status) if dossier else "closed")
    holds = [f"#{h.id} {h.reason}" for h in holds_over_document(session, document=document)]
    decision = may_destroy(candidate, holds, Approvals(listing.proposed_by, listing.approved_by),
                           today=today)
    return decision.allowed, decision.reason


def _objects(session: Session, blobs: BlobStore, document: Document,
             leaving: set[int]) -> list[dict[str, str]]:
    """Every stored object of the document: its original and archived copy unless a document
    that stays shares them, its PDF/A rendition, its derived page renditions."""
    assert document.id is not None
    shared = session.exec(select(Document.id).where(
        Document.original_sha256 == document.original_sha256)).all()
    kept_sharing = [i for i in shared if i not in leaving]
    found: list[dict[str, str]] = []
    if not kept_sharing:
        found.append({"key": document.original_key, "sha256": document.original_sha256})
    for obj in session.exec(select(ArchivedObject).where(
            ArchivedObject.document_id == document.id)):
        if obj.kind != "original" or not kept_sharing:
            found.append({"key": obj.key, "sha256": obj.sha256})
    for key in sorted(blobs.keys(f"derived/renditions/{document.id}/")):
        found.append({"key": key, "sha256": ""})
    unique = {o["key"]: o for o in found}
    return list(unique.values())


def _remove_objects(blobs: BlobStore, objects: list[dict[str, str]]) -> None:
    """Remove every version where the store keeps versions (``purge``); a locked or held
    object refuses (``Conflict``) and the document is not destroyed."""
    purge = getattr(blobs, "purge", None)
    for obj in objects:
        if purge is not None:
            purge(obj["key"])
        else:
            blobs.delete(obj["key"])


def _remove_rows(session: Session, document: Document) -> None:
    assert document.id is not None
    for model in (Page, DocumentPerson, ArchivedObject, DocumentRetention):
        session.exec(delete(model).where(col(model.document_id) == document.id))
    remove_from_journal(session, document_id=document.id)
    session.delete(document)


def execute(session: Session, blobs: BlobStore, *, list_id: int, actor: Actor,
            today: date | None = None, dry_run: bool = False) -> ExecutionReport:
    """Carry out an approved list (or, with ``dry_run``, say what would happen)."""
    listing = list_by_id(session, list_id=list_id)
    if listing.status != ListStatus.approved:
        raise Conflict(f"list {list_id} is {listing.status}: only an approved list is "
                       "carried out (proposed by one person, approved by another)")
    today = today or date.today()
    items = list_items(session, list_id=list_id)
    recompute(session, document_ids=[i.document_id for i in items])
    report, leaving = ExecutionReport(list_id=list_id, dry_run=dry_run), set()
    plans: list[tuple[DispositionItem, Document]] = []
    for item in items:
        outcome, document = _judge(session, item, listing, today)
        report.outcomes.append(outcome)
        if document is not None:
            plans.append((item, document))
            leaving.add(item.document_id)
    for (item, document), outcome in zip(plans, _destroying(report), strict=True):
        outcome.objects = _objects(session, blobs, document, leaving)
        if dry_run:
            outcome.outcome = "would destroy"
            continue
        _destroy_one(session, blobs, item, document, listing, actor, outcome)
    if not dry_run:
        _finish(session, blobs, listing, report, actor)
    return report


def _destroying(report: ExecutionReport) -> list[ItemOutcome]:
    return [o for o in report.outcomes if o.outcome == "destroy"]


def _judge(session: Session, item: DispositionItem, listing: DispositionList,
           today: date) -> tuple[ItemOutcome, Document | None]:
    assert item.id is not None
    document = session.get(Document, item.document_id)
    if document is None:
        return ItemOutcome(item.id, item.document_id, "gone", "no longer in the catalog"), None
    if item.decision != ItemDecision.destroy:
        kept = "kept for transfer" if item.decision == ItemDecision.transfer else "kept"
        return ItemOutcome(item.id, item.document_id, kept,
                           item.decision_reason or f"the archivist decided {item.decision}"), None
    allowed, reason = _verdict(session, item, document, listing, today)
    if not allowed:
        return ItemOutcome(item.id, item.document_id, "refused", reason), None
    return ItemOutcome(item.id, item.document_id, "destroy", reason), document


def _destroy_one(session: Session, blobs: BlobStore, item: DispositionItem,
                 document: Document, listing: DispositionList, actor: Actor,
                 outcome: ItemOutcome) -> None:
    try:
        _remove_objects(blobs, outcome.objects)
    except Conflict as exc:
        outcome.outcome, outcome.reason = "refused", f"storage refused: {exc.message}"
        return
    schedule = session.get(RetentionSchedule, item.schedule_id) if item.schedule_id else None
    assert listing.proposed_by and listing.approved_by
    session.add(DestructionRecord(
        list_id=item.list_id, document_id=item.document_id, dossier_number=item.dossier_number,
        title=document.title, doc_type=document.doc_type, doc_date=document.doc_date,
        original_sha256=document.original_sha256, objects=outcome.objects,
        schedule_code=item.schedule_code,
        rule=_rule_text(schedule) or item.due_reason, due_on=item.due_on,
        proposed_by=listing.proposed_by, approved_by=listing.approved_by,
        destroyed_by=actor.username))
    append_event(session, actor=actor, action="document.destroy", entity_type="document",
                 entity_id=item.document_id, dossier_id=document.dossier_id,
                 before={"title": document.title, "sha256": document.original_sha256},
                 reason=outcome.reason)
    _remove_rows(session, document)
    queue_for_index(session, document_ids=[item.document_id], reason="destroyed")
    outcome.outcome = "destroyed"


def _rule_text(schedule: RetentionSchedule | None) -> str:
    if schedule is None:
        return ""
    return (f"{schedule.code} {schedule.title}: {schedule.action} {schedule.period_years} "
            f"year(s) {schedule.period_months} month(s) after {schedule.trigger}")[:500]


def _finish(session: Session, blobs: BlobStore, listing: DispositionList,
            report: ExecutionReport, actor: Actor) -> None:
    for outcome in report.outcomes:
        item = session.get(DispositionItem, outcome.item_id)
        if item is not None:
            item.outcome, item.outcome_reason = outcome.outcome, outcome.reason[:500]
            session.add(item)
    session.flush()
    records = list(session.exec(select(DestructionRecord).where(
        DestructionRecord.list_id == listing.id, col(DestructionRecord.certificate_id).is_(None))))
    listing.status, listing.executed_by, listing.executed_at = (
        ListStatus.executed, actor.username, utcnow())
    session.add(listing)
    if records:
        _certify(session, blobs, listing, records, report, actor)
    append_event(session, actor=actor, action="disposition.execute", entity_type="disposition",
                 entity_id=listing.id, after={"destroyed": report.destroyed,
                                              "certificate": report.certificate_id})


def _certify(session: Session, blobs: BlobStore, listing: DispositionList,
             records: list[DestructionRecord], report: ExecutionReport, actor: Actor) -> None:
    certificate = DestructionCertificate(list_id=listing.id or 0, issued_by=actor.username,
                                         items=len(records))
    session.add(certificate)
    session.flush()
    assert certificate.id is not None
    pdf = certificate_pdf(certificate, listing, records)
    info = blobs.put(f"archive/certificates/destruction-{certificate.id}.pdf", pdf,
                     content_type="application/pdf")
    certificate.key, certificate.sha256 = info.key, info.sha256
    for record in records:
        record.certificate_id = certificate.id
        session.add(record)
    listing.certificate_id = report.certificate_id = certificate.id
    session.add_all([certificate, listing])
    session.flush()

"""The disposition review: a sweep lists the documents that reached their date; an archivist
decides each item (destroy, keep, transfer) and proposes the list; a second person approves
it; then it is carried out (``retention._destroy``). Nothing is destroyed before that, and a
dry run shows what would be listed. No commit: the caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from core import Conflict, Forbidden, InvalidInput, NotFound
from core.catalog import (
    Actor,
    DispositionItem,
    DispositionList,
    Document,
    DocumentRetention,
    Dossier,
    ItemDecision,
    ListStatus,
    RetentionSchedule,
    append_event,
    holds_over_document,
    utcnow,
)
from retention._dates import due_documents, recompute

_OPEN_LISTS = (ListStatus.draft, ListStatus.proposed, ListStatus.approved)
_FIRST_DECISION = {"destroy": ItemDecision.destroy, "transfer": ItemDecision.transfer}


@dataclass(frozen=True)
class DueItem:
    """One document that reached its date, as a sweep (or its dry run) sees it."""

    document_id: int
    dossier_number: str
    title: str
    action: str
    due_on: date | None
    reason: str
    holds: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "dossier": self.dossier_number,
                "title": self.title, "action": self.action, "due_on": self.due_on,
                "reason": self.reason, "holds": list(self.holds)}


def _listed(session: Session) -> set[int]:
    """Documents already on a list not yet carried out (a sweep does not list them twice)."""
    query = select(DispositionItem.document_id).join(
        DispositionList, col(DispositionList.id) == col(DispositionItem.list_id)).where(
        col(DispositionList.status).in_([str(s) for s in _OPEN_LISTS]))
    return set(session.exec(query).all())


def due_items(session: Session, *, as_of: date) -> list[DueItem]:
    """What a sweep on ``as_of`` lists (dates recomputed first; held items are listed with
    their holds so the archivist sees them, and can never destroy them)."""
    recompute(session)
    listed, items = _listed(session), []
    for document, row in due_documents(session, as_of=as_of):
        assert document.id is not None
        if document.id in listed or row.action in (None, "keep"):
            continue
        dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
        holds = tuple(f"#{h.id} {h.scope}: {h.reason}"
                      for h in holds_over_document(session, document=document))
        items.append(DueItem(document.id, dossier.number if dossier else "", document.title,
                             str(row.action), row.disposition_on, row.reason, holds))
    return items


def sweep(session: Session, *, as_of: date, actor: Actor) -> DispositionList:
    """Draw up a disposition list of every document due by ``as_of``."""
    items = due_items(session, as_of=as_of)
    listing = DispositionList(as_of=as_of, created_by=actor.username)
    session.add(listing)
    session.flush()
    assert listing.id is not None
    for item in items:
        session.add(_item_row(session, listing.id, item))
    session.flush()
    append_event(session, actor=actor, action="disposition.sweep", entity_type="disposition",
                 entity_id=listing.id, after={"as_of": as_of, "items": len(items)})
    return listing


def _item_row(session: Session, list_id: int, item: DueItem) -> DispositionItem:
    document = session.get(Document, item.document_id)
    row = session.get(DocumentRetention, item.document_id)
    assert document is not None and row is not None
    schedule = session.get(RetentionSchedule, row.schedule_id) if row.schedule_id else None
    return DispositionItem(
        list_id=list_id, document_id=item.document_id, dossier_id=document.dossier_id,
        dossier_number=item.dossier_number, title=document.title[:300],
        doc_type=document.doc_type, original_sha256=document.original_sha256,
        schedule_id=row.schedule_id, schedule_code=schedule.code if schedule else "",
        action=item.action, due_on=item.due_on, due_reason=item.reason[:500],
        decision=_FIRST_DECISION.get(item.action, ItemDecision.pending))


def list_reference(listing: DispositionList) -> str:
    """The reference a person types to confirm carrying the list out: ``BE-2026-0003``
    (bordereau d'élimination, year of its date, number)."""
    return f"BE-{listing.as_of.year}-{listing.id or 0:04d}"


def list_by_id(session: Session, *, list_id: int) -> DispositionList:
    listing = session.get(DispositionList, list_id)
    if listing is None:
        raise NotFound(f"no disposition list {list_id}")
    return listing


def list_items(session: Session, *, list_id: int) -> list[DispositionItem]:
    return list(session.exec(select(DispositionItem).where(
        DispositionItem.list_id == list_id).order_by(col(DispositionItem.id))))


def decide_item(session: Session, *, list_id: int, item_id: int, decision: ItemDecision,
                reason: str, actor: Actor) -> DispositionItem:
    """The archivist's decision on one item, while the list is a draft."""
    listing = list_by_id(session, list_id=list_id)
    if listing.status != ListStatus.draft:
        raise Conflict(f"list {list_id} is {listing.status}: its items can no longer change")
    item = session.get(DispositionItem, item_id)
    if item is None or item.list_id != list_id:
        raise NotFound(f"list {list_id} has no item {item_id}")
    if decision == ItemDecision.pending:
        raise InvalidInput("decide destroy, keep or transfer")
    before = {"decision": str(item.decision), "reason": item.decision_reason}
    item.decision, item.decision_reason = decision, reason[:500]
    session.add(item)
    append_event(session, actor=actor, action="disposition.decide", entity_type="document",
                 entity_id=item.document_id, dossier_id=item.dossier_id, before=before,
                 after={"decision": str(decision), "list": list_id}, reason=reason)
    return item


def propose(session: Session, *, list_id: int, actor: Actor) -> DispositionList:
    """The archivist proposes the reviewed list for approval."""
    listing = list_by_id(session, list_id=list_id)
    if listing.status != ListStatus.draft:
        raise Conflict(f"list {list_id} is {listing.status}, not a draft")
    pending = [i.id for i in list_items(session, list_id=list_id)
               if i.decision == ItemDecision.pending]
    if pending:
        raise Conflict(f"decide every item first (undecided: {pending[:10]})")
    listing.status, listing.proposed_by = ListStatus.proposed, actor.username
    listing.proposed_at = utcnow()
    return _saved(session, listing, actor, "disposition.propose")


def approve(session: Session, *, list_id: int, actor: Actor) -> DispositionList:
    """A second person approves: never the one who proposed the list."""
    listing = list_by_id(session, list_id=list_id)
    if listing.status != ListStatus.proposed:
        raise Conflict(f"list {list_id} is {listing.status}, not proposed")
    if listing.proposed_by == actor.username:
        raise Forbidden(f"{actor.username} proposed list {list_id} and may not approve it: "
                        "a second person must")
    listing.status, listing.approved_by = ListStatus.approved, actor.username
    listing.approved_at = utcnow()
    return _saved(session, listing, actor, "disposition.approve")


def cancel(session: Session, *, list_id: int, actor: Actor) -> DispositionList:
    listing = list_by_id(session, list_id=list_id)
    if listing.status not in _OPEN_LISTS:
        raise Conflict(f"list {list_id} is {listing.status}")
    listing.status = ListStatus.cancelled
    return _saved(session, listing, actor, "disposition.cancel")


def _saved(session: Session, listing: DispositionList, actor: Actor,
           action: str) -> DispositionList:
    session.add(listing)
    session.flush()
    append_event(session, actor=actor, action=action, entity_type="disposition",
                 entity_id=listing.id, after={"status": str(listing.status)})
    return listing


def all_lists(session: Session) -> list[DispositionList]:
    return list(session.exec(select(DispositionList).order_by(col(DispositionList.id).desc())))

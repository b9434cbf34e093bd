"""Legal holds: placed on a dossier, a person or a document with a reason, released with one.
While a hold stands, nothing under it may change (``core.catalog.refuse_if_held``, asked by
the API's guard) or be destroyed (``retention.may_destroy``). Where the store keeps archived
objects under object lock, the hold is also set on them, so not even the storage
administrator can remove them."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from core import Conflict, NotFound
from core.catalog import (
    Actor,
    ArchivedObject,
    Document,
    DocumentPerson,
    Dossier,
    HoldScope,
    HouseholdMembership,
    LegalHold,
    LegalHoldCreate,
    Person,
    append_event,
    holds_over_document,
    utcnow,
)
from storage import BlobStore

log = logging.getLogger(__name__)


def _target(session: Session, data: LegalHoldCreate) -> tuple[int | None, int | None]:
    """(dossier_id, person_id) of the held thing, checking it exists."""
    if data.scope == HoldScope.dossier and session.get(Dossier, data.target_id) is not None:
        return data.target_id, None
    if data.scope == HoldScope.person and session.get(Person, data.target_id) is not None:
        return None, data.target_id
    document = session.get(Document, data.target_id)
    if data.scope != HoldScope.document or document is None:
        raise NotFound(f"no {data.scope} {data.target_id}")
    return document.dossier_id, None


def place_hold(session: Session, blobs: BlobStore, *, data: LegalHoldCreate,
               actor: Actor) -> LegalHold:
    dossier_id, person_id = _target(session, data)
    hold = LegalHold(scope=data.scope, reason=data.reason, placed_by=actor.username,
                     dossier_id=data.target_id if data.scope == HoldScope.dossier else None,
                     person_id=person_id,
                     document_id=data.target_id if data.scope == HoldScope.document else None)
    session.add(hold)
    session.flush()
    append_event(session, actor=actor, action="hold.place", entity_type="legal_hold",
                 entity_id=hold.id, dossier_id=dossier_id, person_id=person_id,
                 after=hold.model_dump(mode="json", warnings=False), reason=data.reason)
    _sync_object_holds(session, blobs, covered_documents(session, hold))
    return hold


def release_hold(session: Session, blobs: BlobStore, *, hold_id: int, reason: str,
                 actor: Actor) -> LegalHold:
    hold = session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound(f"no legal hold {hold_id}")
    if hold.released_at is not None:
        raise Conflict(f"legal hold {hold_id} was already released")
    before = hold.model_dump(mode="json", warnings=False)
    hold.released_at, hold.released_by = utcnow(), actor.username
    hold.release_reason = reason[:500]
    session.add(hold)
    session.flush()
    append_event(session, actor=actor, action="hold.release", entity_type="legal_hold",
                 entity_id=hold.id, dossier_id=hold.dossier_id, person_id=hold.person_id,
                 before=before, after=hold.model_dump(mode="json", warnings=False), reason=reason)
    _sync_object_holds(session, blobs, covered_documents(session, hold))
    return hold


def covered_documents(session: Session, hold: LegalHold) -> list[Document]:
    """The documents a hold covers (as ``holds_over_document`` sees them)."""
    if hold.scope == HoldScope.document:
        document = session.get(Document, hold.document_id)
        return [document] if document is not None else []
    if hold.scope == HoldScope.dossier:
        return list(session.exec(select(Document).where(Document.dossier_id == hold.dossier_id)))
    households = select(HouseholdMembership.household_id).where(
        HouseholdMembership.person_id == hold.person_id)
    dossiers = select(Dossier.id).where((col(Dossier.person_id) == hold.person_id)
                                        | col(Dossier.household_id).in_(households))
    linked = select(DocumentPerson.document_id).where(
        DocumentPerson.person_id == hold.person_id)
    return list(session.exec(select(Document).where(
        col(Document.dossier_id).in_(dossiers) | col(Document.id).in_(linked))))


def _sync_object_holds(session: Session, blobs: BlobStore, documents: list[Document]) -> None:
    """Set the store's own legal hold on archived objects while any hold covers a document
    they belong to (parts of one original share its copy); lift it when none does. Stores
    without object lock have nothing to set."""
    set_hold = getattr(blobs, "legal_hold", None)
    if set_hold is None or not documents:
        return
    keys = set(session.exec(select(ArchivedObject.key).where(
        col(ArchivedObject.document_id).in_([d.id for d in documents]))))
    for key in sorted(keys):
        sharing = session.exec(select(Document).join(
            ArchivedObject, col(ArchivedObject.document_id) == col(Document.id)).where(
            ArchivedObject.key == key)).all()
        set_hold(key, any(holds_over_document(session, document=d) for d in sharing))


def list_holds(session: Session, *, standing_only: bool = False) -> list[LegalHold]:
    query = select(LegalHold).order_by(col(LegalHold.id).desc())
    if standing_only:
        query = query.where(col(LegalHold.released_at).is_(None))
    return list(session.exec(query))

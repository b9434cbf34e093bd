"""What a legal hold is placed on, found from the words a person types (a dossier number; a
person's national identifier or name; a document's number or words of its title), and what a
hold holds, said in those same words. Also the tombstone of a destroyed document. Read only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from core import InvalidInput, NotFound
from core.catalog import (
    DestructionRecord,
    Document,
    Dossier,
    HoldScope,
    LegalHold,
    Person,
    holds_over_document,
)
from core.catalog.search_keys import key_matches

_MANY = 5  # candidates named when the words match more than one


@dataclass(frozen=True)
class HoldTarget:
    scope: HoldScope
    target_id: int
    label: str


def _dossier_label(dossier: Dossier) -> str:
    return f"{dossier.number} · {dossier.title}"


def _person_label(person: Person) -> str:
    names = f"{person.family_name} {person.given_names}".strip()
    return f"{names} ({person.national_id})" if person.national_id else names


def _document_label(document: Document) -> str:
    return f"#{document.id} · {document.title or document.original_filename or ''}".strip()


def _one(found: list[tuple[int, str]], scope: HoldScope, words: str) -> tuple[int, str]:
    if not found:
        raise NotFound(f"no {scope} matches '{words}'")
    if len(found) > 1:
        names = "; ".join(label for _, label in found[:_MANY])
        raise InvalidInput(f"'{words}' matches {len(found)} {scope}s ({names}): be more "
                           "precise")
    return found[0]


def _persons(session: Session, words: str) -> list[tuple[int, str]]:
    bare = words.replace(" ", "").replace(".", "").replace("-", "")
    by_id = session.exec(select(Person).where(func.replace(func.replace(func.replace(
        col(Person.national_id), " ", ""), ".", ""), "-", "") == bare)).all() if bare else []
    people = by_id or session.exec(select(Person).where(
        key_matches(col(Person.search_key), words)).limit(_MANY + 1)).all()
    return [(p.id or 0, _person_label(p)) for p in people]


def _documents(session: Session, words: str) -> list[tuple[int, str]]:
    text = words.lstrip("#")
    if text.isdigit():
        document = session.get(Document, int(text))
        return [(document.id or 0, _document_label(document))] if document else []
    pattern = "%" + words.lower().replace("%", "").replace("_", "") + "%"
    found = session.exec(select(Document).where(
        func.lower(col(Document.title)).like(pattern)).limit(_MANY + 1)).all()
    return [(d.id or 0, _document_label(d)) for d in found]


def find_hold_target(session: Session, *, scope: HoldScope, words: str) -> HoldTarget:
    """The one dossier, person or document ``words`` name (404 if none, 422 if several)."""
    words = " ".join(words.split())
    if scope == HoldScope.dossier:
        dossier = session.exec(select(Dossier).where(Dossier.number == words)).first()
        found = [(dossier.id or 0, _dossier_label(dossier))] if dossier else []
    elif scope == HoldScope.person:
        found = _persons(session, words)
    else:
        found = _documents(session, words)
    target_id, label = _one(found, scope, words)
    return HoldTarget(scope=scope, target_id=target_id, label=label)


def hold_target_label(session: Session, hold: LegalHold) -> str:
    """What ``hold`` holds: ``824415 · Famille Rossi``, ``Rossi Anna (756.1234…)``,
    ``#12 · Décision``; a destroyed document by its residual record."""
    if hold.scope == HoldScope.dossier and hold.dossier_id:
        dossier = session.get(Dossier, hold.dossier_id)
        return _dossier_label(dossier) if dossier else f"{hold.dossier_id}"
    if hold.scope == HoldScope.person and hold.person_id:
        person = session.get(Person, hold.person_id)
        return _person_label(person) if person else f"{hold.person_id}"
    document = session.get(Document, hold.document_id) if hold.document_id else None
    return _document_label(document) if document else f"#{hold.document_id}"


def held_documents(session: Session, *, document_ids: list[int]) -> dict[int, list[LegalHold]]:
    """The standing holds over each of ``document_ids`` (only those held appear)."""
    held: dict[int, list[LegalHold]] = {}
    for document in session.exec(select(Document).where(col(Document.id).in_(document_ids))):
        holds = holds_over_document(session, document=document)
        if holds and document.id is not None:
            held[document.id] = holds
    return held


@dataclass(frozen=True)
class Tombstone:
    """What a destroyed document's address answers instead of "not found"."""

    document_id: int
    title: str
    dossier_number: str
    destroyed_at: datetime
    destroyed_by: str
    certificate_id: int | None
    list_id: int
    schedule_code: str
    rule: str


def tombstone(session: Session, *, document_id: int) -> Tombstone | None:
    """The residual record of document ``document_id`` if it was destroyed (and is gone)."""
    if session.get(Document, document_id) is not None:
        return None
    record = session.exec(select(DestructionRecord).where(
        DestructionRecord.document_id == document_id)).first()
    if record is None:
        return None
    return Tombstone(document_id=document_id, title=record.title,
                     dossier_number=record.dossier_number, destroyed_at=record.destroyed_at,
                     destroyed_by=record.destroyed_by, certificate_id=record.certificate_id,
                     list_id=record.list_id, schedule_code=record.schedule_code,
                     rule=record.rule)

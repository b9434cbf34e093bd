"""A dossier's journal de vie: each document filed in it, by date, with its type and who
filed it."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter
from sqlmodel import col, select

from api._guard import GuardDep
from core.catalog import Document, JournalEntry, JournalEntryPublic, dossier_journal

router = APIRouter(prefix="/dossiers", tags=["journal"])


@router.get("/{number}/journal", response_model=list[JournalEntryPublic])
def get_journal(number: str, guard: GuardDep) -> Sequence[JournalEntry]:
    """Oldest first. Entries of documents the person may not open (confidential ones) are
    left out, exactly as the documents are."""
    dossier = guard.dossier(number)
    assert dossier.id is not None
    entries = dossier_journal(guard.session, dossier_id=dossier.id)
    ids = {e.document_id for e in entries if e.document_id is not None}
    documents = guard.session.exec(select(Document).where(col(Document.id).in_(ids))).all()
    readable = {d.id for d in documents if guard.may_read(d)}
    return [e for e in entries if e.document_id is None or e.document_id in readable]

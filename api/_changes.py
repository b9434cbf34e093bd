"""Helpers for routes that change the catalog: snapshots for the journal, and reindexing what
changed once the transaction is committed (access tokens live in the index too)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from core import BackendUnavailable
from core.catalog import Document
from index import SearchIndex
from ingest import index_documents

log = logging.getLogger(__name__)


def snapshot(row: SQLModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """A row as JSON-ready data for the journal's before/after."""
    return row.model_dump(mode="json", exclude=exclude or set(), warnings=False)


def dossier_document_ids(session: Session, *, dossier_id: int) -> list[int]:
    ids = session.exec(select(Document.id).where(Document.dossier_id == dossier_id)
                       .order_by(col(Document.id))).all()
    return [i for i in ids if i is not None]


def commit_and_reindex(session: Session, index: SearchIndex, document_ids: Sequence[int]) -> None:
    """Commit the request's transaction, then bring these documents' index entries (and the
    access tokens in them) up to date. An index failure is logged, not raised: the change is
    committed and ``liasse reindex`` repairs the index; search results are re-checked against
    the catalog meanwhile."""
    session.commit()
    if not document_ids:
        return
    try:
        index_documents(session, index, list(document_ids))
    except BackendUnavailable as exc:
        log.error("reindexing documents %s failed: %s", list(document_ids)[:20], exc)

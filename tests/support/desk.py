"""The intake desk for the worker tests: receives files into a batch (catalog + S3) and queues
it, as ``liasse ingest`` does, then reads back what the workers made of it."""

from __future__ import annotations

import io
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import SessionFactory
from core.catalog import Batch, BatchItem, Document, Page, Role, UserCreate, account_queries
from ingest import IncomingFile, receive_batch
from liasse.settings import Settings
from liasse.tasks import make_celery, register_tasks, submit_items
from liasse.wiring import Services, build_services
from tests.support.workers import LiasseProcess, wait_for


@dataclass(frozen=True)
class StoredDocument:
    id: int
    item_id: int
    original_sha256: str
    source_pages: list[int]
    texts: list[str]


@dataclass(frozen=True)
class BatchOutcome:
    status: str
    items: list[BatchItem]
    documents: list[StoredDocument]


class Desk:
    """This test process as an intake desk on the shared backends: it stores originals in S3,
    writes the batch to the catalog and queues its items for the workers."""

    def __init__(self, settings: Settings) -> None:
        self.services: Services = build_services(settings, migrate=False)
        self.celery = make_celery(settings)
        register_tasks(self.celery, lambda: self.services)

    @property
    def sessions(self) -> SessionFactory:
        return self.services.sessions

    def submit(self, files: Mapping[str, bytes]) -> int:
        """A batch of these files, queued; returns its id."""
        with self.sessions.transaction() as session:
            batch, items = receive_batch(
                session, self.services.blobs,
                [IncomingFile(name, io.BytesIO(data)) for name, data in files.items()],
                source="cli")
            batch_id, ids = batch.id, [item.id for item in items if item.id is not None]
        assert batch_id is not None
        submit_items(self.celery, ids)
        return batch_id

    def items(self, batch_id: int) -> list[BatchItem]:
        with self.sessions() as session:
            return list(session.exec(select(BatchItem).where(BatchItem.batch_id == batch_id)
                                     .order_by(col(BatchItem.id))).all())

    def outcome(self, batch_id: int) -> BatchOutcome:
        with self.sessions() as session:  # the status first: items are read after it
            batch = session.get(Batch, batch_id)
            assert batch is not None, f"no batch {batch_id}"
            items = self.items(batch_id)
            ids = [item.id for item in items]
            documents = session.exec(select(Document).where(
                col(Document.batch_item_id).in_(ids)).order_by(col(Document.id))).all()
            return BatchOutcome(str(batch.status), items,
                                [_stored(session, doc) for doc in documents])

    def wait_done(self, batch_id: int, *, timeout: float,
                  watch: Sequence[LiasseProcess] = ()) -> BatchOutcome:
        def done() -> BatchOutcome | None:
            outcome = self.outcome(batch_id)
            return outcome if outcome.status == "done" else None

        return wait_for(done, timeout=timeout, what=f"batch {batch_id} done", watch=watch,
                        interval=0.25)

    def admin_token(self, username: str = "admin") -> str:
        """A new administrator account and an API token for it."""
        with self.sessions.transaction() as session:
            user = account_queries.create_user(session, data=UserCreate(
                username=username, roles=[Role.administrator]))
            assert user.id is not None
            _, secret = account_queries.issue_token(session, user_id=user.id, name="tests")
        return secret

    def close(self) -> None:
        self.services.index.close()
        self.services.sessions.engine.dispose()


def _stored(session: Session, document: Document) -> StoredDocument:
    assert document.id is not None
    pages = session.exec(select(Page).where(Page.document_id == document.id)
                         .order_by(col(Page.number))).all()
    assert document.batch_item_id is not None
    return StoredDocument(document.id, document.batch_item_id, document.original_sha256,
                          [p.source_page for p in pages], [p.text for p in pages])


def bucket_prefix() -> str:
    """A bucket prefix no other test uses (``lt`` + 10 hex digits)."""
    return f"lt{secrets.token_hex(5)}"

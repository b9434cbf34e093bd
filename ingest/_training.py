"""Training the classifier from the documents people typed or confirmed.

Training data is the catalog itself: every document whose type a person set (desk metadata,
a correction, a confirmation) is an example. The model is trained from scratch each time and
stored in the BlobStore, where every worker picks it up at its next document. The schedule
(``retrain_if_changed``) trains only when the confirmed documents changed since the model in
use was trained.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import replace

from sqlmodel import Session, col, select

from classify import Classifier, Taxonomy, TrainingExample, TrainingReport
from core import SessionFactory
from core.catalog import Document, Page
from ingest._models import current_pointer, save_classifier
from storage import BlobStore

log = logging.getLogger(__name__)

MAX_CHARS = 20_000  # of each document's text: its first pages say what it is
_CHUNK = 200


def confirmed_types(session: Session) -> list[tuple[int, str]]:
    """(document id, type) of every document whose type a person set or confirmed."""
    rows = session.exec(select(Document.id, Document.doc_type).where(
        col(Document.type_made_by).startswith("person:"),
        col(Document.doc_type).is_not(None)).order_by(col(Document.id))).all()
    return [(i, t) for i, t in rows if i is not None and t is not None]


def fingerprint(confirmed: list[tuple[int, str]]) -> str:
    """Changes whenever a confirmed document is added, removed or retyped."""
    digest = hashlib.sha256()
    for document_id, code in confirmed:
        digest.update(f"{document_id}:{code};".encode())
    return digest.hexdigest()


def training_examples(session: Session, confirmed: list[tuple[int, str]],
                      taxonomy: Taxonomy) -> Iterator[TrainingExample]:
    """The text of each confirmed document with its type (types unknown to ``taxonomy`` are
    left out), read in chunks."""
    codes = dict(confirmed)
    known = [i for i, code in confirmed if code in taxonomy.codes]
    for start in range(0, len(known), _CHUNK):
        chunk = known[start:start + _CHUNK]
        texts: dict[int, list[str]] = {i: [] for i in chunk}
        rows = session.exec(select(Page.document_id, Page.text).where(
            col(Page.document_id).in_(chunk)).order_by(col(Page.document_id), col(Page.number)))
        for document_id, text in rows:
            texts[document_id].append(text)
        for document_id, pages in texts.items():
            yield TrainingExample("\n".join(pages)[:MAX_CHARS], codes[document_id])


def train_classifier(sessions: SessionFactory, blobs: BlobStore, *,
                     taxonomy: Taxonomy | None = None) -> TrainingReport:
    """Train on every confirmed document and store the model for all workers.

    Raises ``InvalidInput`` when fewer than two types were ever confirmed."""
    taxonomy = taxonomy or Taxonomy.default()
    classifier = Classifier(taxonomy)
    with sessions() as session:
        confirmed = confirmed_types(session)
        report = classifier.train(training_examples(session, confirmed, taxonomy))
    pointer = save_classifier(blobs, classifier, examples=report.examples,
                              fingerprint=fingerprint(confirmed))
    skipped = len(confirmed) - report.examples
    note = f"; {skipped} without text or of unknown types left out" if skipped else ""
    log.info("classifier trained: %s, stored as %s", report.reason, pointer.key)
    return replace(report, reason=f"{report.reason}{note}; stored as {pointer.key}")


def retrain_if_changed(sessions: SessionFactory, blobs: BlobStore, *,
                       taxonomy: Taxonomy | None = None) -> TrainingReport | None:
    """The scheduled retraining: train only when confirmed documents changed since the model
    in use was trained (``None``: nothing to do)."""
    with sessions() as session:
        current = fingerprint(confirmed_types(session))
        types = {code for _, code in confirmed_types(session)}
    pointer = current_pointer(blobs)
    if pointer is not None and pointer.fingerprint == current:
        log.info("classifier up to date (%s examples)", pointer.examples)
        return None
    if len(types) < 2:
        log.info("not retraining: people confirmed documents of %d type(s), 2 are needed",
                 len(types))
        return None
    return train_classifier(sessions, blobs, taxonomy=taxonomy)

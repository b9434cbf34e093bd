"""Consistency check across catalog, object storage and index (``liasse check``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from core import FixityError, NotFound
from core.catalog import BatchItem, Document
from index import SearchIndex
from storage import BlobStore, sha256_of


@dataclass
class CheckReport:
    """What does not agree. Every list is empty on a healthy installation."""

    missing_objects: list[str] = field(default_factory=list)
    corrupted_objects: list[str] = field(default_factory=list)
    unreferenced_objects: list[str] = field(default_factory=list)
    not_indexed: list[int] = field(default_factory=list)
    indexed_but_gone: list[int] = field(default_factory=list)
    checked_objects: int = 0

    @property
    def healthy(self) -> bool:
        return not (self.missing_objects or self.corrupted_objects or self.unreferenced_objects
                    or self.not_indexed or self.indexed_but_gone)

    def as_json(self) -> dict[str, object]:
        return {"healthy": self.healthy, "checked_objects": self.checked_objects,
                "missing_objects": self.missing_objects,
                "corrupted_objects": self.corrupted_objects,
                "unreferenced_objects": self.unreferenced_objects,
                "not_indexed": self.not_indexed, "indexed_but_gone": self.indexed_but_gone}


def check_consistency(session: Session, blobs: BlobStore, index: SearchIndex, *,
                      rehash: bool = True,
                      progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """Compare the catalog with storage (every original, re-hashed unless ``rehash`` is off)
    and with the index (every document id)."""
    report = CheckReport()
    expected = _referenced_originals(session)
    for done, (key, sha256) in enumerate(sorted(expected.items()), start=1):
        _check_object(blobs, key, sha256, report, rehash)
        if progress:
            progress(done, len(expected))
    report.unreferenced_objects = sorted(set(blobs.keys("originals/")) - set(expected))
    catalog_ids = {i for i in session.exec(select(Document.id)).all() if i is not None}
    indexed = index.document_ids()
    report.not_indexed = sorted(catalog_ids - indexed)
    report.indexed_but_gone = sorted(indexed - catalog_ids)
    return report


def _referenced_originals(session: Session) -> dict[str, str]:
    rows = session.exec(select(BatchItem.original_key, BatchItem.sha256)
                        .order_by(col(BatchItem.id))).all()
    docs = session.exec(select(Document.original_key, Document.original_sha256)).all()
    return {key: sha for key, sha in [*rows, *docs]}


def _check_object(blobs: BlobStore, key: str, sha256: str, report: CheckReport,
                  rehash: bool) -> None:
    report.checked_objects += 1
    try:
        info = blobs.stat(key)
        if info.sha256 != sha256:
            report.corrupted_objects.append(key)
            return
        if rehash:
            with blobs.open(key) as stream:
                actual, _ = sha256_of(stream)
            if actual != sha256:
                report.corrupted_objects.append(key)
    except NotFound:
        report.missing_objects.append(key)
    except FixityError:
        report.corrupted_objects.append(key)

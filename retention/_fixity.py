"""Fixity: re-read stored objects, recompute their SHA-256 and compare it with the digest the
catalog recorded when they were written (originals, archived copies, certificates).

Each run checks a share of the objects, continuing after the last key the previous run
checked (the cursor is kept on the run), so ``share=0.1`` every night covers everything in ten
nights. A mismatch or a missing object is journaled (``fixity.mismatch``) and kept in the
run's report. No commit: the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from core import FixityError, InvalidInput, NotFound
from core.catalog import (
    Actor,
    ArchivedObject,
    BatchItem,
    DestructionCertificate,
    Document,
    FixityRun,
    ItemStatus,
    append_event,
    utcnow,
)
from storage import BlobStore

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    document_id: int | None


def catalog_objects(session: Session) -> list[StoredObject]:
    """Every object whose SHA-256 the catalog knows, once per key, in key order: originals of
    documents and of quarantined files (kept as evidence of what was received), archived
    copies and destruction certificates."""
    found: dict[str, StoredObject] = {}
    for key, sha, doc in session.exec(select(Document.original_key, Document.original_sha256,
                                             Document.id)):
        found.setdefault(key, StoredObject(key, sha, doc))
    for key, sha in session.exec(select(BatchItem.original_key, BatchItem.sha256)
                                 .where(BatchItem.status == ItemStatus.quarantined)):
        found.setdefault(key, StoredObject(key, sha, None))
    for obj in session.exec(select(ArchivedObject)):
        found.setdefault(obj.key, StoredObject(obj.key, obj.sha256, obj.document_id))
    for cert in session.exec(select(DestructionCertificate)):
        if cert.key:
            found.setdefault(cert.key, StoredObject(cert.key, cert.sha256, None))
    return [found[key] for key in sorted(found)]


def _next_share(objects: list[StoredObject], cursor: str, count: int) -> list[StoredObject]:
    after = [o for o in objects if o.key > cursor]
    chosen = after[:count]
    if len(chosen) < count:  # wrap around to the start
        chosen += [o for o in objects if o.key <= cursor][:count - len(chosen)]
    return chosen


def _digest(blobs: BlobStore, key: str) -> str:
    digest = hashlib.sha256()
    with blobs.open(key) as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check(blobs: BlobStore, obj: StoredObject) -> dict[str, Any] | None:
    """None when the bytes hash to the recorded digest; else what is wrong."""
    problem: dict[str, Any] = {"key": obj.key, "document_id": obj.document_id,
                               "expected": obj.sha256}
    try:
        actual = _digest(blobs, obj.key)
    except NotFound:
        return problem | {"problem": "missing", "actual": None}
    except FixityError as exc:  # the store's own check (S3 metadata) failed on reading
        return problem | {"problem": "mismatch", "actual": None, "detail": exc.message}
    if actual != obj.sha256:
        return problem | {"problem": "mismatch", "actual": actual}
    return None


def last_run(session: Session) -> FixityRun | None:
    return session.exec(select(FixityRun).where(col(FixityRun.finished_at).is_not(None))
                        .order_by(col(FixityRun.id).desc()).limit(1)).first()


def run(session: Session, blobs: BlobStore, *, share: float = 1.0,
        actor: Actor) -> FixityRun:
    """Check ``share`` (0 < share <= 1) of the stored objects, after the last run's cursor."""
    if not 0 < share <= 1:
        raise InvalidInput("the share of objects to check is a fraction in (0, 1]")
    objects = catalog_objects(session)
    previous = last_run(session)
    count = min(len(objects), max(1, math.ceil(len(objects) * share))) if objects else 0
    chosen = _next_share(objects, previous.cursor if previous else "", count)
    fixity = FixityRun(started_by=actor.username, share=share, total=len(objects))
    problems = [p for p in (_check(blobs, obj) for obj in chosen) if p is not None]
    fixity.checked, fixity.problems = len(chosen), problems
    fixity.mismatched = sum(1 for p in problems if p["problem"] == "mismatch")
    fixity.missing = sum(1 for p in problems if p["problem"] == "missing")
    fixity.cursor = chosen[-1].key if chosen else ""
    fixity.finished_at = utcnow()
    session.add(fixity)
    session.flush()
    for problem in problems:
        append_event(session, actor=actor, action="fixity.mismatch", entity_type="object",
                     entity_id=problem["document_id"] or "", after=problem,
                     reason=f"{problem['problem']}: {problem['key']}")
    append_event(session, actor=actor, action="fixity.check", entity_type="fixity_run",
                 entity_id=fixity.id, after={"checked": fixity.checked,
                                             "mismatched": fixity.mismatched,
                                             "missing": fixity.missing})
    return fixity


def runs(session: Session, *, limit: int = 50) -> list[FixityRun]:
    return list(session.exec(select(FixityRun).order_by(col(FixityRun.id).desc())
                             .limit(limit)))

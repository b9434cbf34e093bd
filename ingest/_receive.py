"""Receive: every byte is stored, with its SHA-256, before anything else happens to it."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from sqlmodel import Session

from core import InvalidInput
from core.catalog import Batch, BatchItem
from ingest._describe import check_desk_metadata
from storage import BlobStore, original_key

BATCH_LANGUAGES = ("fr", "de", "it", "nl", "en")  # the languages the OCR can be told

_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """A file arriving in a batch: its name as the sender gave it, and its bytes."""

    filename: str
    stream: BinaryIO


def safe_filename(name: str) -> str:
    """The last path component, without control characters, at most 200 characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|')
    return cleaned[:200] or "unnamed"


def receive_batch(session: Session, blobs: BlobStore, files: Iterable[IncomingFile], *,
                  source: str, created_by: str = "", dossier_number: str | None = None,
                  element_reference: str | None = None, doc_type: str | None = None,
                  max_bytes: int | None = None,
                  language: str | None = None) -> tuple[Batch, list[BatchItem]]:
    """Create a batch and store each file's original under its content key.

    The catalog rows are added to ``session`` but not committed: the caller commits, then hands
    the item ids to the workers. The same bytes received twice are one stored object.
    The desk metadata (dossier, element, type) applies to every document of the batch;
    ``language`` (fr, de, it, nl, en) is the one its pages are read in first.
    """
    check_desk_metadata(session, dossier_number=dossier_number,  # fail before storing
                        element_reference=element_reference, doc_type=doc_type)
    batch = Batch(source=source, created_by=created_by, dossier_number=dossier_number,
                  element_reference=element_reference, doc_type=doc_type,
                  language=batch_language(language))
    session.add(batch)
    session.flush()
    items = [_receive_one(session, blobs, incoming, batch, max_bytes) for incoming in files]
    if not items:
        raise InvalidInput("a batch needs at least one file")
    session.flush()
    return batch, items


def batch_language(language: str | None) -> str | None:
    """The clerk's language for a batch, as an ISO 639-1 code Liasse reads, or ``None``."""
    if not language or not language.strip():
        return None
    code = language.strip().lower()
    if code not in BATCH_LANGUAGES:
        raise InvalidInput(f"unknown batch language {language!r}; known: "
                           f"{', '.join(BATCH_LANGUAGES)}")
    return code


def _receive_one(session: Session, blobs: BlobStore, incoming: IncomingFile, batch: Batch,
                 max_bytes: int | None) -> BatchItem:
    with tempfile.TemporaryFile() as spool:
        digest, size = _spool(incoming.stream, spool, max_bytes, incoming.filename)
        key = original_key(digest)
        if not blobs.exists(key):
            spool.seek(0)
            blobs.put(key, spool)
    assert batch.id is not None
    item = BatchItem(batch_id=batch.id, filename=safe_filename(incoming.filename), size=size,
                     sha256=digest, original_key=key)
    session.add(item)
    return item


def _spool(stream: BinaryIO, spool: BinaryIO, max_bytes: int | None, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise InvalidInput(f"{safe_filename(name)} is larger than the upload limit of "
                               f"{max_bytes // (1024 * 1024)} MB")
        digest.update(chunk)
        spool.write(chunk)
    return digest.hexdigest(), size


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and every file inside folders named (sorted, hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in
                                                    p.relative_to(path).parts))
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidInput(f"{path} is neither a file nor a folder")
    return found


def fetch_original(blobs: BlobStore, key: str, target: Path) -> Path:
    """Copy a stored original into the work directory (stages work on local files)."""
    with blobs.open(key) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, _CHUNK)
    return target

"""Liasse's leaf package: the catalog, the database, the error tree and pipeline records.

The database helpers (``core.db``: SQLAlchemy, SQLModel, Alembic) load on first use, so an OCR
worker process, which needs only the error tree and the page records, starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import (
    BackendRefused,
    BackendUnavailable,
    Conflict,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    FixityError,
    Forbidden,
    Gone,
    InvalidInput,
    JournalBroken,
    LiasseError,
    NotFound,
    OcrFailure,
    OversizedFile,
    RejectedFile,
    SearchBackendError,
    SearchRejected,
    SearchUnavailable,
    StorageError,
    StorageRefused,
    StorageUnavailable,
    TooManyRequests,
    Unauthenticated,
    UnsupportedFileType,
)
from core.records import UNREADABLE_PAGE, PageStep, PageText, TextSource, WordBox

if TYPE_CHECKING:
    from core.db import SessionFactory, downgrade, make_engine, upgrade

_DATABASE_NAMES = frozenset({"SessionFactory", "downgrade", "make_engine", "upgrade"})


def __getattr__(name: str) -> Any:
    if name in _DATABASE_NAMES:
        from core import db

        return getattr(db, name)
    raise AttributeError(f"module 'core' has no attribute {name!r}")

__all__ = [
    "UNREADABLE_PAGE", "BackendRefused", "BackendUnavailable", "Conflict", "DamagedFile",
    "EmptyFile", "EncryptedFile", "FixityError", "Forbidden", "Gone", "InvalidInput",
    "JournalBroken", "LiasseError", "NotFound", "OcrFailure", "OversizedFile", "PageStep",
    "PageText", "RejectedFile", "SearchBackendError", "SearchRejected", "SearchUnavailable",
    "SessionFactory", "StorageError", "StorageRefused", "StorageUnavailable", "TextSource",
    "TooManyRequests", "Unauthenticated", "UnsupportedFileType", "WordBox", "downgrade",
    "make_engine", "upgrade",
]

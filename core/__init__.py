"""Liasse's leaf package: the catalog, the database, the error tree and pipeline records."""

from core.db import SessionFactory, downgrade, make_engine, upgrade
from core.errors import (
    BackendUnavailable,
    Conflict,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    FixityError,
    Forbidden,
    InvalidInput,
    JournalBroken,
    LiasseError,
    NotFound,
    OcrFailure,
    OversizedFile,
    RejectedFile,
    SearchBackendError,
    StorageError,
    TooManyRequests,
    Unauthenticated,
    UnsupportedFileType,
)
from core.records import PageText, TextSource, WordBox

__all__ = [
    "BackendUnavailable", "Conflict", "DamagedFile", "EmptyFile", "EncryptedFile", "FixityError",
    "Forbidden", "InvalidInput", "JournalBroken", "LiasseError", "NotFound", "OcrFailure",
    "OversizedFile", "PageText", "RejectedFile", "SearchBackendError", "SessionFactory",
    "StorageError", "TextSource", "TooManyRequests", "Unauthenticated", "UnsupportedFileType",
    "WordBox", "downgrade", "make_engine", "upgrade",
]

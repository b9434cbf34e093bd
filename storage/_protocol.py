"""The BlobStore protocol: where original and derived bytes live."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol, runtime_checkable

from core import InvalidInput

# A key is a slash-separated path of plain segments; the first names the namespace
# (originals, derived, archive). Nothing else is accepted, so no key can escape its root.
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
NAMESPACES = ("originals", "derived", "archive")
CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class BlobInfo:
    key: str
    size: int
    sha256: str


def check_key(key: str) -> str:
    """Return ``key`` if it is a safe storage key, else raise InvalidInput."""
    parts = key.split("/")
    if len(parts) < 2 or parts[0] not in NAMESPACES:
        raise InvalidInput(f"storage key {key!r} must start with one of {', '.join(NAMESPACES)}/")
    for part in parts:
        if not _SEGMENT.match(part) or part in (".", ".."):
            raise InvalidInput(f"storage key {key!r} has an unsafe segment {part!r}")
    return key


def original_key(sha256: str) -> str:
    """The content-addressed key of an original: the same bytes always land on one key."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise InvalidInput(f"not a SHA-256 hex digest: {sha256!r}")
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    """SHA-256 hex digest and size of what is left in ``stream``."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@runtime_checkable
class BlobStore(Protocol):
    """Seven primitives every storage backend provides. Errors are ``core.StorageError``
    (transient) or ``core.NotFound`` (no such key)."""

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str = ...) -> BlobInfo:
        """Store bytes under ``key`` (replacing what was there) and return their digest."""
        ...

    def get(self, key: str) -> bytes: ...

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the object; the caller closes it."""
        ...

    def stat(self, key: str) -> BlobInfo: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove ``key``; removing a missing key is not an error."""
        ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every key starting with ``prefix``, in no promised order."""
        ...

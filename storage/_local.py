"""Local-directory BlobStore: the embedded default. One file per key under a root folder."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from core import NotFound, StorageError, StorageRefused, StorageUnavailable
from storage._protocol import CHUNK, BlobInfo, check_key, sha256_of

_DIGEST_SUFFIX = ".sha256"
_REFUSED_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def os_error(key: str, action: str, exc: OSError) -> StorageError:
    """A permission problem (no access, read-only file system) is permanent: a person must fix
    the folder; anything else (a full disk, an I/O error) may pass and is retried."""
    message = f"could not {action} {key}: {exc.strerror or exc}"
    if exc.errno in _REFUSED_ERRNOS:
        return StorageRefused(message, fix="give the Liasse user write access to the storage "
                                           "folder (under LIASSE_HOME)")
    return StorageUnavailable(message)


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` all at once: a hidden temporary beside it, synced, then renamed over it.
    On failure the temporary is removed and ``path`` is left as it was."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class LocalBlobStore:
    """Writes are atomic (temporary file + rename) and the SHA-256 is kept beside each object,
    so ``stat`` reports the digest recorded at write time, not one recomputed from bytes that
    may since have rotted (fixity checks compare the two)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _digest_path(self, path: Path) -> Path:
        # A leading dot: no key segment may start with one, so no key can land on a digest.
        return path.with_name(f".{path.name}{_DIGEST_SUFFIX}")

    def put(self, key: str, data: bytes | BinaryIO, *,
            content_type: str = "application/octet-stream") -> BlobInfo:
        path = self._path(key)
        stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes) else data
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            with _atomic_file(path) as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            with _atomic_file(self._digest_path(path)) as out:
                out.write(digest.hexdigest().encode())
        except OSError as exc:
            raise os_error(key, "write", exc) from exc
        return BlobInfo(key=key, size=size, sha256=digest.hexdigest())

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        try:
            return path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFound(f"no stored object {key}") from None
        except OSError as exc:
            raise os_error(key, "read", exc) from exc

    def stat(self, key: str) -> BlobInfo:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"no stored object {key}")
        digest_file = self._digest_path(path)
        try:
            if digest_file.is_file():
                digest = digest_file.read_text().strip()
            else:
                with path.open("rb") as stream:
                    digest, _ = sha256_of(stream)
            size = path.stat().st_size
        except FileNotFoundError:
            raise NotFound(f"no stored object {key}") from None
        except OSError as exc:
            raise os_error(key, "stat", exc) from exc
        return BlobInfo(key=key, size=size, sha256=digest)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        path = self._path(key)
        if not path.is_file():
            return
        try:
            for victim in (path, self._digest_path(path)):
                victim.unlink(missing_ok=True)
        except OSError as exc:
            raise os_error(key, "delete", exc) from exc

    def keys(self, prefix: str = "") -> Iterator[str]:
        for path in self.root.rglob("*"):
            if not path.is_file() or path.name.startswith("."):
                continue  # digests and unfinished writes: never keys
            key = path.relative_to(self.root).as_posix()
            if key.startswith(prefix):
                yield key

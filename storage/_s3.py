"""S3 BlobStore (MinIO in production, any S3 server that speaks versioning and object lock).

Each key namespace lives in its own bucket (``originals/ab/cd/…`` → bucket ``liasse-originals``,
object ``ab/cd/…``), created on first write with versioning on; the archive bucket is created with
object lock enabled. Every object carries the SHA-256 of its bytes as user metadata, written by
``put`` and checked on every read, so bytes that rot at rest are caught where they are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, BinaryIO, cast

import urllib3
from minio import Minio
from minio.commonconfig import ENABLED
from minio.error import MinioException, S3Error
from minio.retention import COMPLIANCE, GOVERNANCE, Retention
from minio.versioningconfig import VersioningConfig

from core import (
    Conflict,
    FixityError,
    InvalidInput,
    NotFound,
    StorageError,
    StorageRefused,
    StorageUnavailable,
)
from storage._protocol import CHUNK, NAMESPACES, BlobInfo, check_key, sha256_of

_DIGEST_META = "sha256"  # sent as the header x-amz-meta-sha256
_DIGEST_HEADER = "x-amz-meta-" + _DIGEST_META
_MISSING = frozenset({"NoSuchKey", "NoSuchBucket", "NoSuchVersion", "ResourceNotFound"})
_LOCKED = frozenset({"AccessDenied", "ObjectLocked", "InvalidRequest"})
_MIN_PART = 5 * 1024 * 1024
_MAX_PARTS = 10_000
_SPOOL_IN_MEMORY = 8 * 1024 * 1024


# S3 error codes that mean "the same request will be refused again": credentials, policy,
# bucket names, configuration. A person must change something; retrying cannot help.
_REFUSED = frozenset({"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
                      "AllAccessDisabled", "AccountProblem", "InvalidBucketName",
                      "AuthorizationHeaderMalformed", "InvalidToken", "ExpiredToken",
                      "MethodNotAllowed", "NotImplemented", "InvalidArgument"})
_FIX = ("check the S3 access key and secret (LIASSE_S3_ACCESS_KEY, LIASSE_S3_SECRET_KEY), the "
        "region and the bucket policy: Liasse's user must read, write and list its buckets")


def s3_error(key: str, action: str, exc: S3Error) -> StorageError:
    """An S3 answer as ours: a refusal (access denied, a bad key, any other 4xx but a
    time-out or throttling) is permanent; a server error (5xx, SlowDown) is retried."""
    message = f"could not {action} {key}: {exc.code} {exc.message}"
    status = getattr(exc.response, "status", None)
    transient = exc.code in {"RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable"}
    if not transient and (exc.code in _REFUSED or (isinstance(status, int)
                                                  and 400 <= status < 500 and status != 429)):
        return StorageRefused(message, fix=_FIX)
    return StorageUnavailable(message)


@contextlib.contextmanager
def _translated(key: str, action: str) -> Iterator[None]:
    """Turn minio/urllib3/OS errors raised inside the block into our error tree."""
    try:
        yield
    except S3Error as exc:
        if exc.code in _MISSING:
            raise NotFound(f"no stored object {key}") from None
        raise s3_error(key, action, exc) from exc
    except (MinioException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise StorageUnavailable(f"could not {action} {key}: {exc}") from exc


def _recorded_digest(headers: Mapping[str, str] | None) -> str | None:
    for name, value in (headers or {}).items():
        if name.lower() == _DIGEST_HEADER:
            return value.strip().lower()
    return None


def _fixity_failure(key: str, recorded: str, actual: str) -> FixityError:
    return FixityError(
        f"fixity failure on {key}: recorded sha256 {recorded}, read bytes hash to {actual}")


class _HashingReader:
    """Hands a stream's bytes to the uploader, hashing exactly what was handed over."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self.digest.update(chunk)
        return chunk


class _VerifyingStream(io.RawIOBase):
    """A GET response read as a stream; at its end, the bytes' SHA-256 must match the one
    recorded at write time, else reading raises ``FixityError``."""

    def __init__(self, key: str, response: Any, recorded: str | None) -> None:
        self._key, self._response, self._recorded = key, response, recorded
        self._digest = hashlib.sha256()
        self._failure: FixityError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._failure is not None:
            raise self._failure
        with _translated(self._key, "read"):
            chunk = self._response.read(len(buffer))
        if chunk:
            self._digest.update(chunk)
            buffer[: len(chunk)] = chunk
            return len(chunk)
        actual = self._digest.hexdigest()
        if self._recorded is not None and actual != self._recorded:
            self._failure = _fixity_failure(self._key, self._recorded, actual)
            raise self._failure
        return 0

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):
                self._response.close()
                self._response.release_conn()
        super().close()


def _prepare(data: bytes | BinaryIO, stack: contextlib.ExitStack) -> tuple[BinaryIO, int, str]:
    """A rewound, seekable stream of ``data`` with its size and SHA-256, read once to hash it.

    A stream that cannot seek is spooled to a temporary file (memory up to 8 MiB) while hashed.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        payload = bytes(data)
        return io.BytesIO(payload), len(payload), hashlib.sha256(payload).hexdigest()
    seekable = getattr(data, "seekable", None)
    source: BinaryIO = data
    if not (callable(seekable) and seekable()):
        spool = tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY)  # noqa: SIM115
        source = cast(BinaryIO, stack.enter_context(spool))
    start = source.tell()
    digest, size = hashlib.sha256(), 0
    while chunk := data.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if source is not data:
            source.write(chunk)
    source.seek(start)
    return source, size, digest.hexdigest()


class S3BlobStore:
    """A ``BlobStore`` on S3 buckets, one per key namespace (``storage.NAMESPACES``).

    Reads verify the SHA-256 recorded at write time when ``verify_checksums`` (``get`` before
    returning, ``open`` when the stream reaches its end). Buckets are versioned, so ``delete``
    leaves a delete marker and the bytes stay recoverable; ``purge`` removes every version.
    """

    def __init__(self, client: Minio, *, buckets: Mapping[str, str],
                 verify_checksums: bool = True, part_size: int = 16 * 1024 * 1024) -> None:
        missing = [ns for ns in NAMESPACES if ns not in buckets]
        if missing:
            raise InvalidInput(f"no bucket configured for namespace(s) {', '.join(missing)}")
        if len({buckets[ns] for ns in NAMESPACES}) != len(NAMESPACES):
            raise InvalidInput("each storage namespace needs a bucket of its own")
        if part_size < _MIN_PART:
            raise InvalidInput(f"S3 multipart part size must be at least {_MIN_PART} bytes")
        self.client = client
        self.buckets = {ns: buckets[ns] for ns in NAMESPACES}
        self.verify_checksums = verify_checksums
        self.part_size = part_size
        self._ready: set[str] = set()
        self._ready_lock = threading.Lock()

    @classmethod
    def from_settings(cls, endpoint: str, access_key: str, secret_key: str, *,
                      secure: bool = False, region: str | None = None,
                      bucket_prefix: str = "liasse") -> S3BlobStore:
        """A store on ``endpoint`` (``host:port``) with buckets ``{bucket_prefix}-{namespace}``."""
        client = Minio(endpoint, access_key=access_key, secret_key=secret_key,
                       secure=secure, region=region)
        return cls(client, buckets={ns: f"{bucket_prefix}-{ns}" for ns in NAMESPACES})

    # -- where a key lives -------------------------------------------------------------------

    def _locate(self, key: str) -> tuple[str, str]:
        namespace, _, name = check_key(key).partition("/")
        return self.buckets[namespace], name

    def _ensure_bucket(self, namespace: str) -> None:
        """Create the namespace's bucket on first write: versioned; object lock for archive."""
        bucket = self.buckets[namespace]
        if bucket in self._ready:
            return
        with self._ready_lock, _translated(f"bucket {bucket}", "create"):
            if bucket in self._ready:
                return
            if not self.client.bucket_exists(bucket):
                try:
                    self.client.make_bucket(bucket, object_lock=namespace == "archive")
                except S3Error as exc:
                    if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise
            if self.client.get_bucket_versioning(bucket).status != ENABLED:
                self.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
            self._ready.add(bucket)

    # -- the BlobStore protocol --------------------------------------------------------------

    def put(self, key: str, data: bytes | BinaryIO, *,
            content_type: str = "application/octet-stream") -> BlobInfo:
        bucket, name = self._locate(key)
        self._ensure_bucket(key.partition("/")[0])
        with contextlib.ExitStack() as stack, _translated(key, "write"):
            stream, size, digest = _prepare(data, stack)
            sent = _HashingReader(stream)
            result = self.client.put_object(
                bucket, name, sent, size, content_type=content_type,  # type: ignore[arg-type]
                metadata={_DIGEST_META: digest}, part_size=self._part_size_for(size))
            if sent.digest.hexdigest() != digest:  # the source changed while it was sent
                self.client.remove_object(bucket, name, version_id=result.version_id)
                raise StorageUnavailable(f"could not write {key}: its bytes changed while stored")
        return BlobInfo(key=key, size=size, sha256=digest)

    def _part_size_for(self, size: int) -> int:
        smallest = -(-size // _MAX_PARTS)
        return max(self.part_size, -(-smallest // (1024 * 1024)) * 1024 * 1024)

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        bucket, name = self._locate(key)
        with _translated(key, "read"):
            response = self.client.get_object(bucket, name)
        recorded = _recorded_digest(response.headers) if self.verify_checksums else None
        return io.BufferedReader(_VerifyingStream(key, response, recorded), CHUNK)

    def stat(self, key: str) -> BlobInfo:
        bucket, name = self._locate(key)
        with _translated(key, "stat"):
            obj = self.client.stat_object(bucket, name)
        digest = _recorded_digest(obj.metadata)
        if digest is None:  # written by another tool: hash what is there
            with self.open(key) as stream:
                digest, _ = sha256_of(stream)
        return BlobInfo(key=key, size=obj.size or 0, sha256=digest)

    def exists(self, key: str) -> bool:
        try:
            self.stat_version(key)
        except NotFound:
            return False
        return True

    def delete(self, key: str) -> None:
        bucket, name = self._locate(key)
        with contextlib.suppress(NotFound), _translated(key, "delete"):
            self.client.remove_object(bucket, name)

    def keys(self, prefix: str = "") -> Iterator[str]:
        for namespace in NAMESPACES:
            head = namespace + "/"
            if prefix.startswith(head):
                inner = prefix[len(head):]
            elif head.startswith(prefix):
                inner = ""
            else:
                continue
            yield from self._keys_in(namespace, inner)

    def _keys_in(self, namespace: str, inner: str) -> Iterator[str]:
        bucket = self.buckets[namespace]
        with contextlib.suppress(NotFound), _translated(f"{namespace}/{inner}", "list"):
            for obj in self.client.list_objects(bucket, prefix=inner or None, recursive=True):
                if obj.object_name and not obj.is_dir:
                    yield f"{namespace}/{obj.object_name}"

    # -- beyond the protocol: versions, links, retention --------------------------------------

    def stat_version(self, key: str) -> str | None:
        """The version id of the current object under ``key`` (NotFound if there is none)."""
        bucket, name = self._locate(key)
        with _translated(key, "stat"):
            return self.client.stat_object(bucket, name).version_id

    def versions(self, key: str) -> list[str]:
        """Every version id kept under ``key``, delete markers included, newest first."""
        bucket, name = self._locate(key)
        found: list[str] = []
        with contextlib.suppress(NotFound), _translated(key, "list versions of"):
            for obj in self.client.list_objects(bucket, prefix=name, include_version=True):
                if obj.object_name == name and obj.version_id:
                    found.append(obj.version_id)
        return found

    def purge(self, key: str) -> None:
        """Remove every version of ``key``; ``Conflict`` if a version is locked or held."""
        bucket, name = self._locate(key)
        for version in self.versions(key):
            try:
                with _translated(key, "purge"):
                    self.client.remove_object(bucket, name, version_id=version)
            except StorageError as exc:
                cause = exc.__cause__
                if isinstance(cause, S3Error) and cause.code in _LOCKED:
                    raise Conflict(f"{key} is under retention or legal hold: {cause.code}") from exc
                raise

    def presigned_get(self, key: str, expires: timedelta) -> str:
        """A URL that lets its holder GET ``key`` until ``expires`` from now."""
        bucket, name = self._locate(key)
        with _translated(key, "sign a link to"):
            return self.client.presigned_get_object(bucket, name, expires=expires)

    def lock(self, key: str, until: datetime, mode: str = "COMPLIANCE") -> None:
        """Keep the current version of archive ``key`` undeletable until ``until`` (aware)."""
        bucket, name = self._archive(key)
        if until.tzinfo is None:
            raise InvalidInput("a retention date must carry its time zone")
        if mode not in (COMPLIANCE, GOVERNANCE):
            raise InvalidInput(f"retention mode must be COMPLIANCE or GOVERNANCE, not {mode!r}")
        with _translated(key, "lock"):
            self.client.set_object_retention(bucket, name, Retention(mode, until))

    def legal_hold(self, key: str, on: bool) -> None:
        """Put (``on``) or lift a legal hold on the current version of archive ``key``."""
        bucket, name = self._archive(key)
        with _translated(key, "set the legal hold on"):
            if on:
                self.client.enable_object_legal_hold(bucket, name)
            else:
                self.client.disable_object_legal_hold(bucket, name)

    def _archive(self, key: str) -> tuple[str, str]:
        if not check_key(key).startswith("archive/"):
            raise InvalidInput(f"only archive/ keys can be locked or held, not {key!r}")
        return self._locate(key)

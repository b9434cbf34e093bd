"""What the S3 adapter adds to the BlobStore contract: fixity on read, versions, object lock,
presigned links, and vendor errors translated. Runs on a real S3 server."""

from __future__ import annotations

import hashlib
import io
import secrets
import socket
from datetime import UTC, datetime, timedelta

import pytest
import urllib3
from minio import Minio
from minio.error import S3Error

from core import Conflict, FixityError, InvalidInput, NotFound, StorageError
from storage import NAMESPACES, S3BlobStore
from tests.support.seaweed import S3Endpoint, remove_buckets


def _bucket(store: S3BlobStore, key: str) -> tuple[str, str]:
    namespace, _, name = key.partition("/")
    return store.buckets[namespace], name


def _tamper(client: Minio, store: S3BlobStore, key: str, data: bytes) -> None:
    """Replace the bytes under ``key`` behind the store's back, keeping its recorded digest."""
    bucket, name = _bucket(store, key)
    recorded = store.stat(key).sha256
    client.put_object(bucket, name, io.BytesIO(data), len(data), metadata={"sha256": recorded})


def test_corrupted_object_fails_get(s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN an object whose bytes were changed behind the store's back WHEN read with get
    THEN a FixityError (not retryable) names the key."""
    s3_store.put("originals/rotten", b"original bytes")
    _tamper(s3_client, s3_store, "originals/rotten", b"rotten bytes!!")

    with pytest.raises(FixityError, match=r"fixity failure on originals/rotten"):
        s3_store.get("originals/rotten")


def test_corrupted_object_fails_open_at_end_of_stream(
        s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN a corrupted object WHEN opened THEN the first bytes read fine and reaching the
    end of the stream raises the fixity failure (and keeps raising)."""
    s3_store.put("derived/rotten", b"a" * 200_000)
    _tamper(s3_client, s3_store, "derived/rotten", b"b" * 200_000)

    with s3_store.open("derived/rotten") as stream:
        assert stream.read(1000) == b"b" * 1000
        with pytest.raises(FixityError, match="derived/rotten"):
            stream.read()
        with pytest.raises(FixityError):
            stream.read()


def test_corruption_is_not_checked_when_verification_is_off(
        s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN a corrupted object and a store with verify_checksums off WHEN read THEN the bytes
    come back as they are, and stat still reports the digest recorded at write time."""
    info = s3_store.put("derived/rotten", b"original")
    _tamper(s3_client, s3_store, "derived/rotten", b"tampered")
    unchecked = S3BlobStore(s3_client, buckets=s3_store.buckets, verify_checksums=False)

    assert unchecked.get("derived/rotten") == b"tampered"
    assert unchecked.stat("derived/rotten").sha256 == info.sha256


def test_object_written_by_another_tool_is_hashed_on_stat(
        s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN an object put without our digest metadata WHEN stat THEN the digest is computed
    from its bytes, and get does not fail for want of a recorded digest."""
    s3_store.put("derived/placeholder", b"")
    bucket, _ = _bucket(s3_store, "derived/x")
    s3_client.put_object(bucket, "foreign", io.BytesIO(b"foreign"), 7)

    assert s3_store.stat("derived/foreign").sha256 == hashlib.sha256(b"foreign").hexdigest()
    assert s3_store.get("derived/foreign") == b"foreign"


def test_buckets_are_versioned(s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN a fresh store WHEN a key is written twice then deleted THEN its bucket is
    versioned and every version is kept (delete leaves a marker, bytes stay recoverable)."""
    s3_store.put("derived/doc/1/text.txt", b"v1")
    s3_store.put("derived/doc/1/text.txt", b"v2")
    s3_store.delete("derived/doc/1/text.txt")

    for namespace in ("derived",):
        assert s3_client.get_bucket_versioning(s3_store.buckets[namespace]).status == "Enabled"
    assert len(s3_store.versions("derived/doc/1/text.txt")) == 3
    assert not s3_store.exists("derived/doc/1/text.txt")


def test_purge_removes_every_version(s3_store: S3BlobStore) -> None:
    """GIVEN a key with several versions WHEN purged THEN no version is left."""
    s3_store.put("derived/old", b"v1")
    s3_store.put("derived/old", b"v2")

    s3_store.purge("derived/old")
    s3_store.purge("derived/never-stored")

    assert s3_store.versions("derived/old") == []


def test_locked_version_cannot_be_deleted(s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN an archive object under COMPLIANCE retention WHEN its version is deleted, through
    the store or the raw client THEN the server refuses and the bytes stay readable."""
    s3_store.put("archive/2026/package.zip", b"archival package")
    s3_store.lock("archive/2026/package.zip", datetime.now(UTC) + timedelta(minutes=1))
    bucket, name = _bucket(s3_store, "archive/2026/package.zip")
    [version] = s3_store.versions("archive/2026/package.zip")

    with pytest.raises(Conflict, match=r"archive/2026/package\.zip"):
        s3_store.purge("archive/2026/package.zip")
    with pytest.raises(S3Error):
        s3_client.remove_object(bucket, name, version_id=version)
    assert s3_store.get("archive/2026/package.zip") == b"archival package"


def test_legal_hold_blocks_deletion_until_lifted(s3_store: S3BlobStore) -> None:
    """GIVEN an archive object on legal hold WHEN purged THEN refused; once the hold is lifted,
    the purge goes through."""
    s3_store.put("archive/held", b"evidence")
    s3_store.legal_hold("archive/held", on=True)

    with pytest.raises(Conflict):
        s3_store.purge("archive/held")

    s3_store.legal_hold("archive/held", on=False)
    s3_store.purge("archive/held")
    assert s3_store.versions("archive/held") == []


@pytest.mark.parametrize(("key", "until", "mode"), [
    ("derived/not-archive", datetime.now(UTC) + timedelta(days=1), "COMPLIANCE"),
    ("archive/x", datetime.now() + timedelta(days=1), "COMPLIANCE"),
    ("archive/x", datetime.now(UTC) + timedelta(days=1), "FOREVER"),
])
def test_lock_refuses_bad_requests(
        s3_store: S3BlobStore, key: str, until: datetime, mode: str) -> None:
    """GIVEN a non-archive key, a date without time zone or an unknown mode WHEN locking
    THEN InvalidInput, before the server is asked."""
    with pytest.raises(InvalidInput):
        s3_store.lock(key, until, mode)


def test_presigned_get_serves_the_bytes(s3_store: S3BlobStore) -> None:
    """GIVEN a stored object WHEN a presigned link is fetched without credentials THEN it
    returns the object's bytes."""
    s3_store.put("derived/doc/9/page-1.png", b"rendered page")

    url = s3_store.presigned_get("derived/doc/9/page-1.png", timedelta(minutes=5))
    response = urllib3.request("GET", url, retries=False, timeout=5.0)

    assert response.status == 200
    assert response.data == b"rendered page"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_is_a_storage_error() -> None:
    """GIVEN a store whose server does not answer WHEN used THEN every failure is a
    StorageError (worth a retry), never a vendor exception."""
    endpoint = S3Endpoint(f"127.0.0.1:{_closed_port()}", "key", "secret-key")
    store = S3BlobStore(endpoint.client(timeout=1.0, retries=False),
                        buckets={ns: f"down-{ns}" for ns in NAMESPACES})

    with pytest.raises(StorageError):
        store.put("derived/x", b"x")
    for action in ("get", "open", "stat", "exists", "delete"):
        with pytest.raises(StorageError):
            getattr(store, action)("derived/x")
    with pytest.raises(StorageError):
        list(store.keys("derived/"))


def test_missing_bucket_reads_as_missing(s3_store: S3BlobStore, s3_client: Minio) -> None:
    """GIVEN a store that never wrote (its buckets do not exist yet) WHEN read THEN NotFound
    and empty listings, and no bucket is created by reading."""
    with pytest.raises(NotFound):
        s3_store.get("archive/x")
    assert list(s3_store.keys()) == []
    assert s3_store.versions("archive/x") == []
    s3_store.delete("archive/x")
    assert not any(s3_client.bucket_exists(bucket) for bucket in s3_store.buckets.values())


@pytest.mark.parametrize("buckets", [
    {"originals": "a-o", "derived": "a-d"},
    {"originals": "a-o", "derived": "a-o", "archive": "a-a"},
])
def test_bucket_map_must_cover_each_namespace_once(buckets: dict[str, str]) -> None:
    """GIVEN a bucket map missing a namespace or sharing a bucket WHEN building the store
    THEN InvalidInput."""
    with pytest.raises(InvalidInput):
        S3BlobStore(Minio("127.0.0.1:1"), buckets=buckets)


def test_from_settings_names_buckets_by_prefix(s3_endpoint: S3Endpoint, s3_client: Minio) -> None:
    """GIVEN endpoint settings and a bucket prefix WHEN a store is built from them THEN each
    namespace has the bucket ``{prefix}-{namespace}``, created on first write."""
    prefix = f"lt{secrets.token_hex(5)}"
    store = S3BlobStore.from_settings(s3_endpoint.endpoint, s3_endpoint.access_key,
                                      s3_endpoint.secret_key, secure=s3_endpoint.secure,
                                      bucket_prefix=prefix)
    try:
        store.put("originals/x", b"x")

        assert store.buckets == {ns: f"{prefix}-{ns}" for ns in NAMESPACES}
        assert s3_client.bucket_exists(f"{prefix}-originals")
        assert not s3_client.bucket_exists(f"{prefix}-derived")
    finally:
        remove_buckets(s3_client, list(store.buckets.values()))

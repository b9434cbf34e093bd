"""One contract for every BlobStore: each adapter only provides a fixture.

The S3 adapter runs on a real S3 server (``s3_store`` from tests/support/fixtures.py).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from core import InvalidInput, NotFound
from storage import BlobInfo, BlobStore, LocalBlobStore, original_key

BIG = 9 * 1024 * 1024 + 123  # over 8 MiB, and not a whole number of parts


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """Each BlobStore adapter in turn, empty."""
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    s3: BlobStore = request.getfixturevalue("s3_store")
    return s3


class _OneWayStream(io.RawIOBase):
    """A stream that cannot seek, like a socket or a pipe: read once, front to back."""

    def __init__(self, data: bytes) -> None:
        self._rest = memoryview(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), len(self._rest), 64 * 1024)
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_put_bytes_then_get_and_stat(store: BlobStore) -> None:
    """GIVEN bytes WHEN put under a key THEN get returns them and put/stat report their size
    and SHA-256."""
    data = b"%PDF-1.7 attestation de domicile"

    info = store.put("derived/doc/1/text.txt", data, content_type="text/plain")

    assert info == BlobInfo(key="derived/doc/1/text.txt", size=len(data), sha256=_sha(data))
    assert store.get("derived/doc/1/text.txt") == data
    assert store.stat("derived/doc/1/text.txt") == info
    assert store.exists("derived/doc/1/text.txt")


def test_put_empty_bytes(store: BlobStore) -> None:
    """GIVEN no bytes at all WHEN put THEN an empty object is stored, with the empty digest."""
    info = store.put("derived/empty", b"")

    assert (info.size, info.sha256) == (0, _sha(b""))
    assert store.get("derived/empty") == b""


def test_put_file_stream(store: BlobStore, tmp_path: Path) -> None:
    """GIVEN an open file WHEN put THEN its bytes are stored and digested."""
    data = os.urandom(300_000)
    source = tmp_path / "scan.tif"
    source.write_bytes(data)

    with source.open("rb") as stream:
        info = store.put("originals/scan", stream)

    assert (info.size, info.sha256) == (len(data), _sha(data))
    assert store.get("originals/scan") == data


def test_put_stream_that_cannot_seek(store: BlobStore) -> None:
    """GIVEN a stream that cannot seek (an upload body, a pipe) WHEN put THEN all is stored."""
    data = os.urandom(200_000)

    info = store.put("derived/piped", io.BufferedReader(_OneWayStream(data)))

    assert (info.size, info.sha256) == (len(data), _sha(data))
    assert store.get("derived/piped") == data


def test_put_replaces(store: BlobStore) -> None:
    """GIVEN a stored object WHEN other bytes are put under its key THEN they replace it."""
    store.put("derived/doc/2/page-1.png", b"first")

    info = store.put("derived/doc/2/page-1.png", b"second, longer")

    assert store.get("derived/doc/2/page-1.png") == b"second, longer"
    assert store.stat("derived/doc/2/page-1.png") == info
    assert info.sha256 == _sha(b"second, longer")


def test_big_object_streams_in_and_out(store: BlobStore, tmp_path: Path) -> None:
    """GIVEN an object over 8 MiB put from a file WHEN opened and read in chunks THEN the bytes
    come back whole and in order."""
    data = os.urandom(BIG)
    source = tmp_path / "big.pdf"
    source.write_bytes(data)
    with source.open("rb") as stream:
        info = store.put("originals/big", stream)

    digest, size = hashlib.sha256(), 0
    with store.open("originals/big") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)

    assert (size, digest.hexdigest()) == (BIG, _sha(data))
    assert store.stat("originals/big") == info


def test_open_reads_part_then_closes(store: BlobStore) -> None:
    """GIVEN a stored object WHEN opened, partly read and closed THEN nothing breaks and the
    object can be read again."""
    store.put("derived/partial", b"x" * 100_000)

    stream: BinaryIO = store.open("derived/partial")
    assert stream.read(10) == b"x" * 10
    stream.close()

    assert store.get("derived/partial") == b"x" * 100_000


@pytest.mark.parametrize("action", ["get", "open", "stat"])
def test_missing_key_is_not_found(store: BlobStore, action: str) -> None:
    """GIVEN an empty store WHEN a key is read THEN NotFound is raised, naming the key."""
    with pytest.raises(NotFound, match="derived/nothing/here"):
        getattr(store, action)("derived/nothing/here")
    assert not store.exists("derived/nothing/here")


def test_missing_key_is_not_found_beside_others(store: BlobStore) -> None:
    """GIVEN a stored object WHEN a sibling key or the 'folder' above it is read THEN
    NotFound."""
    store.put("derived/doc/3/page-1.png", b"png")

    for key in ("derived/doc/3/page-2.png", "derived/doc/3", "derived/doc"):
        with pytest.raises(NotFound):
            store.stat(key)
        with pytest.raises(NotFound):
            store.get(key)
        assert not store.exists(key)


def test_delete_is_idempotent(store: BlobStore) -> None:
    """GIVEN a stored object WHEN deleted twice THEN it is gone and neither call fails."""
    store.put("derived/doc/4/thumb.png", b"thumb")

    store.delete("derived/doc/4/thumb.png")
    store.delete("derived/doc/4/thumb.png")
    store.delete("archive/never-stored")

    assert not store.exists("derived/doc/4/thumb.png")
    with pytest.raises(NotFound):
        store.get("derived/doc/4/thumb.png")
    assert list(store.keys("derived/")) == []


def test_keys_by_prefix(store: BlobStore) -> None:
    """GIVEN objects in several namespaces WHEN keys are listed by prefix THEN exactly the
    keys under that prefix come back."""
    keys = {"derived/doc/5/a", "derived/doc/5/b", "derived/doc/50/a", "derived/other",
            "archive/2026/pkg.zip", original_key(_sha(b"orig"))}
    for key in keys:
        store.put(key, key.encode())

    assert set(store.keys()) == keys
    assert set(store.keys("derived/doc/5/")) == {"derived/doc/5/a", "derived/doc/5/b"}
    assert set(store.keys("derived/doc/5")) == {"derived/doc/5/a", "derived/doc/5/b",
                                                "derived/doc/50/a"}
    assert set(store.keys("derived/")) == {k for k in keys if k.startswith("derived/")}
    assert set(store.keys("arch")) == {"archive/2026/pkg.zip"}
    assert set(store.keys("originals/")) == {original_key(_sha(b"orig"))}
    assert list(store.keys("derived/nothing/")) == []


UNSAFE_KEYS = ["../x", "originals/../x", "/originals/x", "originals//x", "originals/x/",
               "unknown/x", "originals", "", "originals/.hidden", "originals/a b",
               "derived/x\\y"]


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_keys_are_refused(store: BlobStore, key: str) -> None:
    """GIVEN a key that could escape its namespace or is malformed WHEN used in any way THEN
    InvalidInput, and nothing is written."""
    with pytest.raises(InvalidInput):
        store.put(key, b"nope")
    for action in ("get", "open", "stat", "exists", "delete"):
        with pytest.raises(InvalidInput):
            getattr(store, action)(key)
    assert list(store.keys()) == []


def test_same_bytes_twice_under_content_key_is_one_object(store: BlobStore) -> None:
    """GIVEN the same scan received twice WHEN each is put under its content key THEN there is
    one object, with those bytes."""
    data = b"the same scan, twice"
    key = original_key(_sha(data))

    first = store.put(key, data)
    second = store.put(key, io.BytesIO(data))

    assert first == second
    assert list(store.keys("originals/")) == [key]
    assert store.get(key) == data

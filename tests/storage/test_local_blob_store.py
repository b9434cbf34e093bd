"""What the local-directory adapter adds to the BlobStore contract: digests recorded at write
time, atomic writes, and digests that never collide with keys."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from core import StorageError
from storage import LocalBlobStore


@pytest.fixture
def store(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "blobs")


class _BrokenStream(io.RawIOBase):
    """An upload that dies half-way, as a dropped connection does."""

    def __init__(self) -> None:
        self._sent = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._sent:
            raise OSError("connection reset by peer")
        self._sent = True
        buffer[:5] = b"half-"
        return 5


def test_stat_reports_the_digest_recorded_at_write(store: LocalBlobStore) -> None:
    """GIVEN an object whose file was changed on disk behind the store's back WHEN stat THEN
    it reports the digest recorded at write time, so a fixity check sees the difference."""
    info = store.put("originals/scan", b"original bytes")
    (store.root / "originals" / "scan").write_bytes(b"rotten bytes!!")

    recorded = store.stat("originals/scan").sha256
    actual = hashlib.sha256(store.get("originals/scan")).hexdigest()

    assert recorded == info.sha256
    assert actual != recorded


def test_digest_is_recomputed_when_its_record_is_lost(store: LocalBlobStore) -> None:
    """GIVEN an object whose recorded digest is gone WHEN stat THEN the digest is computed."""
    store.put("derived/text", b"text")
    for digest_file in (store.root / "derived").glob(".*"):
        digest_file.unlink()

    assert store.stat("derived/text").sha256 == hashlib.sha256(b"text").hexdigest()


def test_a_key_never_lands_on_another_keys_digest(store: LocalBlobStore) -> None:
    """GIVEN keys ``a`` and ``a.sha256`` (both valid) WHEN both are stored THEN each keeps its
    bytes and digest, and both are listed."""
    first = store.put("derived/a", b"first")
    second = store.put("derived/a.sha256", b"second")

    assert store.stat("derived/a") == first
    assert store.stat("derived/a.sha256") == second
    assert store.get("derived/a.sha256") == b"second"
    assert set(store.keys()) == {"derived/a", "derived/a.sha256"}


def test_failed_write_leaves_the_old_object_and_no_debris(store: LocalBlobStore) -> None:
    """GIVEN a stored object WHEN a replacement upload breaks half-way THEN StorageError, the
    old bytes and digest are intact, and no temporary file is left behind."""
    info = store.put("originals/scan", b"complete scan")

    with pytest.raises(StorageError, match="originals/scan"):
        store.put("originals/scan", io.BufferedReader(_BrokenStream()))

    assert store.get("originals/scan") == b"complete scan"
    assert store.stat("originals/scan") == info
    assert [p.name for p in (store.root / "originals").iterdir() if "part" in p.name] == []


def test_delete_of_a_folder_key_is_a_no_op(store: LocalBlobStore) -> None:
    """GIVEN objects under ``derived/doc/1/`` WHEN the key ``derived/doc/1`` is deleted THEN
    nothing happens: it names no object."""
    store.put("derived/doc/1/page.png", b"png")

    store.delete("derived/doc/1")

    assert store.get("derived/doc/1/page.png") == b"png"

"""Receive: every byte stored with its SHA-256 before processing; the same bytes are one object."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from core import InvalidInput, NotFound, SessionFactory
from core.catalog import BatchItem
from ingest import IncomingFile, expand_paths, receive_batch, safe_filename
from storage import LocalBlobStore, original_key


def incoming(name: str, data: bytes) -> IncomingFile:
    return IncomingFile(filename=name, stream=io.BytesIO(data))


def test_originals_are_stored_under_their_sha256_once(sessions: SessionFactory,
                                                      tmp_path: Path) -> None:
    """GIVEN two files with the same bytes and one other WHEN received as a batch
    THEN three items are recorded with their SHA-256, and two objects are stored."""
    blobs = LocalBlobStore(tmp_path / "objects")
    with sessions.transaction() as s:
        _, items = receive_batch(s, blobs, [incoming("a.pdf", b"%PDF same"),
                                                incoming("b.pdf", b"%PDF same"),
                                                incoming("c.pdf", b"%PDF other")], source="cli")
    digest = hashlib.sha256(b"%PDF same").hexdigest()
    assert [i.sha256 for i in items][:2] == [digest, digest]
    assert items[0].original_key == original_key(digest)
    assert blobs.get(original_key(digest)) == b"%PDF same"
    assert len(list(blobs.keys("originals/"))) == 2
    with sessions() as s:
        assert s.get(BatchItem, items[2].id).size == len(b"%PDF other")


def test_an_unknown_dossier_is_refused_before_anything_is_stored(sessions: SessionFactory,
                                                                 tmp_path: Path) -> None:
    """GIVEN no dossier 999 WHEN a batch for it arrives THEN NotFound and nothing is stored."""
    blobs = LocalBlobStore(tmp_path / "objects")
    with pytest.raises(NotFound), sessions.transaction() as s:
        receive_batch(s, blobs, [incoming("a.pdf", b"x")], source="api", dossier_number="999")
    assert list(blobs.keys()) == []


def test_uploads_over_the_limit_are_refused(sessions: SessionFactory, tmp_path: Path) -> None:
    """GIVEN a limit of 10 bytes WHEN an 11-byte file arrives THEN a clear InvalidInput."""
    with pytest.raises(InvalidInput, match="upload limit"), sessions.transaction() as s:
        receive_batch(s, LocalBlobStore(tmp_path), [incoming("big.pdf", b"x" * 11)],
                      source="api", max_bytes=10)


def test_file_names_are_made_safe() -> None:
    """GIVEN hostile names THEN only a printable last component survives."""
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\scans\\lettre\r\n.pdf") == "lettre.pdf"
    assert safe_filename('a"b<c>.pdf') == "abc.pdf"
    assert safe_filename("") == "unnamed"


def test_folders_expand_to_their_visible_files(tmp_path: Path) -> None:
    """GIVEN a folder with files, a sub-folder and a hidden file THEN the visible files, sorted."""
    (tmp_path / "sub").mkdir()
    for name in ("b.pdf", "a.pdf", "sub/c.tif", ".DS_Store"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.pdf", "b.pdf", "c.tif"]
    with pytest.raises(InvalidInput):
        expand_paths([tmp_path / "missing"])

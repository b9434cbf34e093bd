"""``liasse check``: catalog, object storage and index agree, or it says where they do not."""

from __future__ import annotations

from pathlib import Path

from core import SessionFactory, make_engine
from core.catalog import Document
from storage import LocalBlobStore, original_key
from tests.e2e.conftest import Cli
from tests.support.documents import text_pdf


def test_check_finds_rot_strays_and_index_gaps(cli: Cli, liasse_env: Path, catalog_url: str,
                                               tmp_path: Path) -> None:
    """GIVEN an ingested document WHEN nothing is wrong THEN check is healthy (exit 0);
    WHEN its original's bytes rot on disk, an object no row references appears and the document
    is removed from the index THEN check reports all three and exits 1."""
    letter = tmp_path / "attestation.pdf"
    letter.write_bytes(text_pdf(["Attestation de revenus 2016"]))
    [doc] = cli("ingest", str(letter), "--wait", "--json")["documents"]
    assert cli("check", "--json")["healthy"] is True

    engine = make_engine(catalog_url)
    with SessionFactory(engine)() as session:
        key = session.get(Document, doc["id"]).original_key
    engine.dispose()
    rotten = liasse_env / "objects" / key
    data = bytearray(rotten.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle of the stored original
    rotten.write_bytes(bytes(data))
    stray = LocalBlobStore(liasse_env / "objects").put(original_key("0" * 64), b"stray").key
    from index import EmbeddedIndex

    with EmbeddedIndex(liasse_env / "index") as index:
        index.delete([doc["id"]])

    report = cli("check", "--json", expect_exit=1)
    assert report["corrupted_objects"] == [key]
    assert report["unreferenced_objects"] == [stray]
    assert report["not_indexed"] == [doc["id"]]


def test_watch_once_files_a_drop_folder(cli: Cli, tmp_path: Path) -> None:
    """GIVEN a scanner folder with a good PDF and a file that is no document
    WHEN `liasse watch --once` runs THEN the good one is ingested and moved to done/, the bad
    one to failed/ with the quarantine reason beside it."""
    drop = tmp_path / "scanner"
    drop.mkdir()
    (drop / "lettre.pdf").write_bytes(text_pdf(["Demande d'aide sociale"]))
    (drop / "notes.pdf").write_bytes(b"not a pdf at all")
    cli("watch", str(drop), "--once", "--settle", "0", "--poll", "0.05")
    assert (drop / "done" / "lettre.pdf").is_file()
    reason = (drop / "failed" / "notes.pdf.reason.txt").read_text()
    assert "not a document Liasse can read" in reason
    assert "document(s)" in (drop / "done" / "lettre.pdf.reason.txt").read_text()

"""The hot folder takes a file only when it has stopped growing, then files it away."""

from __future__ import annotations

from pathlib import Path

from ingest._watch import DropOutcome, HotFolder, process_ready


def test_a_growing_file_waits_until_it_settles(tmp_path: Path) -> None:
    """GIVEN a file being written WHEN polled THEN it is taken only once its size has not
    changed for the settle time (clock given explicitly, no sleeping)."""
    folder = HotFolder(tmp_path, settle_seconds=5)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 part")
    assert folder.ready(now=0) == []
    with scan.open("ab") as out:
        out.write(b" more")
    assert folder.ready(now=4) == []  # changed: the clock restarts
    assert folder.ready(now=8) == []
    assert folder.ready(now=9) == [scan]


def test_files_are_moved_to_done_or_failed_with_a_reason(tmp_path: Path) -> None:
    """GIVEN two settled files, one good and one bad WHEN processed THEN each is moved with
    a reason file; temporary and hidden files are ignored; names never collide."""
    folder = HotFolder(tmp_path, settle_seconds=0)
    for name in ("good.pdf", "bad.pdf", ".hidden.pdf", "upload.part"):
        (tmp_path / name).write_bytes(b"x")
    folder.ready(now=0)
    (tmp_path / "done").joinpath("good.pdf").write_bytes(b"earlier")

    def ingest(path: Path) -> DropOutcome:
        return DropOutcome(path.name == "good.pdf", f"batch 1: {path.name}")

    moved = process_ready(folder, 1, ingest)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in moved) == [
        "done/good-1.pdf", "failed/bad.pdf"]
    assert (tmp_path / "failed" / "bad.pdf.reason.txt").read_text() == "batch 1: bad.pdf\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [".hidden.pdf",
                                                                         "upload.part"]

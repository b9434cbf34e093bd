"""Embedded mode works on two files of a batch at a time, so one file's last pages overlap the
next file's first ones (``LIASSE_ITEMS_AT_ONCE``); every file is stored once all the same."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from sqlmodel import select

from core.catalog import BatchItem
from liasse.cli._context import cli_services
from tests.e2e.conftest import Cli
from tests.support.documents import scanned_pdf


def _drop(folder: Path, files: int) -> Path:
    folder.mkdir()
    for number in range(1, files + 1):
        (folder / f"rapport-{number}.pdf").write_bytes(scanned_pdf(
            [f"Rapport social numéro {number}, page {page}" for page in (1, 2)]))
    return folder


def _overlapping_pairs() -> int:
    with cli_services().sessions() as session:
        items = session.exec(select(BatchItem)).all()
    spans = [(i.started_at, i.finished_at) for i in items]
    assert all(start and end for start, end in spans)
    return sum(a[0] < b[1] and b[0] < a[1] for a, b in combinations(spans, 2))  # type: ignore[operator]


@pytest.mark.slow
@pytest.mark.parametrize("at_once", [1, 2])
def test_files_are_worked_on_as_many_at_a_time_as_asked(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_once: int) -> None:
    """GIVEN four scanned two-page files in one folder and ``LIASSE_ITEMS_AT_ONCE``
    WHEN the folder is ingested in embedded mode THEN every file becomes one document;
    with 1 no two files were worked on at the same time, with 2 some were."""
    monkeypatch.setenv("LIASSE_ITEMS_AT_ONCE", str(at_once))
    report = cli("ingest", str(_drop(tmp_path / "drop", 4)), "--wait", "--json")
    assert report["status"] == "done" and report["quarantined"] == []
    assert len(report["documents"]) == 4
    assert sorted(i["file"] for i in report["items"] if i["documents"]) == [
        f"rapport-{n}.pdf" for n in range(1, 5)]
    overlaps = _overlapping_pairs()
    assert (overlaps == 0) if at_once == 1 else (overlaps > 0), overlaps

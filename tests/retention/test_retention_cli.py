"""The archivist's work from the command line: schedule, close, archive, bag, fixity, sweep,
propose, approve by a second person, carry out."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import Forbidden
from tests.e2e.conftest import Cli, cli  # noqa: F401  (the in-process `liasse` fixture)
from tests.support.documents import text_pdf
from tests.support.dossiers import DECISION_LETTER


def test_cli_walk(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    """GIVEN a dossier with a document and a rule due at closure WHEN the archivist closes,
    archives, packages, checks and sweeps it, and a second person approves THEN the bag is
    valid, fixity is clean, and the document is destroyed with a certificate."""
    letter = tmp_path / "decision.pdf"
    letter.write_bytes(text_pdf(DECISION_LETTER))
    cli("dossier", "add", "824415", "--title", "Famille Dubois", "--service", "DEM")
    cli("ingest", str(letter), "--dossier", "824415", "--wait", "--json")
    cli("retention", "add-schedule", "NOW", "--trigger", "dossier_closure", "--years", "0")
    cli("retention", "close", "824415", "--reason", "support ended")
    assert "archived" in cli("retention", "archive", "824415", "--reason", "archive")
    assert "valid" in cli("bag", "export", "824415", str(tmp_path / "bag"))
    assert cli("fixity", "--json")["mismatched"] == 0

    listing = cli("--as", "ana", "retention", "sweep", "--json")
    cli("--as", "ana", "retention", "propose", str(listing["id"]))
    with pytest.raises(Forbidden, match="may not approve"):
        cli("--as", "ana", "retention", "approve", str(listing["id"]))
    cli("--as", "bruno", "retention", "approve", str(listing["id"]))
    report = cli("--as", "ana", "retention", "execute", str(listing["id"]), "--json")
    assert len(report["destroyed"]) == 1 and report["certificate"] is not None

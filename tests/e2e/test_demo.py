"""The README's first command ends in `liasse demo`: it loads, ingests and tells how to sign in."""

from __future__ import annotations

from tests.conftest import corpus_file
from tests.e2e.conftest import Cli


def test_demo_loads_dossiers_ingests_and_prints_the_sign_in(cli: Cli) -> None:
    """GIVEN an empty home WHEN `liasse demo --no-serve` runs with the corpus scans
    THEN demo dossiers exist, the generated decision is linked to dossier 824415 and found by
    search, and the output gives the demo account's password and an API token."""
    output = cli("demo", "--no-serve", "--corpus", str(corpus_file("scans")))
    assert "sign in at http://127.0.0.1:8000/ as demo, password " in output
    assert "lia_" in output
    numbers = {d["number"] for d in cli("dossier", "list", "--json")}
    assert {"824415", "731002", "640318"} <= numbers
    found = cli("search", "décision", "--dossier", "824415", "--json")
    assert found["total"] == 1 and found["hits"][0]["doc_type"] == "decision"

"""The walking skeleton end to end: a scanned file in, a searchable document out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CORPUS, corpus_file
from tests.e2e.conftest import Cli
from tests.support.documents import text_pdf

EUROTEXT = "scans/tess4j_eurotext.tif"
GOOD = ["scans/tess4j_eurotext.pdf", "born_digital/invoice2data_free_fiber.pdf"]


def test_eurotext_scan_is_found_by_german_french_and_italian_words(cli: Cli) -> None:
    """GIVEN the multilingual eurotext scan WHEN it is ingested into a dossier
    THEN a German, a French and an Italian word each find it, page 1, with a marked snippet,
    filtered by its dossier too."""
    cli("dossier", "add", "824415", "--title", "ARMENGAUD François", "--service", "DEM")
    report = cli("ingest", str(corpus_file(EUROTEXT)), "--dossier", "824415", "--wait", "--json")
    assert report["status"] == "done"
    [document] = report["documents"]
    assert document["dossier"] == "824415" and document["pages"] == 1
    for word, marked in (("Fuchs", "Fuchs"), ("renard", "renard"), ("volpe", "volpe")):
        found = cli("search", word, "--dossier", "824415", "--json")
        assert found["total"] == 1, word
        [hit] = found["hits"]
        assert (hit["document"], hit["page"], hit["dossier"]) == (document["id"], 1, "824415")
        assert f"<mark>{marked}</mark>" in hit["snippet"]
    assert cli("search", "Fuchs", "--dossier", "000000", "--json")["total"] == 0


def test_hostile_files_are_quarantined_while_good_ones_are_ingested(cli: Cli,
                                                                    tmp_path: Path) -> None:
    """GIVEN a folder with every hostile file of the corpus and two good files
    WHEN it is ingested as one batch THEN the process exits 6 (files were rejected) after its
    report: every hostile file is quarantined with a readable reason and both good files
    become documents."""
    drop = tmp_path / "drop"
    drop.mkdir()
    hostile = sorted(p.name for p in corpus_file("hostile").iterdir())
    for name in hostile:
        shutil.copy(CORPUS / "hostile" / name, drop / name)
    for name in GOOD:
        shutil.copy(corpus_file(name), drop / Path(name).name)
    report = cli("ingest", str(drop), "--wait", "--json", expect_exit=6)
    assert report["status"] == "done"
    assert sorted(q["file"] for q in report["quarantined"]) == hostile
    for entry in report["quarantined"]:
        assert entry["reason"] and "Traceback" not in entry["reason"]
    assert len(report["documents"]) == 2
    assert sorted(i["file"] for i in report["items"] if i["documents"]) == [
        "invoice2data_free_fiber.pdf", "tess4j_eurotext.pdf"]


def test_a_duplicate_is_reported_not_stored_twice(cli: Cli, liasse_env: Path,
                                                  tmp_path: Path) -> None:
    """GIVEN a document already ingested WHEN the same bytes arrive under another name
    THEN the item is a duplicate of the first document and one original object exists."""
    first = tmp_path / "lettre.pdf"
    first.write_bytes(text_pdf(["Décision d'octroi de l'aide sociale"]))
    again = tmp_path / "copie.pdf"
    again.write_bytes(first.read_bytes())
    [doc] = cli("ingest", str(first), "--wait", "--json")["documents"]
    report = cli("ingest", str(again), "--wait", "--json")
    assert report["documents"] == []
    assert report["duplicates"] == [{"file": "copie.pdf", "document": doc["id"]}]
    originals = [p for p in (liasse_env / "objects" / "originals").rglob("*")
                 if p.is_file() and not p.name.endswith(".sha256")]
    assert len(originals) == 1


def test_show_and_reindex(cli: Cli, liasse_env: Path, tmp_path: Path) -> None:
    """GIVEN an ingested document WHEN the index folder is deleted and rebuilt by reindex
    THEN the search finds it again; show prints its pages with text and confidence."""
    letter = tmp_path / "attestation.pdf"
    letter.write_bytes(text_pdf(["Attestation de domicile", "Seconde page: Verfügungen"]))
    [doc] = cli("ingest", str(letter), "--wait", "--json")["documents"]
    shown = cli("show", str(doc["id"]), "--json")
    assert [p["number"] for p in shown["pages"]] == [1, 2]
    assert "Verfügungen" in shown["pages"][1]["text"]
    assert shown["pages"][0]["confidence"] is None  # a text layer, not OCR
    services_index = liasse_env / "index"
    assert services_index.exists()
    cli("reindex")
    hit = cli("search", "Verfugung", "--json")["hits"][0]
    assert (hit["document"], hit["page"]) == (doc["id"], 2)


@pytest.mark.parametrize("args", [["search", "x", "--from", "not-a-date"],
                                  ["show", "999", "--json"],
                                  ["ingest", "/nonexistent/file.pdf"]])
def test_bad_commands_fail_with_a_message_not_a_traceback(cli: Cli, args: list[str]) -> None:
    """GIVEN a wrong argument WHEN the command runs THEN it fails cleanly."""
    from typer.testing import CliRunner

    from liasse.cli import build_app

    result = CliRunner().invoke(build_app(), args)
    assert result.exit_code != 0


def test_ingest_exits_6_when_a_file_was_rejected(cli: Cli, tmp_path: Path) -> None:
    """GIVEN a good PDF and a file that is not a PDF WHEN they are ingested THEN the good one
    becomes a document, the other is quarantined, and the command exits 6 (a script sees
    that something was rejected); the good file alone exits 0."""
    good = tmp_path / "lettre.pdf"
    good.write_bytes(text_pdf(["Attestation de domicile"]))
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"this is not a pdf")
    report = cli("ingest", str(good), str(bad), "--wait", "--json", expect_exit=6)
    assert [q["file"] for q in report["quarantined"]] == ["notes.pdf"]
    assert len(report["documents"]) == 1
    text = cli("ingest", str(bad), expect_exit=6)
    assert "quarantined" in text
    other = tmp_path / "autre.pdf"
    other.write_bytes(text_pdf(["Une autre attestation"]))
    assert cli("ingest", str(other), "--wait", "--json")["quarantined"] == []


def test_the_cli_prints_a_quarantine_reason_in_german_with_lang_de(cli: Cli,
                                                                   tmp_path: Path) -> None:
    """GIVEN a file that is not a document WHEN ingested with ``liasse --lang de`` THEN its
    quarantine reason is printed in German (and in the JSON report, with its code beside it),
    while without ``--lang`` and LANG=C it is English."""
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"this is not a pdf")
    text = cli("--lang", "de", "ingest", str(bad), "--wait", expect_exit=6)
    assert "kein Dokument, das Liasse lesen kann (Inhalt: text/plain)" in text
    assert "not a document" not in text
    report = cli("--lang", "it", "ingest", str(bad), "--wait", "--json", expect_exit=6)
    item = report["items"][0]
    assert item["reason_code"] == "quarantine.unsupported_type"
    assert item["reason"].startswith("non è un documento che Liasse sa leggere")

"""Mail merge on the command line: one letter per dossier of a CSV, one PDF to print, and the
dossiers missing a required value listed, not given a blank letter."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from core.sheet_codes import parse_letter_payload
from letters import STARTER_TEMPLATES, LetterIncomplete, starter_docx
from tests.e2e.conftest import Cli
from tests.letters.conftest import needs_libreoffice

pytestmark = needs_libreoffice
HEADER = "dossier_number,dossier_title,service,family_name,given_names,birth_date\n"


def dossiers_csv(folder: Path, complete: int) -> Path:
    """``complete`` dossiers with their person, and 900099 with nobody in it."""
    rows = [f"9{n:05d},Famille N{n},DEM,Nom{n},Prénom{n},1980-01-{1 + n % 28:02d}"
            for n in range(complete)]
    path = folder / "dossiers.csv"
    path.write_text(HEADER + "\n".join([*rows, "900099,Dossier sans personne,DEM,,,"]) + "\n",
                    encoding="utf-8")
    return path


def qr_letter(page: pdfium.PdfPage) -> int | None:
    image = page.render(scale=150 / 72).to_pil().convert("L")
    codes = [parse_letter_payload(b.text) for b in zxingcpp.read_barcodes(image)]
    return next((c.letter_id for c in codes if c is not None), None)


def test_a_mail_merge_over_twenty_dossiers(cli: Cli, tmp_path: Path) -> None:
    """GIVEN 21 dossiers imported from CSV, one of which (900099) has no person, and the
    starter decision uploaded with `liasse template add`
    WHEN `liasse generate decision-fr --dossiers FILE.csv -o letters.pdf --json` runs over them
    THEN 20 documents are made (source generated, template and version shown by `liasse
    show`), one PDF holds their 20 pages each with its own letter's QR code, and 900099 is
    listed as missing person.full_name with no letter."""
    listing = dossiers_csv(tmp_path, 20)
    cli("import", str(listing))
    starter = next(t for t in STARTER_TEMPLATES if t.name == "decision-fr")
    template_file = tmp_path / "decision.docx"
    template_file.write_bytes(starter_docx(starter))
    added = cli("template", "add", str(template_file), "--name", "decision-fr", "--type",
                "decision", "--lang", "fr", "--json")
    assert added["version"] == 1 and "fields.decision" in added["required"]
    assert [t["name"] for t in cli("template", "list", "--json")] == ["decision-fr"]
    started = time.monotonic()
    merged = cli("generate", "decision-fr", "--dossiers", str(listing), "--field",
                 "decision=aide accordée", "-o", str(tmp_path / "letters.pdf"), "--json")
    elapsed = time.monotonic() - started
    assert len(merged["documents"]) == 20, merged
    assert merged["missing"] == [{"dossier": "900099", "fields": ["person.full_name"],
                                  "reason": "missing_values"}]
    assert sorted(d["dossier"] for d in merged["documents"]) == [f"9{n:05d}" for n in range(20)]
    combined = pdfium.PdfDocument(tmp_path / "letters.pdf")
    assert len(combined) == sum(d["pages"] for d in merged["documents"]) == 20
    letters = [d["letter"] for d in merged["documents"]]
    assert [qr_letter(combined[0]), qr_letter(combined[19])] == [letters[0], letters[19]]
    combined.close()
    shown = cli("show", str(merged["documents"][3]["document"]), "--json")
    assert (shown["source"], shown["template"], shown["template_version"]) == (
        "generated", "decision-fr", 1)
    assert shown["dossier"] == merged["documents"][3]["dossier"]
    assert "aide accordée" in shown["pages"][0]["text"]
    print(f"20-letter merge: {elapsed:.1f} s")  # one LibreOffice run for all 20


def test_a_single_letter_missing_a_value_is_refused(cli: Cli, tmp_path: Path) -> None:
    """GIVEN dossier 900099 with no person WHEN one decision is generated for it THEN it is
    refused (exit 2 on the command line), naming the missing field, and no document is made."""
    cli("import", str(dossiers_csv(tmp_path, 0)))
    template_file = tmp_path / "decision.docx"
    template_file.write_bytes(starter_docx(
        next(t for t in STARTER_TEMPLATES if t.name == "decision-fr")))
    cli("template", "add", str(template_file), "--name", "decision-fr", "--type", "decision")
    with pytest.raises(LetterIncomplete) as refused:
        cli("generate", "decision-fr", "--dossier", "900099", "--field", "decision=non")
    assert refused.value.exit_code == 2 and refused.value.missing.fields == ("person.full_name",)
    assert cli("search", "", "--dossier", "900099", "--json")["total"] == 0

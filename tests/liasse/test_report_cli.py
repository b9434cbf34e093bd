"""``liasse report``: a report on the terminal, as JSON, into CSV and XLSX files, counted as
a named account sees it, and kept as a searchable document in an administrative dossier."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from core import InvalidInput
from core.catalog import Document, Dossier, Page, Role, UserCreate, account_queries
from index import SearchQuery
from liasse.cli._context import cli_services
from tests.e2e.conftest import Cli, cli  # noqa: F401  (the in-process `liasse` fixture)
from tests.reports.world import build


def _seed() -> None:
    with cli_services().sessions.transaction() as session:
        build(session)
        session.add(Dossier(number="ADMIN-STAT", title="Statistiques", service="ADM"))
        account_queries.create_user(session, data=UserCreate(
            username="ana", roles=[Role.caseworker], departments=["DEM"], password=None))


def test_report_as_json_csv_and_xlsx(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    """GIVEN the generated world WHEN ``liasse report documents --by service`` is run as JSON
    and into CSV and XLSX files, and then ``--as ana`` THEN the three agree on the figures, and
    ana's counts only DEM's open dossiers."""
    _seed()
    table = cli("report", "documents", "--by", "service", "--json")
    assert [row[1:] for row in table["rows"] if row[0] == "2026-02-01"] == [
        ["", 2, 2], ["DEM", 6, 6], ["SOC", 5, 5]]
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    cli("report", "documents", "--by", "service", "--from", "2026-02-01",
        "--csv", str(out_csv), "--xlsx", str(out_xlsx))
    rows = list(csv.reader(out_csv.read_text("utf-8-sig").splitlines()))
    assert ["from", "2026-02-01"] in rows and rows[-1] == ["2026-02", "SOC", "5", "5"]
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None
    last = [cell for cell in next(sheet.iter_rows(min_row=sheet.max_row, values_only=True))]
    assert last[1:] == ["SOC", 5, 5] and last[0].strftime("%Y-%m") == "2026-02"
    mine = cli("--as", "ana", "report", "documents", "--json")
    assert sum(row[2] for row in mine["rows"]) == 8 and mine["generated_by"] == "ana"
    with pytest.raises(InvalidInput):  # exit code 2 through ``main``
        cli("report", "documents", "--by", "colour")


def test_a_report_is_kept_as_a_document_in_an_administrative_dossier(
        cli: Cli) -> None:  # noqa: F811
    """GIVEN an administrative dossier WHEN ``liasse report dossiers --from --to --file-into
    ADMIN-STAT`` is run THEN a PDF of the report is filed there through the pipeline, its
    page text holds the figures, and a search finds it."""
    _seed()
    cli("report", "dossiers", "--from", "2026-01-01", "--to", "2026-01-31",
        "--file-into", "ADMIN-STAT")
    services = cli_services()
    with services.sessions() as session:
        dossier = session.exec(select(Dossier).where(Dossier.number == "ADMIN-STAT")).one()
        document = session.exec(select(Document).where(
            Document.dossier_id == dossier.id)).one()
        text = " ".join(p.text for p in session.exec(select(Page).where(
            Page.document_id == document.id)).all())
    assert document.original_filename == "liasse-dossiers-2026-01.pdf"
    assert "opened" in text and "2026-01" in text
    found = services.index.search(SearchQuery(text="opened", dossier="ADMIN-STAT"))
    assert [hit.document for hit in found.hits] == [document.id]

"""Reports and list exports over HTTP: the API's JSON, CSV and XLSX, the viewer's reports
screen (table, SVG chart, labels in the reader's language) and the spreadsheet of every list,
over the generated world in a Liasse home on the embedded defaults."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from core.catalog import Dossier
from tests.reports.web import Web
from tests.viewer.conftest import sign_in


def api(web: Web, who: str) -> TestClient:
    return TestClient(web.app, headers={"Authorization": f"Bearer {web.tokens[who]}"})


def signed_in(web: Web, who: str, language: str = "fr") -> TestClient:
    client = TestClient(web.app, follow_redirects=False,
                        cookies={"liasse_lang": language})
    sign_in(client, who)
    return client


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_api_answers_a_typed_table(web: Web) -> None:
    """GIVEN the world WHEN a supervisor GETs /api/v1/reports/documents?by=service&from=
    2026-02-01 THEN the JSON table has typed columns and February's rows by service, and the
    read is journaled."""
    answer = api(web, "sue").get("/api/v1/reports/documents",
                                 params={"by": "service", "from": "2026-02-01"})
    assert answer.status_code == 200, answer.text
    table = answer.json()
    assert [c["kind"] for c in table["columns"]] == ["month", "text", "int", "int", "int"]
    assert table["rows"] == [["2026-02-01", "", 2, 2, 0], ["2026-02-01", "DEM", 4, 4, None],
                             ["2026-02-01", "SOC", 5, 5, 0]]
    assert table["filters"]["date_from"] == "2026-02-01" and table["suppressed"] == 1
    names = [r["name"] for r in api(web, "sue").get("/api/v1/reports").json()]
    assert "access" in names and "retention-due" in names
    journal = api(web, "sue").get("/api/v1/audit", params={"action": "report.read"}).json()
    assert journal and journal[0]["entity_id"] == "documents"


def test_the_api_refuses_what_a_role_may_not_count(web: Web) -> None:
    """GIVEN ana, caseworker WHEN she asks for the access report or an unknown one THEN 403
    and 404; her documents report counts only DEM's open dossiers."""
    client = api(web, "ana")
    assert client.get("/api/v1/reports/access").status_code == 403
    assert client.get("/api/v1/reports/nonsense").status_code == 404
    assert client.get("/api/v1/reports/documents", params={"by": "colour"}).status_code == 422
    rows = client.get("/api/v1/reports/documents").json()["rows"]
    assert sum(row[2] for row in rows) == 8


def test_the_xlsx_has_typed_cells_and_the_filters_in_its_header(web: Web) -> None:
    """GIVEN the world WHEN the intake report is downloaded as XLSX from the API THEN
    openpyxl opens it, the filters are in the header rows, the day is a date, counts are
    numbers (pages per minute too)."""
    answer = api(web, "sue").get("/api/v1/reports/intake.xlsx",
                                 params={"from": "2026-02-01", "to": "2026-02-28"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = {row[0]: row[1] for row in rows[:8] if row and row[0]}
    assert header["from"] == "2026-02-01" and header["to"] == "2026-02-28"
    start = next(i for i, row in enumerate(rows) if row and row[0] == "day") + 1
    first = rows[start]
    assert isinstance(first[0], datetime) and first[0].date() == date(2026, 2, 2)
    assert first[1] == "claire" and first[2:7] == (1, 2, 10, 2, 1)
    assert first[7] == 2.0  # pages per minute
    day, pages, rate = (sheet.cell(row=start + 1, column=n) for n in (1, 5, 8))
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert pages.data_type == "n" and rate.data_type == "n" and isinstance(pages.value, int)


def test_the_csv_reads_with_the_csv_module(web: Web) -> None:
    """GIVEN the world WHEN the destroyed report is downloaded as CSV THEN the csv module
    reads the header rows, the column names and each year's count and certificates."""
    answer = api(web, "arno").get("/api/v1/reports/destroyed.csv", params={"by": ""})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = csv_rows(answer.content)
    assert rows[0] == ["destroyed"] and rows[2] == ["generated_by", "arno"]
    start = rows.index(["year", "documents", "certificates"])
    assert rows[start + 1:] == [["2025", "2", "#1"], ["2026", "1", "#2"]]


def test_the_reports_screen_shows_a_table_a_chart_and_its_labels(web: Web) -> None:
    """GIVEN a supervisor signed in, reading German WHEN she opens the documents report THEN
    the navigation links to the reports, the page holds the table, an inline SVG chart and
    German headings, the withheld cell is said, and the downloads link with her filters."""
    client = signed_in(web, "sue", "de")
    page = client.get("/reports/documents?by=service")
    assert page.status_code == 200, page.text
    html = page.text
    assert 'href="/reports"' in html and "Statistiken" in html
    assert "<svg" in html and "<rect" in html and "Dienst" in html
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert "<script" not in chart and "href" not in chart and "@font-face" not in chart
    assert "Vertraulich, nicht sichtbar" in html and 'id="suppressed"' in html
    assert 'href="/reports/documents.xlsx?by=service"' in html
    assert client.get("/reports").headers["location"] == "/reports/documents"


def test_the_caseworker_has_no_reports_link_and_no_access_report(web: Web) -> None:
    """GIVEN ana, caseworker WHEN she opens the search and the access report THEN no reports
    link is shown and the report is refused."""
    client = signed_in(web, "ana")
    assert 'href="/reports"' not in client.get("/search").text
    assert client.get("/reports/access").status_code == 403


@pytest.mark.parametrize("language", ["fr", "en", "de", "it", "nl"])
def test_the_viewer_labels_exports_in_the_readers_language(web: Web, language: str) -> None:
    """GIVEN a supervisor reading LANGUAGE WHEN she downloads the dossiers report as CSV THEN
    its title and column names are in that language (no message code left)."""
    content = signed_in(web, "sue", language).get("/reports/dossiers.csv").content
    rows = csv_rows(content)
    assert not any(cell.startswith(("report.", "column.", "export."))
                   for row in rows for cell in row)


@pytest.mark.parametrize(("who", "path", "expected"), [
    ("sue", "/dossiers.xlsx?q=DEM", {"DEM-1", "DEM-2"}),
    ("sue", "/households/UA-9/documents.xlsx", {"DEM-1"}),
    ("arno", "/archive/lists/1.xlsx", {"DEM-2"}),
    ("sue", "/search.xlsx?type=decision", {"DEM-1", "SOC-1", "DEM-2"}),
])
def test_every_list_downloads_as_xlsx(web: Web, who: str, path: str,
                                      expected: set[str]) -> None:
    """GIVEN the dossier list, a household's documents, a disposition list and a search WHEN
    each is downloaded as XLSX THEN openpyxl opens it and it lists the dossiers the reader
    may see (the confidential one never appears)."""
    answer = signed_in(web, who).get(path)
    assert answer.status_code == 200, answer.text
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    values = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v}
    assert expected <= values and "DEM-SECRET" not in values


def test_a_list_downloads_as_csv_with_its_filters(web: Web) -> None:
    """GIVEN the dossier list filtered by "SOC" WHEN downloaded as CSV THEN its header
    names the filter and the one dossier follows, with its opening date."""
    rows = csv_rows(signed_in(web, "sue", "en").get("/dossiers.csv?q=SOC").content)
    assert ["Search", "SOC"] in rows
    assert rows[-1][:3] == ["SOC-1", "SOC-1", "SOC"] and rows[-1][5] == "2026-02-03"


def test_the_household_fixture_holds(web: Web) -> None:
    """GIVEN the module's world THEN DEM-1 belongs to household UA-9 (what the household
    export relies on)."""
    with web.services.sessions() as session:
        dossier = session.exec(select(Dossier).where(Dossier.number == "DEM-1")).one()
        assert dossier.household_id is not None


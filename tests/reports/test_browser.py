"""The reports screen in a real browser (Debian's Chromium, Playwright): a supervisor opens
it from the navigation, sees the chart, and downloads the report as CSV and as XLSX, which
the csv module and openpyxl open. Its screenshot is the README's (refresh with
``LIASSE_SCREENSHOTS=docs/screenshots``)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.reports.web import Web
from tests.viewer.browser import chromium_page, require_chromium, serving
from tests.viewer.conftest import PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(web: Web) -> Iterator[str]:
    require_chromium()
    with serving(web.app) as base_url:
        yield base_url


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with chromium_page(server, width=1360, height=900) as browser_page:
        yield browser_page


def test_a_supervisor_downloads_a_report_as_csv_and_xlsx(page: Any, tmp_path: Path) -> None:
    """GIVEN a supervisor signed in WHEN she follows the navigation's reports link, asks for
    documents by service and clicks CSV then XLSX THEN the screen shows the SVG chart and the
    table, the CSV reads with the csv module and the XLSX opens with openpyxl, both with the
    grouping in their header and the same rows as the table."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
    page.goto("/login")
    page.fill("input[name=username]", "sue")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each person lands on their home
    page.click("nav.main a[href='/reports']")
    page.wait_for_url("**/reports/documents")
    page.select_option("select[name=by]", "service")
    page.click(".report-filters button[type=submit]")
    page.wait_for_url("**/reports/documents?*by=service*")
    assert page.locator("figure.chart svg rect").count() >= 3
    shown = page.locator("table.report-table tbody tr").count()
    target = Path(os.environ.get("LIASSE_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / "reports.png"), full_page=True)
    with page.expect_download() as csv_download:
        page.click("#download-csv")
    rows = list(csv.reader(Path(csv_download.value.path()).read_text("utf-8-sig")
                           .splitlines()))
    assert ["Par", "service"] in rows
    assert len(rows) - rows.index(next(r for r in rows if r and r[0] == "Mois")) - 1 == shown
    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    saved = tmp_path / xlsx_download.value.suggested_filename
    assert saved.suffix == ".xlsx"
    xlsx_download.value.save_as(str(saved))
    sheet = load_workbook(saved).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row and row[0] == "Mois") + 1
    assert len(values) - start == shown
    assert all(isinstance(row[2], int) for row in values[start:])
    assert problems == []

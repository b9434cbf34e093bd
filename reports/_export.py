"""Every report and every list as a spreadsheet: CSV (UTF-8 with a byte-order mark, for the
spreadsheets that need it to read accents) and XLSX (openpyxl; dates are dates and numbers
are numbers). Both start with header rows naming the report, who asked, when, and the
filters; then a blank row, the column names and the rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from reports._model import Cell, Column, Kind, ReportFilters, ReportTable

Label = Callable[[str], str]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_FORMATS = {Kind.date: "yyyy-mm-dd", Kind.month: "yyyy-mm", Kind.datetime: "yyyy-mm-dd hh:mm",
            Kind.float: "0.0###", Kind.int: "0", Kind.year: "0"}


def list_table(name: str, *, columns: list[Column], rows: list[list[Cell]],
               by: str = "", criteria: dict[str, str] | None = None) -> ReportTable:
    """A list (search results, dossiers, a household's documents...) as a table to export."""
    return ReportTable(report=name, title=f"export.{name.replace('-', '_')}", columns=columns,
                       rows=rows, filters=ReportFilters(criteria=criteria or {}),
                       generated_at=datetime.now(UTC), generated_by=by)


def code(key: str) -> str:
    """The label of a message key without a translation: its last part (``column.day`` ->
    ``day``), what the API's files carry for programs to read."""
    return key.rsplit(".", 1)[-1]


def header_rows(table: ReportTable, label: Label) -> list[list[str]]:
    rows = [[label(table.title)], [label("export.generated_at"),
                                   table.generated_at.strftime("%Y-%m-%d %H:%M UTC")],
            [label("export.generated_by"), table.generated_by]]
    rows += [[label(f"export.filter.{name}"), value] for name, value in table.filters.header()
             if value]
    if table.suppressed:
        rows.append([label("export.suppressed"), str(table.suppressed),
                     label("export.small_count"), str(table.small_count)])
    return rows


def cell_text(value: Cell, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == Kind.month and isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value.tzinfo else \
            value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, date) else str(value)


def to_csv(table: ReportTable, label: Label = code) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(header_rows(table, label))
    writer.writerow([])
    writer.writerow([label(f"column.{c.name}") for c in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell_value(value: Cell, kind: Kind) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if kind == Kind.month and isinstance(value, str):
        return value
    return value


def to_xlsx(table: ReportTable, label: Label = code) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.report[:31])
    bold = Font(bold=True)
    for line in header_rows(table, label):
        sheet.append(line)
    sheet.append([])
    names = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=label(f"column.{column.name}"))
        cell.font = bold
        names.append(cell)
    sheet.append(names)
    for row in table.rows:
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            cell = WriteOnlyCell(sheet, value=_cell_value(value, column.kind))
            if value is not None and column.kind in _FORMATS:
                cell.number_format = _FORMATS[column.kind]
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(table: ReportTable, extension: str) -> str:
    stamp = table.generated_at.strftime("%Y%m%d")
    return f"liasse-{table.report}-{stamp}.{extension}"

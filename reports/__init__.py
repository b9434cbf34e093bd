"""Statistics and exports: the figures a service owes its council, counted in SQL over the
catalog (the same on SQLite and PostgreSQL) as the reader may see them, and every report or
list as a typed table written to CSV or XLSX.

Sits beside ``ingest`` and ``retention``: it imports ``core`` only, and only ``api``,
``viewer`` and ``liasse`` import it."""

from reports._context import SMALL_COUNT, ReportContext
from reports._export import (
    CSV_TYPE,
    XLSX_TYPE,
    cell_text,
    filename,
    header_rows,
    list_table,
    to_csv,
    to_xlsx,
)
from reports._model import Cell, Column, Kind, ReportFilters, ReportTable
from reports._pdf import to_pdf
from reports._registry import REPORTS, ReportSpec, may_run, run_report

__all__ = [
    "CSV_TYPE", "REPORTS", "SMALL_COUNT", "XLSX_TYPE", "Cell", "Column", "Kind",
    "ReportContext", "ReportFilters", "ReportSpec", "ReportTable", "cell_text", "filename",
    "header_rows", "list_table", "may_run", "run_report", "to_csv", "to_pdf", "to_xlsx",
]

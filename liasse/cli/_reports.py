"""``liasse report NAME``: a report on the terminal, as JSON, or into a CSV or XLSX file.

On the server's command line the operator sees everything; with ``--as USER`` naming an
account, the report counts what that account may see (and is journaled under it)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from core import InvalidInput
from core.access import Principal, principal_for
from core.catalog import account_queries
from liasse.cli._context import cli_actor, cli_principal, cli_services, journal
from liasse.cli._main import emit_json
from reports import (
    REPORTS,
    ReportFilters,
    ReportTable,
    cell_text,
    run_report,
    to_csv,
    to_pdf,
    to_xlsx,
)


def _reader(session: Session) -> Principal:
    user = account_queries.find_user(session, username=cli_actor().username)
    return principal_for(session, user=user) if user is not None else cli_principal()


def _print(table: ReportTable) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = Table(title=f"{table.report} ({table.generated_by})")
    for column in table.columns:
        shown.add_column(column.name, justify="right" if column.kind in (
            "int", "float", "year") else "left")
    for row in table.rows:
        shown.add_row(*("—" if cell is None else cell_text(cell, column.kind)
                       for cell, column in zip(row, table.columns, strict=True)))
    Console().print(shown)
    if table.suppressed:
        typer.echo(f"{table.suppressed} cell(s) withheld: fewer than {table.small_count} "
                   "confidential documents you may not see", err=True)


def report(name: Annotated[str, typer.Argument(help=f"One of: {', '.join(REPORTS)}")],
           date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
           date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
           service: Annotated[str | None, typer.Option(help="Dossier service")] = None,
           by: Annotated[str | None, typer.Option(help="Group by (see each report)")] = None,
           as_json: Annotated[bool, typer.Option("--json")] = False,
           csv: Annotated[Path | None, typer.Option("--csv", help="Write CSV here")] = None,
           xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write XLSX here")] = None,
           last_month: Annotated[bool, typer.Option(
               "--last-month", help="The previous calendar month (instead of --from/--to)")
           ] = False,
           file_into: Annotated[str | None, typer.Option(
               "--file-into", metavar="DOSSIER",
               help="Keep the report as a PDF document in this (administrative) dossier")
           ] = None) -> None:
    """Statistics counted over the catalog, filterable by period, service and grouping.
    Monthly: run ``liasse report NAME --last-month --file-into DOSSIER`` on the 1st (cron)."""
    filters = _filters(date_from, date_to, service, by, last_month)
    with cli_services().sessions.transaction() as session:
        table = run_report(session, name=name, principal=_reader(session), filters=filters)
        journal(session, action="report.read", entity_type="report", entity_id=name,
                after=filters.model_dump(mode="json", exclude_defaults=True))
    if file_into is not None:
        _file(table, file_into)
    if csv is not None:
        csv.write_bytes(to_csv(table))
    if xlsx is not None:
        xlsx.write_bytes(to_xlsx(table))
    if as_json:
        emit_json(table.model_dump(mode="json"))
    elif csv is None and xlsx is None and file_into is None:
        _print(table)
    else:
        typer.echo(f"{table.report}: {len(table.rows)} rows written", err=True)


def _filters(date_from: str | None, date_to: str | None, service: str | None, by: str | None,
             last_month: bool) -> ReportFilters:
    try:
        start = date.fromisoformat(date_from) if date_from else None
        end = date.fromisoformat(date_to) if date_to else None
    except ValueError as exc:
        raise InvalidInput(f"--from and --to take a date as YYYY-MM-DD: {exc}") from exc
    if last_month:
        end = date.today().replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
    return ReportFilters(date_from=start, date_to=end, service=service, by=by)


def _file(table: ReportTable, dossier: str) -> None:
    """The report as a PDF, received and processed as one batch into ``dossier``: stored,
    its text read, indexed and retained like any document."""
    from liasse.cli._intake import ingest_files

    period = table.filters.date_from.strftime("%Y-%m") if table.filters.date_from else \
        table.generated_at.strftime("%Y-%m-%d")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"liasse-{table.report}-{period}.pdf"
        path.write_bytes(to_pdf(table))
        report = ingest_files([path], source="cli", dossier=dossier)
    filed = [d["id"] for d in report.documents]
    typer.echo(f"{table.report}: filed into dossier {dossier} as document(s) "
               f"{', '.join(map(str, filed)) or 'none'}", err=True)

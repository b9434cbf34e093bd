"""The clerk's desk on the command line: cover sheets, the hot folder, consistency check."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core import LiasseError
from core.catalog import queries
from liasse.cli._context import cli_services
from liasse.cli._intake import ingest_files
from liasse.cli._main import emit_json

if TYPE_CHECKING:
    from ingest import DropOutcome


def cover_sheets(dossiers: Annotated[list[str], typer.Argument(help="Dossier numbers")],
                 output: Annotated[Path, typer.Option("--output", "-o", help="PDF to write")],
                 element: Annotated[str | None, typer.Option(help="Element reference")] = None,
                 doc_type: Annotated[str | None, typer.Option("--type")] = None) -> None:
    """Print cover sheets (one page per dossier) to put in front of documents before scanning."""
    from ingest import CoverSheet, render_cover_sheets

    sheets = []
    with cli_services().sessions() as session:
        for number in dossiers:
            dossier = queries.dossier_by_number(session, number=number)
            sheets.append(CoverSheet(dossier_number=dossier.number, dossier_title=dossier.title,
                                     element_reference=element, doc_type=doc_type,
                                     service=dossier.service or None))
    output.write_bytes(render_cover_sheets(sheets))
    typer.echo(f"{len(sheets)} cover sheet(s) written to {output}")


def watch(folder: Annotated[Path, typer.Argument(help="Folder the scanner drops files into")],
          settle: Annotated[float, typer.Option(help="Seconds a file must stay unchanged")] = 5.0,
          poll: Annotated[float, typer.Option(help="Seconds between looks")] = 2.0,
          once: Annotated[bool, typer.Option(help="Process what is ready, then stop")] = False,
          ) -> None:
    """Ingest files dropped in FOLDER (polling: works on SMB/NFS mounts), then move each to
    done/ or failed/ with a reason file."""
    from ingest import HotFolder, process_ready

    hot = HotFolder(folder, settle_seconds=settle)
    typer.echo(f"watching {folder} (settle {settle}s, poll {poll}s); Ctrl-C to stop")
    while True:
        for moved in process_ready(hot, time.monotonic(), _ingest_one):
            typer.echo(f"{moved.parent.name}: {moved.name}")
        if once and not hot.waiting:
            return
        time.sleep(poll)


def _ingest_one(path: Path) -> DropOutcome:
    from ingest import DropOutcome

    try:
        report = ingest_files([path], source="watch")
    except LiasseError as exc:
        return DropOutcome(False, f"not received: {exc.message}")
    data = report.as_json()
    if data["quarantined"]:
        return DropOutcome(False, f"batch {report.batch}: {data['quarantined'][0]['reason']}")
    if data["duplicates"]:
        return DropOutcome(True, f"batch {report.batch}: duplicate of document "
                                 f"{data['duplicates'][0]['document']}")
    ids = ", ".join(str(d["id"]) for d in data["documents"])
    return DropOutcome(True, f"batch {report.batch}: {report.status}, document(s) {ids or '-'}")


def check(rehash: Annotated[bool, typer.Option(help="Re-read every original")] = True,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Compare catalog, object storage and index; exit 1 when anything disagrees."""
    from rich.progress import Progress

    from ingest import check_consistency

    services = cli_services()
    with Progress(disable=as_json) as bar, services.sessions() as session:
        task = bar.add_task("check", total=None)
        report = check_consistency(session, services.blobs, services.index, rehash=rehash,
                                   progress=lambda d, t: bar.update(task, completed=d, total=t))
    if as_json:
        emit_json(report.as_json())
    else:
        for name, values in report.as_json().items():
            typer.echo(f"{name}: {values}")
    if not report.healthy:
        raise typer.Exit(1)

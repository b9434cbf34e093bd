"""``liasse audit verify`` and ``liasse audit export``: the journal from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core import InvalidInput, JournalBroken
from core.catalog import find_events, queries, verify_journal
from liasse.cli._context import cli_services, journal
from liasse.cli._main import emit_json

audit_app = typer.Typer(help="The audit journal of reads and changes.", no_args_is_help=True)


@audit_app.command("verify")
def verify(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Walk the hash chain; exit 13 at the first removed, altered or inserted entry.
    Keep the printed head hash elsewhere to detect removal of the newest entries too."""
    with cli_services().sessions() as session:
        check = verify_journal(session)
    if as_json:
        emit_json({"intact": check.intact, "entries": check.entries,
                   "head_hash": check.head_hash, "broken_at": check.broken_at,
                   "problem": check.problem})
    if not check.intact:
        raise JournalBroken(f"journal broken at entry {check.broken_at}: {check.problem}")
    if not as_json:
        typer.echo(f"journal intact: {check.entries} entries, head {check.head_hash}")


@audit_app.command("export")
def export(csv: Annotated[bool, typer.Option("--csv", help="CSV (the only format)")] = False,
           dossier: Annotated[str | None, typer.Option(help="Dossier number")] = None,
           person: Annotated[int | None, typer.Option(help="Person id")] = None,
           user: Annotated[str | None, typer.Option(help="User name")] = None,
           output: Annotated[Path | None, typer.Option("--output", "-o")] = None) -> None:
    """The journal (or part of it) as CSV, oldest first, to a file or standard output."""
    if not csv:
        raise InvalidInput("say --csv: CSV is the export format")
    from api import journal_csv

    with cli_services().sessions.transaction() as session:
        dossier_id = queries.dossier_by_number(session, number=dossier).id if dossier else None
        events = find_events(session, dossier_id=dossier_id, person_id=person, username=user,
                             limit=None)
        journal(session, action="audit.export", entity_type="audit",
                after={"dossier": dossier, "person": person, "user": user})
        text = "".join(journal_csv(events))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{len(events)} entries written to {output}", err=True)

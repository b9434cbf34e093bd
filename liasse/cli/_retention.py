"""``liasse retention ...``, ``liasse bag export`` and ``liasse fixity``: the archivist's work
from the server's command line (journaled under ``--as USER`` or ``os:LOGIN``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.catalog import (
    DispositionListPublic,
    ItemDecision,
    RetentionAction,
    RetentionScheduleCreate,
    RetentionSchedulePublic,
    RetentionTrigger,
    queries,
)
from liasse.cli._context import cli_actor, cli_services
from liasse.cli._main import emit_json

if TYPE_CHECKING:
    from liasse.wiring import Services

retention_app = typer.Typer(help="Retention schedules, disposition lists, the lifecycle.",
                            no_args_is_help=True)
bag_app = typer.Typer(help="Archival packages (BagIt).", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json")]


def _drain(built: Services) -> None:
    """Write to the index what the committed change queued in the outbox (kept queued for the
    scheduler if the search backend is down)."""
    from ingest import drain_after_commit

    drain_after_commit(built.sessions, built.index)


def _show(data: Any, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(data)
    else:
        typer.echo(text)


@retention_app.command("schedules")
def schedules(as_json: JsonFlag = False) -> None:
    """The retention schedules, by code."""
    import retention

    with cli_services().sessions() as session:
        rows = [RetentionSchedulePublic.model_validate(s).model_dump(mode="json")
                for s in retention.list_schedules(session)]
    _show(rows, as_json, "\n".join(
        f"{r['code']}: {r['action']} {r['period_years']}y after {r['trigger']} "
        f"(type {r['doc_type'] or 'any'}, service {r['service'] or 'any'})" for r in rows)
        or "no schedules")


@retention_app.command("add-schedule")
def add_schedule(code: str, trigger: Annotated[RetentionTrigger, typer.Option()],
                 years: Annotated[int, typer.Option()],
                 action: Annotated[RetentionAction, typer.Option()] = RetentionAction.destroy,
                 doc_type: Annotated[str | None, typer.Option("--type")] = None,
                 service: str | None = None, title: str = "",
                 fixed_date: Annotated[str | None, typer.Option()] = None) -> None:
    """Add a rule; every document's date is recomputed."""
    import retention

    data = RetentionScheduleCreate(code=code, title=title, trigger=trigger, period_years=years,
                                   action=action, doc_type=doc_type, service=service,
                                   fixed_date=date.fromisoformat(fixed_date) if fixed_date
                                   else None)
    with cli_services().sessions.transaction() as session:
        retention.create_schedule(session, data=data, actor=cli_actor())
    typer.echo(f"schedule {code} added")


@retention_app.command("due")
def due(as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today")] = None,
        as_json: JsonFlag = False) -> None:
    """Dry run of a sweep: what has reached its date (nothing is written)."""
    import retention

    with cli_services().sessions() as session:
        items = retention.due_items(session, as_of=_day(as_of))
        session.rollback()
    _show([i.as_json() for i in items], as_json, "\n".join(
        f"document {i.document_id} ({i.dossier_number}) {i.action} due {i.due_on}"
        f"{' HELD' if i.holds else ''}: {i.title}" for i in items) or "nothing is due")


@retention_app.command("sweep")
def sweep(as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today")] = None,
          as_json: JsonFlag = False) -> None:
    """Draw up a disposition list of what has reached its date, for review."""
    import retention

    with cli_services().sessions.transaction() as session:
        listing = retention.sweep(session, as_of=_day(as_of), actor=cli_actor())
        assert listing.id is not None
        count = len(retention.list_items(session, list_id=listing.id))
    _show(DispositionListPublic.model_validate(listing).model_dump(mode="json"), as_json,
          f"disposition list {listing.id}: {count} item(s) to review")


@retention_app.command("decide")
def decide(list_id: int, item_id: int, decision: ItemDecision, reason: str = "") -> None:
    import retention

    with cli_services().sessions.transaction() as session:
        retention.decide_item(session, list_id=list_id, item_id=item_id, decision=decision,
                              reason=reason, actor=cli_actor())
    typer.echo(f"item {item_id}: {decision}")


@retention_app.command("propose")
def propose(list_id: int) -> None:
    import retention

    with cli_services().sessions.transaction() as session:
        retention.propose(session, list_id=list_id, actor=cli_actor())
    typer.echo(f"list {list_id} proposed; a second person approves it")


@retention_app.command("approve")
def approve(list_id: int) -> None:
    """Approve a list (``--as`` names the second person; never the one who proposed it)."""
    import retention

    with cli_services().sessions.transaction() as session:
        retention.approve(session, list_id=list_id, actor=cli_actor())
    typer.echo(f"list {list_id} approved")


@retention_app.command("execute")
def execute(list_id: int, dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
            as_json: JsonFlag = False) -> None:
    """Carry out an approved list; ``--dry-run`` says what would happen."""
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        report = retention.execute(session, built.blobs, list_id=list_id, actor=cli_actor(),
                                   dry_run=dry_run)
        if dry_run:
            session.rollback()
    _drain(built)  # destruction queued its documents
    _show(report.as_json(), as_json, "\n".join(
        f"document {o.document_id}: {o.outcome} ({o.reason})" for o in report.outcomes)
        + (f"\ncertificate {report.certificate_id}" if report.certificate_id else ""))


@retention_app.command("close")
def close(number: str, reason: Annotated[str, typer.Option()]) -> None:
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        retention.close_dossier(session, dossier=queries.dossier_by_number(
            session, number=number), actor=cli_actor(), reason=reason)
    _drain(built)
    typer.echo(f"dossier {number} closed")


@retention_app.command("archive")
def archive(number: str, reason: Annotated[str, typer.Option()]) -> None:
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        _, report = retention.archive_dossier(session, built.blobs, dossier=queries.
                                              dossier_by_number(session, number=number),
                                              actor=cli_actor(), reason=reason)
    _drain(built)
    typer.echo(f"dossier {number} archived: {report.copied} copied, {report.renditions} "
               f"PDF/A, {report.locked} locked" + "".join(f"\n  {p}" for p in report.problems))


@retention_app.command("reactivate")
def reactivate(number: str, reason: Annotated[str, typer.Option()]) -> None:
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        retention.reactivate_dossier(session, dossier=queries.dossier_by_number(
            session, number=number), actor=cli_actor(), reason=reason)
    _drain(built)
    typer.echo(f"dossier {number} reactivated")


@bag_app.command("export")
def bag_export(dossier: str, directory: Path) -> None:
    """Write the archived DOSSIER as a BagIt bag in DIRECTORY (new or empty)."""
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        report = retention.export_bag(session, built.blobs, number=dossier, target=directory,
                                      actor=cli_actor())
    valid, why = retention.validate_bag(directory)
    typer.echo(f"bag {directory}: {report.documents} document(s), {report.files} file(s); {why}")
    if not valid:
        raise typer.Exit(9)


def fixity(share: Annotated[float, typer.Option(min=0.0001, max=1.0)] = 1.0,
           as_json: JsonFlag = False) -> None:
    """Re-read stored objects (a share of them, continuing where the last run stopped),
    recompute their SHA-256 and report any mismatch; exit 9 when one is found."""
    import retention

    built = cli_services()
    with built.sessions.transaction() as session:
        run = retention.run_fixity(session, built.blobs, share=share, actor=cli_actor())
    _show({"id": run.id, "checked": run.checked, "total": run.total,
           "mismatched": run.mismatched, "missing": run.missing, "problems": run.problems},
          as_json, f"fixity: {run.checked} of {run.total} object(s) checked, "
          f"{run.mismatched} mismatched, {run.missing} missing" + "".join(
              f"\n  {p['problem']}: {p['key']}" for p in run.problems))
    if run.problems:
        raise typer.Exit(9)


def _day(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()

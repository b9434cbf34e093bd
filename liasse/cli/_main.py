"""Entry point: one Typer app; every command is listed here, in one place."""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated, Any

import typer

from core import LiasseError
from core.messages import render

LANG_HELP = "Language of messages: fr, de, it, nl or en (default: from LANG, else en)"


def error_text(exc: LiasseError) -> str:
    """An error for the person at the terminal: in English its full message, in another
    language its message code rendered (``core.messages``)."""
    from liasse.cli._context import cli_language

    language = cli_language()
    return exc.message if language == "en" else render(exc.as_message(), language)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def build_app() -> typer.Typer:
    from liasse.cli import (
        _accounts,
        _audit,
        _catalog,
        _classify,
        _context,
        _desk,
        _intake,
        _letters,
        _reports,
        _retention,
        _search,
        _serve,
    )

    app = typer.Typer(help="Liasse: document archive for social services.",
                      no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)

    @app.callback()
    def acting(as_user: Annotated[str | None, typer.Option(
            "--as", help="Journal changes under this name (default: os:LOGIN)")] = None,
               lang: Annotated[str | None, typer.Option(
            "--lang", help=LANG_HELP)] = None) -> None:
        """Liasse: document archive for social services."""
        _context.act_as(as_user)
        _context.speak(lang)

    app.command()(_intake.ingest)
    app.command()(_search.search)
    app.command()(_search.show)
    app.command()(_search.reindex)
    app.command()(_classify.train)
    app.command("import")(_catalog.import_csv)
    app.command()(_serve.serve)
    app.command()(_serve.worker)
    app.command()(_serve.demo)
    app.command()(_serve.scheduler)
    app.command()(_desk.watch)
    app.command()(_desk.check)
    app.command("cover-sheets")(_desk.cover_sheets)
    app.command()(_letters.generate)
    app.add_typer(_letters.template_app, name="template")
    app.add_typer(_catalog.dossier_app, name="dossier")
    app.add_typer(_catalog.household_app, name="household")
    app.add_typer(_catalog.person_app, name="person")
    app.add_typer(_catalog.element_app, name="element")
    app.add_typer(_accounts.user_app, name="user")
    app.add_typer(_audit.audit_app, name="audit")
    app.add_typer(_retention.retention_app, name="retention")
    app.add_typer(_retention.bag_app, name="bag")
    app.command()(_retention.fixity)
    app.command()(_reports.report)
    return app


# What ``liasse --help`` lists, without importing the commands (their modules load the catalog,
# the pipeline and their libraries: a second or more before anything is printed).
# tests/liasse/test_cli_startup.py checks it against the full app.
COMMAND_HELP: dict[str, str] = {
    "ingest": "Ingest files as one batch.",
    "search": "Search every document's text, optionally within a dossier, a household, a "
              "type or a date range.",
    "show": "A document's metadata and the text of its pages.",
    "reindex": "Rebuild the search index from the catalog (the catalog is the source of "
               "truth).",
    "train": "Train the classifier on every document whose type a person set or confirmed; "
             "every worker uses the new model from its next document on.",
    "import": "Import households, persons, dossiers and elements from CSV.",
    "serve": "Serve the API; by default also start one worker process beside it.",
    "worker": "Run a worker that takes tasks from the broker (filesystem queue in embedded "
              "mode).",
    "demo": "Load demo dossiers, ingest a generated letter and a few real scans, then serve "
            "the API on the embedded defaults (http://127.0.0.1:8000/docs).",
    "scheduler": "Run the periodic tasks (index outbox drain, ...): one scheduler per "
                 "installation.",
    "watch": "Ingest files dropped in FOLDER (polling: works on SMB/NFS mounts), then move "
             "each to done/ or failed/ with a reason file.",
    "check": "Compare catalog, object storage and index; exit 1 when anything disagrees.",
    "cover-sheets": "Print cover sheets (one page per dossier) to put in front of documents "
                    "before scanning.",
    "fixity": "Re-read stored objects (a share of them, continuing where the last run "
              "stopped), recompute their SHA-256 and report any mismatch; exit 9 when one...",
    "generate": "Generate a letter for a dossier, or one per dossier of a CSV (mail merge).",
    "template": "Letter templates (DOCX with fields such as {{ dossier.title }})",
    "report": "Statistics counted over the catalog, filterable by period, service and "
              "grouping.",
    "dossier": "Dossiers (case files).",
    "household": "Households (unités d'allocation).",
    "person": "Persons.",
    "element": "Dossier elements (request, placement, benefit…).",
    "user": "Accounts: roles, departments, passwords, API tokens.",
    "audit": "The audit journal of reads and changes.",
    "retention": "Retention schedules, disposition lists, the lifecycle.",
    "bag": "Archival packages (BagIt).",
}


def asks_only_for_help(argv: list[str]) -> bool:
    """``liasse``, ``liasse --help`` or ``liasse --as NAME --lang de --help``: the list of
    commands."""
    words = list(argv)
    for option in ("--as", "--lang"):
        if option in words:
            at = words.index(option)
            words = words[:at] + words[at + 2:]
    return all(w in ("--help", "-h") for w in words)


def help_app() -> typer.Typer:
    """An app that only lists the commands (same names and help as ``build_app``'s)."""
    app = typer.Typer(help="Liasse: document archive for social services.",
                      no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)

    @app.callback()
    def acting(as_user: Annotated[str | None, typer.Option(
            "--as", help="Journal changes under this name (default: os:LOGIN)")] = None,
               lang: Annotated[str | None, typer.Option(
            "--lang", help=LANG_HELP)] = None) -> None:
        """Liasse: document archive for social services."""

    for name, text in COMMAND_HELP.items():
        app.command(name, help=text)(lambda: None)
    return app


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # kombu warns that the embedded (filesystem or in-process) broker has no host name: it has none.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    try:
        app = help_app() if asks_only_for_help(sys.argv[1:]) else build_app()
        app(standalone_mode=True)
    except LiasseError as exc:
        typer.secho(f"liasse: {error_text(exc)}", err=True, fg="red")
        sys.exit(exc.exit_code)

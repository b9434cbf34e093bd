"""Entry point: one Typer app; every command is listed here, in one place."""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated, Any

import typer

from core import LiasseError


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
            "--as", help="Journal changes under this name (default: os:LOGIN)")] = None) -> None:
        """Liasse: document archive for social services."""
        _context.act_as(as_user)

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


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # kombu warns that the embedded (filesystem or in-process) broker has no host name: it has none.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    try:
        build_app()(standalone_mode=True)
    except LiasseError as exc:
        typer.secho(f"liasse: {exc.message}", err=True, fg="red")
        sys.exit(exc.exit_code)

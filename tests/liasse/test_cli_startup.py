"""``liasse --help`` starts in a blink: it lists the commands without importing them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.main

from liasse.cli._main import COMMAND_HELP, asks_only_for_help, build_app, help_app

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlmodel", "sqlalchemy", "sklearn", "celery", "fastapi", "api", "ingest", "tantivy",
         "tesserocr", "argon2")


def _listing(app: typer.Typer) -> dict[str, str]:
    group: Any = typer.main.get_command(app)  # a group of typer's own click
    ctx = group.make_context("liasse", ["--help"], resilient_parsing=True)
    return {name: group.get_command(ctx, name).get_short_help_str(limit=150)
            for name in group.list_commands(ctx)}


def test_the_quick_help_lists_every_command_as_the_full_app_does() -> None:
    """GIVEN the full command line and the list ``liasse --help`` prints without it
    WHEN their commands and short help are compared THEN they are the same."""
    assert _listing(help_app()) == _listing(build_app())
    assert set(COMMAND_HELP) == set(_listing(build_app()))


def test_only_a_bare_help_takes_the_quick_path() -> None:
    """GIVEN command lines WHEN asked whether they only want the list of commands
    THEN only the bare ones (with or without --as NAME) do."""
    assert asks_only_for_help(["--help"]) and asks_only_for_help([])
    assert asks_only_for_help(["--as", "alice", "--help"])
    assert not asks_only_for_help(["search", "--help"])
    assert not asks_only_for_help(["search", "loyer"])


def test_help_loads_no_heavy_library() -> None:
    """GIVEN a fresh interpreter WHEN ``liasse --help`` runs THEN it prints the commands and
    has imported neither the catalog's ORM nor the pipeline, the API, Celery or sklearn."""
    probe = ("import sys; from liasse.cli import main; sys.argv = ['liasse', '--help']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=True, timeout=120)
    assert "ingest" in done.stdout and "cover-sheets" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "LOADED []"

"""Fixtures to drive the ``liasse`` command line in-process on a temporary home."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from liasse.cli import build_app
from liasse.cli._context import cli_services

Cli = Callable[..., Any]


@pytest.fixture
def cli(liasse_env: Path) -> Iterator[Cli]:
    """Run ``liasse ARGS...``; with ``--json`` the parsed output is returned, else the text.
    A non-zero exit fails the test unless ``expect_exit`` says otherwise."""
    cli_services.cache_clear()
    runner = CliRunner()
    app = build_app()

    def run(*args: str, expect_exit: int = 0, input: str | None = None) -> Any:
        result = runner.invoke(app, list(args), input=input,
                               catch_exceptions=expect_exit == 0 and False)
        assert result.exit_code == expect_exit, result.output
        return json.loads(result.stdout) if "--json" in args else result.output

    yield run
    services = cli_services()
    services.index.close()
    services.sessions.engine.dispose()
    cli_services.cache_clear()

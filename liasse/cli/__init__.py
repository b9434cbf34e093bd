"""The ``liasse`` command line."""

from liasse.cli._main import build_app, main

__all__ = ["build_app", "main"]

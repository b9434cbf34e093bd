"""``liasse train``: retrain the document classifier from the documents people confirmed."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from liasse.cli._context import cli_services, journal
from liasse.cli._main import emit_json


def train(only_if_changed: Annotated[bool, typer.Option(
              "--if-changed", help="Train only when confirmed documents changed since the "
                                   "model in use was trained (for schedules)")] = False,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """Train the classifier on every document whose type a person set or confirmed; every
    worker uses the new model from its next document on."""
    from ingest import current_pointer, retrain_if_changed, train_classifier

    services = cli_services()
    report = (retrain_if_changed(services.sessions, services.blobs) if only_if_changed
              else train_classifier(services.sessions, services.blobs))
    pointer = current_pointer(services.blobs)
    per_type = dict(report.per_type) if report else {}
    result: dict[str, Any] = {"trained": report is not None,
              "examples": report.examples if report else pointer.examples if pointer else 0,
              "per_type": per_type,
              "reason": report.reason if report else "the model in use is up to date",
              "model": pointer.key if pointer else None}
    if report is not None:
        with services.sessions.transaction() as session:
            journal(session, action="classifier.train", entity_type="classifier",
                    entity_id=pointer.trained_at if pointer else "", after=result)
    if as_json:
        emit_json(result)
        return
    typer.echo(result["reason"])
    for code, count in per_type.items():
        typer.echo(f"  {code}: {count}")

"""``liasse ingest``: files and folders in, one batch, with a progress bar."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core import InvalidInput, RejectedFile
from liasse.cli._context import cli_actor, cli_language, cli_services
from liasse.cli._main import emit_json

if TYPE_CHECKING:  # the pipeline, Celery and their libraries load only when a batch comes
    from ingest import BatchReport
    from liasse.wiring import Services

POLL_SECONDS = 0.25


def ingest(paths: Annotated[list[Path], typer.Argument(help="Files and folders (one batch)")],
           dossier: Annotated[str | None, typer.Option(help="Dossier number for every document")]
           = None,
           element: Annotated[str | None, typer.Option(
               help="Dossier element code for every document, e.g. DEM-APLAC-002")] = None,
           doc_type: Annotated[str | None, typer.Option(
               "--type", help="Document type for every document, e.g. decision")] = None,
           language: Annotated[str | None, typer.Option(
               help="Language the pages are in (fr, de, it, nl, en): read in it first")] = None,
           wait: Annotated[bool, typer.Option(help="Wait until the batch is processed")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
           ) -> None:
    """Ingest files as one batch. Embedded mode processes them here; with a broker they are
    queued for the workers (use --wait to follow them). Exits 6 when any file was rejected
    (quarantined), after printing the report."""
    report = ingest_files(paths, source="cli", dossier=dossier, element=element,
                          doc_type=doc_type, wait=wait, quiet=as_json, language=language)
    if _print(cli_services(), report.batch, as_json):
        raise typer.Exit(RejectedFile.exit_code)


def ingest_files(paths: list[Path], *, source: str, dossier: str | None = None,
                 element: str | None = None, doc_type: str | None = None, wait: bool = True,
                 quiet: bool = True, language: str | None = None) -> BatchReport:
    """Receive ``paths`` as one batch and process it (here in embedded mode, by the workers
    otherwise; ``wait`` follows them until the batch is done)."""
    from ingest import expand_paths
    from liasse.tasks import make_celery, register_tasks, submit_items

    services = cli_services()
    files = expand_paths(paths)
    if not files:
        raise InvalidInput("no files found in the paths given")
    batch_id, item_ids = _receive(services, files, dossier, element, doc_type, source, language)
    celery = make_celery(services.settings, eager=services.settings.embedded_broker)
    register_tasks(celery, lambda: services)
    if not (wait or services.settings.embedded_broker):
        submit_items(celery, item_ids)
        return _report(services, batch_id)
    if services.settings.embedded_broker:
        worker = _Submitter(lambda: _process_here(services, item_ids))
    else:
        worker = _Submitter(lambda: submit_items(celery, item_ids))
    worker.start()
    _follow(services, batch_id, worker, quiet=quiet)
    if worker.error is not None:
        raise worker.error
    return _report(services, batch_id)


def _process_here(services: Services, item_ids: Sequence[int]) -> None:
    """Embedded mode: every stage of each item in this process (``ingest.process_item``, the
    stage functions the worker tasks run), ``LIASSE_ITEMS_AT_ONCE`` items at a time: with two,
    the OCR workers of one file are still busy with its last pages while the next file's pages
    start. Not through Celery's eager mode, whose "no waiting inside a task" flag is global to
    the process and is left set when two threads run eager tasks at once. Every item is run;
    the first error is raised once all have finished."""
    from ingest import process_item

    at_once = max(1, min(services.settings.items_at_once, len(item_ids)))
    with ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="liasse-item") as pool:
        futures = [pool.submit(process_item, item_id, services.pipeline)
                   for item_id in item_ids]
    for future in futures:
        if (error := future.exception()) is not None:
            raise error


class _Submitter(threading.Thread):
    """Submits the tasks (in embedded mode: runs them) while the main thread draws progress;
    an error is kept and re-raised in the main thread."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.work()
        except BaseException as exc:
            self.error = exc


def _receive(services: Services, files: list[Path], dossier: str | None,
             element: str | None = None, doc_type: str | None = None,
             source: str = "cli", language: str | None = None) -> tuple[int, list[int]]:
    from ingest import IncomingFile, receive_batch

    with ExitStack() as stack, services.sessions.transaction() as session:
        incoming = [IncomingFile(filename=p.name, stream=stack.enter_context(p.open("rb")))
                    for p in files]
        batch, items = receive_batch(session, services.blobs, incoming, source=source,
                                     dossier_number=dossier, element_reference=element,
                                     doc_type=doc_type, created_by=cli_actor().username,
                                     max_bytes=services.settings.max_upload_mb * 1024 * 1024,
                                     language=language)
        assert batch.id is not None
        return batch.id, [i.id for i in items if i.id is not None]


def _report(services: Services, batch_id: int) -> BatchReport:
    from ingest import batch_report

    with services.sessions() as session:
        return batch_report(session, batch_id=batch_id,
                            separators=services.intake.analysis.separators)


def _follow(services: Services, batch_id: int, worker: threading.Thread, *, quiet: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("batch {task.fields[batch]}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("pages · {task.fields[files]} files · {task.fields[documents]} "
                          "documents · {task.fields[left]}"))
    with Progress(*columns, disable=quiet, transient=False) as bar:
        task = bar.add_task("ingest", total=None, batch=batch_id, files="0/?", documents=0,
                            left="time left: -")
        while True:
            worker.join(POLL_SECONDS)
            report = _report(services, batch_id)
            bar.update(task, total=report.pages_total or None, completed=report.pages_done,
                       files=f"{report.items_done}/{len(report.items)}",
                       documents=report.documents_found, left=_time_left(report))
            # In embedded mode the submitter runs the work itself; otherwise workers elsewhere do.
            if services.settings.embedded_broker and not worker.is_alive():
                break
            if not services.settings.embedded_broker and report.finished:
                break


def _time_left(report: BatchReport) -> str:
    """The batch report's estimate (the pace of the last minutes), as the bar shows it."""
    seconds = report.seconds_left()
    if seconds is None:
        return "time left: -"
    minutes, rest = divmod(round(seconds), 60)
    return f"time left: {minutes}:{rest:02d}"


def _print(services: Services, batch_id: int, as_json: bool) -> int:
    """Print the batch's report; the number of files quarantined."""
    report = _report(services, batch_id)
    data = report.as_json(cli_language())
    if as_json:
        emit_json(data)
        return len(data["quarantined"])
    typer.echo(f"batch {batch_id}: {report.status}, {len(data['documents'])} document(s), "
               f"{len(data['duplicates'])} duplicate(s), {len(data['quarantined'])} quarantined")
    for doc in data["documents"]:
        typer.echo(f"  document {doc['id']}: {doc['title']} ({doc['pages']} pages, "
                   f"dossier {doc['dossier'] or '-'})")
    for dup in data["duplicates"]:
        typer.echo(f"  duplicate: {dup['file']} is document {dup['document']}")
    for bad in data["quarantined"]:
        typer.echo(f"  quarantined: {bad['file']}: {bad['reason']}")
    return len(data["quarantined"])

"""``liasse serve`` (API + worker on one machine), ``liasse worker`` and ``liasse demo``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from liasse.cli._context import cli_actor, cli_services

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from liasse.settings import Settings


def serve(host: Annotated[str | None, typer.Option()] = None,
          port: Annotated[int | None, typer.Option()] = None,
          worker: Annotated[bool, typer.Option(help="Also start a worker process here")] = True,
          ) -> None:
    """Serve the API; by default also start one worker process beside it."""
    import uvicorn

    from liasse.app import create_app

    services = cli_services()
    settings = services.settings
    child = _start_worker() if worker else None
    # uvicorn shuts down on SIGTERM, then raises it again with the handler found before it:
    # this one, so the worker below is stopped too (the default handler would end the process
    # at once and leave the worker running).
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.Server(server_config(create_app(settings, services=services), settings,
                                     host=host, port=port)).run()
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def server_config(app: FastAPI, settings: Settings, *, host: str | None = None,
                  port: int | None = None) -> uvicorn.Config:
    """X-Forwarded-For is believed only from ``LIASSE_TRUSTED_PROXIES`` (none by default)."""
    import uvicorn

    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    return uvicorn.Config(app, host=host or settings.host, port=port or settings.port,
                          log_level="info", proxy_headers=bool(proxies),
                          forwarded_allow_ips=proxies or [])


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "liasse", "worker"], env=os.environ.copy())


def worker(concurrency: Annotated[int, typer.Option(min=1)] = 1,
           queues: Annotated[str | None, typer.Option(
               help="Comma separated (default: every queue)")] = None,
           name: Annotated[str, typer.Option(help="Node name, unique per worker (%h: the "
                                             "host name)")] = "liasse@%h") -> None:
    """Run a worker that takes tasks from the broker (filesystem queue in embedded mode).
    Each task already runs its OCR pages in parallel processes, so one task at a time per
    worker is the default."""
    from liasse.tasks import QUEUES, make_celery, register_tasks
    from liasse.wiring import services_from_environment

    queues = queues or ",".join(QUEUES)
    services = services_from_environment()
    celery = make_celery(services.settings)
    register_tasks(celery, services_from_environment)
    celery.worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}",
                        "--pool=solo" if concurrency == 1 else "--pool=prefork",
                        f"--queues={queues}", f"--hostname={name}", "--without-gossip",
                        "--without-mingle"])


def scheduler() -> None:
    """Run the periodic tasks (index outbox drain, ...): one scheduler per installation."""
    from liasse.tasks import make_celery, register_tasks
    from liasse.wiring import services_from_environment

    services = services_from_environment()
    celery = make_celery(services.settings)
    register_tasks(celery, services_from_environment)
    schedule = services.settings.resolved_home / "celerybeat-schedule"
    celery.start(["beat", "--loglevel=INFO", f"--schedule={schedule}"])


DEMO_DIR = Path(__file__).resolve().parents[2] / "deploy" / "demo"
DEMO_SCANS = ("tess4j_eurotext.pdf", "ocrmypdf_francais.pdf", "tess4j_multipage-img.pdf")


def demo(serve_after: Annotated[bool, typer.Option("--serve/--no-serve")] = True,
         corpus: Annotated[Path, typer.Option(help="Folder of sample scans")] =
         Path("../shared/corpus/scans")) -> None:
    """Load demo dossiers, ingest a generated letter and a few real scans, then serve the API
    on the embedded defaults (http://127.0.0.1:8000/docs)."""
    from liasse._demo import decision_letter
    from liasse.cli._catalog import import_csv
    from liasse.cli._intake import ingest

    import_csv(DEMO_DIR / "dossiers.csv", as_json=False)
    work = cli_services().settings.resolved_home / "demo"
    work.mkdir(parents=True, exist_ok=True)
    ingest([decision_letter(work / "decision-824415.pdf")], dossier="824415", wait=True,
           as_json=False)
    scans = [corpus / name for name in DEMO_SCANS if (corpus / name).is_file()]
    if scans:
        ingest(scans, dossier="731002", wait=True, as_json=False)
    else:
        typer.echo(f"(no sample scans in {corpus}: only the generated letter was ingested)")
    _demo_templates()
    typer.echo("try: liasse search 'decision aide' --json")
    _demo_account()
    if serve_after:
        serve(host=None, port=None, worker=True)


def _demo_templates() -> None:
    """The starter letter templates (attestation, request for missing documents, decision in
    French, German and Italian), those not loaded yet."""
    from letters import install_starter_templates

    services = cli_services()
    with services.sessions.transaction() as session:
        added = install_starter_templates(session, services.blobs, actor=cli_actor())
    if added:
        typer.echo(f"{len(added)} starter letter templates: liasse template list; try: liasse "
                   "generate demande-pieces-fr --dossier 824415 --element DEM-APLAC-002 "
                   "--field 'missing_documents=fiches de salaire'")


def _demo_account() -> None:
    """On a catalog without accounts, an administrator 'demo' with a random password (for the
    viewer) and a token (for /docs), both printed once."""
    import secrets

    from core.catalog import Role, UserCreate, account_queries

    password = secrets.token_urlsafe(12)
    with cli_services().sessions.transaction() as session:
        if account_queries.list_users(session):
            return
        user = account_queries.create_user(session, data=UserCreate(
            username="demo", display_name="Demo administrator", roles=[Role.administrator],
            password=password))
        assert user.id is not None
        _, token = account_queries.issue_token(session, user_id=user.id, name="demo")
    typer.echo(f"sign in at http://127.0.0.1:8000/ as demo, password {password}")
    typer.echo(f"API token of the demo administrator (Authorize in /docs): {token}")

"""The Celery app and Liasse's tasks. Tasks are thin: JSON arguments (ids), idempotent,
acknowledged late (a worker that dies mid-task leaves its message to another), retried with
backoff only on transient backend errors, one queue per concern.

The chain for one received file, each link a task any worker may take:

    ingest_item (queue ingest) -> read_pages x N ranges (queue ocr) -> persist_item (ingest)
    -> drain_index (queue index)

Embedded default: with no ``LIASSE_BROKER_URL`` the CLI runs the same tasks in-process
(Celery's eager mode: same code, no broker) and ``liasse serve`` feeds a local worker through
kombu's ``filesystem://`` transport under ``LIASSE_HOME/broker``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from celery import Celery
from celery.schedules import crontab

from core import BackendUnavailable
from ingest import (
    PageRange,
    drain_all,
    persist_item,
    prepare_item,
    read_page_range,
    retrain_if_changed,
)
from liasse._monthly import file_monthly_reports
from liasse.settings import Settings
from liasse.wiring import Services

log = logging.getLogger(__name__)

QUEUES = ("ingest", "ocr", "index", "retention")
INGEST_ITEM = "liasse.ingest_item"
READ_PAGES = "liasse.read_pages"
PERSIST_ITEM = "liasse.persist_item"
DRAIN_INDEX = "liasse.drain_index"
RETRAIN = "liasse.retrain_classifier"
MONTHLY_REPORTS = "liasse.monthly_reports"
ROUTES = {INGEST_ITEM: "ingest", READ_PAGES: "ocr", PERSIST_ITEM: "ingest", DRAIN_INDEX: "index",
          RETRAIN: "ingest", MONTHLY_REPORTS: "ingest"}
RETRY = {"autoretry_for": (BackendUnavailable,), "retry_backoff": True,
         "retry_backoff_max": 300, "max_retries": 12}


def make_celery(settings: Settings, *, eager: bool = False) -> Celery:
    if settings.embedded_broker:
        folder = settings.resolved_home / "broker"
        for sub in ("queue", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        app = Celery("liasse", broker="filesystem://", broker_transport_options={
            "data_folder_in": str(folder / "queue"), "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"), "store_processed": False})
    else:
        app = Celery("liasse", broker=settings.broker_url,
                     broker_transport_options=redelivery_options(
                         settings.broker_visibility_timeout))
    app.conf.update(
        task_serializer="json", accept_content=["json"], task_ignore_result=True,
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_default_queue="ingest",
        task_routes={name: {"queue": queue} for name, queue in ROUTES.items()},
        task_always_eager=eager, task_eager_propagates=True,
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
        beat_schedule=beat_schedule(settings))
    return app


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    schedule: dict[str, dict[str, Any]] = {
        "drain-index-outbox": {"task": DRAIN_INDEX, "schedule": settings.outbox_drain_seconds},
        "retrain-classifier": {"task": RETRAIN, "schedule": settings.retrain_hours * 3600},
    }
    if settings.monthly_reports:  # on the 1st at 06:00, over the month before
        schedule["monthly-reports"] = {"task": MONTHLY_REPORTS, "schedule": crontab(
            minute="0", hour="6", day_of_month="1")}
    return schedule


def redelivery_options(visibility_timeout: int) -> dict[str, int]:
    """Transport options under which a task held by a worker that died goes back to the queue
    about ``visibility_timeout`` s after it was taken. Kombu's Redis transport only looks for
    such tasks every ``interval * throttle`` s (10 x 10 by default): for short timeouts look
    more often, about four times per timeout, so a redelivery never waits ~100 s more."""
    sweep = max(1, min(100, visibility_timeout // 4))
    interval = min(10, sweep)
    return {"visibility_timeout": visibility_timeout, "unacked_restore_interval": interval,
            "unacked_restore_throttle": max(1, sweep // interval)}


def register_tasks(app: Celery, services: Callable[[], Services]) -> None:
    """Attach the tasks to ``app``; ``services`` builds (or returns) the process's services."""

    def send(name: str, *args: Any) -> None:
        app.tasks[name].apply_async(args=list(args), queue=ROUTES[name])

    @app.task(name=INGEST_ITEM, shared=False, **RETRY)
    def ingest_item(item_id: int) -> None:
        for page_range in prepare_item(item_id, services().pipeline):
            send(READ_PAGES, item_id, page_range.first, page_range.last)

    @app.task(name=READ_PAGES, shared=False, **RETRY)
    def read_pages(item_id: int, first: int, last: int) -> None:
        if read_page_range(item_id, PageRange(first, last), services().pipeline):
            send(PERSIST_ITEM, item_id)

    @app.task(name=PERSIST_ITEM, shared=False, **RETRY)
    def persist(item_id: int) -> str:
        status = persist_item(item_id, services().pipeline)
        send(DRAIN_INDEX)
        return str(status)

    @app.task(name=DRAIN_INDEX, shared=False, **RETRY)
    def drain_index() -> int:
        built = services()
        return drain_all(built.sessions, built.index)

    @app.task(name=RETRAIN, shared=False, **RETRY)
    def retrain_classifier() -> int:
        """Retrain from what people confirmed, when that changed (the model is shared through
        object storage, so every worker picks it up at its next document)."""
        built = services()
        report = retrain_if_changed(built.sessions, built.blobs)
        return 0 if report is None else report.examples

    @app.task(name=MONTHLY_REPORTS, shared=False, **RETRY)
    def monthly_reports() -> int:
        """File last month's reports into the reports dossier, then read them like any
        received file (a retry files nothing twice: the same month gives the same bytes)."""
        item_ids = file_monthly_reports(services())
        for item_id in item_ids:
            send(INGEST_ITEM, item_id)
        return len(item_ids)

    log.debug("registered %s", [ingest_item, read_pages, persist, drain_index,
                                retrain_classifier, monthly_reports])


def submit_items(app: Celery, item_ids: Iterable[int]) -> None:
    """Queue one task per received file (in eager mode this runs them right away)."""
    for item_id in item_ids:
        app.tasks[INGEST_ITEM].apply_async(args=[item_id], queue="ingest")

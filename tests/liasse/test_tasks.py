"""The Celery wiring: queues per concern, the periodic schedule, eager runs of the tasks."""

from __future__ import annotations

from liasse.settings import Settings
from liasse.tasks import DRAIN_INDEX, RETRAIN, ROUTES, make_celery, register_tasks
from liasse.wiring import Services


def test_tasks_are_routed_per_concern_and_scheduled(services: Services) -> None:
    """GIVEN the app WHEN built THEN reading pages goes to the ocr queue, index writes to the
    index queue, and the scheduler drains the outbox and retrains the classifier periodically."""
    app = make_celery(Settings(retrain_hours=6, outbox_drain_seconds=15))
    assert ROUTES["liasse.read_pages"] == "ocr" and ROUTES[DRAIN_INDEX] == "index"
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule == {DRAIN_INDEX: 15, RETRAIN: 6 * 3600}
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_retraining_without_confirmations_does_nothing(services: Services) -> None:
    """GIVEN no document confirmed by a person WHEN the periodic retraining runs
    THEN no model is trained (0 examples) and none is stored."""
    app = make_celery(services.settings, eager=True)
    register_tasks(app, lambda: services)
    assert app.tasks[RETRAIN].apply().get() == 0
    assert list(services.blobs.keys("derived/models/")) == []

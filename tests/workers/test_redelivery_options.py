"""How soon a task held by a dead worker is looked for, from the visibility timeout."""

from __future__ import annotations

from liasse.settings import Settings
from liasse.tasks import make_celery, redelivery_options


def test_short_visibility_timeouts_are_swept_often_and_the_default_keeps_kombus_pace() -> None:
    """GIVEN Redis transport options from the visibility timeout WHEN it is 10 s (the fault
    tests) THEN abandoned tasks are looked for every 2 s; WHEN it is the default hour THEN
    kombu's own pace (every 10 x 10 s) is kept; and the Redis app carries the options."""
    assert redelivery_options(10) == {"visibility_timeout": 10, "unacked_restore_interval": 2,
                                      "unacked_restore_throttle": 1}
    assert redelivery_options(3600) == {"visibility_timeout": 3600,
                                        "unacked_restore_interval": 10,
                                        "unacked_restore_throttle": 10}
    app = make_celery(Settings(broker_url="redis://127.0.0.1:6379/0",
                               broker_visibility_timeout=60))
    assert app.conf.broker_transport_options["unacked_restore_interval"] == 10
    assert app.conf.broker_transport_options["unacked_restore_throttle"] == 1

"""Failed sign-ins are limited per user name and per client address, in this process.

In-process is enough for one API process (the embedded and single-host setups). With a Redis
broker, ``liasse.app`` uses ``RedisSignInLimiter`` instead, the same rule with the counts in
Redis, so that several API processes share them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from core import TooManyRequests

_MAX_KEYS = 100_000  # forget the oldest counters beyond this (a flood of invented names)


class SignInLimiter:
    """At most ``per_user`` failures per user name and ``per_address`` per client address
    within ``window_seconds``; past that, sign-in is refused until the oldest failure ages out
    (even with the right password, so guessing cannot go on)."""

    def __init__(self, *, per_user: int = 5, per_address: int = 20,
                 window_seconds: float = 900.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_user, self.per_address = per_user, per_address
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, *, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            for key, limit in ((f"u:{username.lower()}", self.per_user),
                               (f"a:{address}", self.per_address)):
                failures = self._recent(key, now)
                if len(failures) >= limit:
                    wait = max(1, math.ceil(failures[0] + self.window - now))
                    raise TooManyRequests(
                        f"too many failed sign-ins; try again in {wait} seconds",
                        retry_after=wait)

    def failed(self, *, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > _MAX_KEYS:
                for key in list(self._failures)[: _MAX_KEYS // 10]:
                    del self._failures[key]
            for key in (f"u:{username.lower()}", f"a:{address}"):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username.lower()}", None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

"""Failed sign-ins counted in Redis, so that every API process sharing the broker counts the
same failures: two hosts allow the quota once between them, not once each.

Each key (``liasse:signin:u:<name>``, ``liasse:signin:a:<address>``) is a sorted set of failure
times (wall clock, seconds), trimmed to the window on every check and expiring with it. A
Redis failure is a ``BackendUnavailable`` (HTTP 503): sign-in is refused rather than left
unlimited.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable

import redis

from core import BackendUnavailable, TooManyRequests

_PREFIX = "liasse:signin:"


class RedisSignInLimiter:
    """``SignInLimiter``'s rule (at most ``per_user`` failures per name and ``per_address``
    per client address within ``window_seconds``), with the counts kept in Redis."""

    def __init__(self, client: redis.Redis, *, per_user: int = 5, per_address: int = 20,
                 window_seconds: float = 900.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.per_user, self.per_address = per_user, per_address
        self.window = window_seconds
        self._client, self._clock = client, clock

    @classmethod
    def from_url(cls, url: str, *, per_user: int = 5, per_address: int = 20,
                 window_seconds: float = 900.0) -> RedisSignInLimiter:
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        return cls(client, per_user=per_user, per_address=per_address,
                   window_seconds=window_seconds)

    def check(self, *, username: str, address: str) -> None:
        now = self._clock()
        keys = ((_key("u", username.lower()), self.per_user),
                (_key("a", address), self.per_address))
        with self._translated():
            pipe = self._client.pipeline()
            for key, _ in keys:
                pipe.zremrangebyscore(key, "-inf", now - self.window)
                pipe.zrange(key, 0, 0, withscores=True)
                pipe.zcard(key)
            answers = pipe.execute()
        for position, (_, limit) in enumerate(keys):
            oldest, count = answers[3 * position + 1], int(answers[3 * position + 2])
            if count >= limit:
                wait = max(1, math.ceil(float(oldest[0][1]) + self.window - now)) if oldest \
                    else 1
                raise TooManyRequests(f"too many failed sign-ins; try again in {wait} seconds",
                                      retry_after=wait)

    def failed(self, *, username: str, address: str) -> None:
        now = self._clock()
        with self._translated():
            pipe = self._client.pipeline()
            for key in (_key("u", username.lower()), _key("a", address)):
                pipe.zadd(key, {f"{now}:{uuid.uuid4().hex[:8]}": now})
                pipe.expire(key, math.ceil(self.window) + 1)
            pipe.execute()

    def succeeded(self, *, username: str) -> None:
        with self._translated():
            self._client.delete(_key("u", username.lower()))

    def _translated(self) -> _RedisErrors:
        return _RedisErrors()


def _key(kind: str, value: str) -> str:
    return f"{_PREFIX}{kind}:{value}"


class _RedisErrors:
    """Turns redis-py's errors into ``BackendUnavailable`` (retry later)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 _trace: object) -> None:
        if isinstance(error, redis.RedisError):
            raise BackendUnavailable(f"Redis (sign-in limiter): {error}") from error

"""The sign-in limiter in Redis, as several API hosts use it: each host has its own limiter
and its own connection, all on one real Redis database (claimed for this test session)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import redis

from api import RedisSignInLimiter, SignInLimiter
from core import BackendUnavailable, TooManyRequests
from tests.support.workers import RedisDatabase


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    database = RedisDatabase.claim()
    yield database.url
    database.release()


def host(url: str, now: list[float]) -> RedisSignInLimiter:
    return RedisSignInLimiter(redis.Redis.from_url(url), per_user=2, per_address=3,
                              window_seconds=60, clock=lambda: now[0])


def test_failures_on_two_hosts_count_together(redis_url: str) -> None:
    """GIVEN two API hosts' limiters (2 failures per name, 3 per address, in 60 s) on one Redis
    WHEN "ana" fails once on each host THEN both hosts refuse her, saying when to come back;
    an address's failures add up across hosts too; after the window both hear her again."""
    now = [1_000_000.0]
    first, second = host(redis_url, now), host(redis_url, now)
    first.failed(username="ana", address="10.0.0.1")
    second.failed(username="ANA", address="10.0.0.2")

    for limiter in (first, second):
        with pytest.raises(TooManyRequests) as refused:
            limiter.check(username="ana", address="10.0.0.9")
        assert refused.value.retry_after == 60
    for limiter in (first, second, first):
        limiter.failed(username="bob", address="10.0.0.7")
    with pytest.raises(TooManyRequests):
        second.check(username="carl", address="10.0.0.7")

    now[0] += 61
    first.check(username="ana", address="10.0.0.7")
    second.check(username="ana", address="10.0.0.7")


def test_a_success_clears_the_name_on_every_host(redis_url: str) -> None:
    """GIVEN one failure for "dora" on one host WHEN she signs in on the other
    THEN her count is cleared for both (two more failures are needed to block her)."""
    now = [2_000_000.0]
    first, second = host(redis_url, now), host(redis_url, now)
    first.failed(username="dora", address="10.1.0.1")
    second.succeeded(username="dora")
    first.failed(username="dora", address="10.1.0.2")

    second.check(username="dora", address="10.1.0.3")


def test_redis_down_refuses_sign_in_as_unavailable() -> None:
    """GIVEN a Redis URL where nothing listens WHEN checking a sign-in
    THEN a BackendUnavailable (retry later), never an unlimited sign-in."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        limiter = RedisSignInLimiter.from_url(f"redis://127.0.0.1:{sock.getsockname()[1]}/0")
        with pytest.raises(BackendUnavailable, match="sign-in limiter"):
            limiter.check(username="ana", address="10.0.0.1")


def test_the_limiter_moves_to_redis_with_a_redis_broker(redis_url: str) -> None:
    """GIVEN the settings with and without a Redis broker WHEN the API's sign-in settings are
    built THEN the limiter lives in Redis with the broker, in the process without."""
    from liasse.app import sign_in_limiter
    from liasse.settings import Settings

    assert isinstance(sign_in_limiter(Settings(broker_url=redis_url)), RedisSignInLimiter)
    assert isinstance(sign_in_limiter(Settings(broker_url=None)), SignInLimiter)

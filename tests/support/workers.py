"""Real Liasse processes on the production backends, for the worker tests and the benchmark.

- ``RedisDatabase``: one numbered Redis database claimed for a test session, the only one it
  ever flushes, so sessions sharing a Redis server never share a broker.
- ``scratch_database``: a fresh, migrated PostgreSQL database, dropped afterwards.
- ``Backends``: all a host needs (catalog URL, broker URL, S3 endpoint; no shared disk), as the
  environment of a subprocess or as ``Settings`` for this process.
- ``LiasseProcess``: ``liasse worker`` or ``liasse serve`` as a subprocess with a home (work
  folder) of its own, in its own process group, logging to a file; stopped or killed -9.
- ``wait_for``: polls a condition until a deadline, failing at once when a watched process dies.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import redis
from minio import Minio
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import make_engine, upgrade
from liasse.settings import Settings
from storage import NAMESPACES
from tests.support.seaweed import S3Endpoint

T = TypeVar("T")

POSTGRES_ADMIN_URL = os.environ.get("LIASSE_TEST_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_SERVER_URL = os.environ.get("LIASSE_TEST_REDIS_URL", "redis://127.0.0.1:6379")
_CLAIM_KEY = "liasse-test-session"
_CLAIM_SECONDS = 6 * 3600


def wait_for(condition: Callable[[], T | None], *, timeout: float, what: str,
             watch: Sequence[LiasseProcess] = (), interval: float = 0.1) -> T:
    """``condition()``'s first truthy value, polled every ``interval`` s for at most
    ``timeout`` s. A watched process that exits meanwhile fails the wait at once, with its log."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        for process in watch:
            if process.exited:
                raise AssertionError(f"{process.name} exited while waiting for {what}:\n"
                                     f"{process.log_tail()}")
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}:\n{p.log_tail()}" for p in watch)
            raise TimeoutError(f"{what}: not within {timeout} s\n{logs}")
        _pause(interval, watch)


def _pause(seconds: float, watch: Sequence[LiasseProcess]) -> None:
    """Wait between two polls: on a watched process (so its exit is noticed at once)."""
    if watch:
        watch[0].wait(seconds)
    else:
        threading.Event().wait(seconds)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# -- Redis and PostgreSQL --------------------------------------------------------------------


class RedisDatabase:
    """A numbered database of a Redis server, claimed by a key only this session holds."""

    def __init__(self, server_url: str, number: int, token: str) -> None:
        self.url = f"{server_url.rstrip('/')}/{number}"
        self.number, self._token = number, token
        self.client = redis.Redis.from_url(self.url)

    @classmethod
    def claim(cls, server_url: str = REDIS_SERVER_URL) -> RedisDatabase:
        """An empty database (1..15, in random order) that no other session has claimed."""
        token = uuid.uuid4().hex
        for number in random.sample(range(1, 16), 15):
            client = redis.Redis.from_url(f"{server_url.rstrip('/')}/{number}")
            with contextlib.closing(client):
                if not client.set(_CLAIM_KEY, token, nx=True, ex=_CLAIM_SECONDS):
                    continue
                if client.dbsize() == 1:
                    return cls(server_url, number, token)
                client.delete(_CLAIM_KEY)  # someone else's data lives there: leave it alone
        raise RuntimeError(f"no free Redis database on {server_url}")

    def flush(self) -> None:
        """Empty this database (and only this one), keeping the claim."""
        self.client.flushdb()
        self.client.set(_CLAIM_KEY, self._token, ex=_CLAIM_SECONDS)

    def release(self) -> None:
        if self.client.get(_CLAIM_KEY) == self._token.encode():
            self.client.flushdb()
        self.client.close()

    def queue_length(self, queue: str) -> int:
        return int(self.client.llen(queue))


@contextlib.contextmanager
def scratch_database(admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[str]:
    """A fresh PostgreSQL database with Liasse's schema, dropped (even if in use) afterwards."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"liasse_workers_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        upgrade(engine)  # before any worker starts: workers must not race to create tables
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# -- what a host is given --------------------------------------------------------------------


@dataclass(frozen=True)
class Backends:
    """The shared services of an installation. ``index_dir`` stands in for OpenSearch: the one
    folder the embedded search index of every host lives in (see README)."""

    database_url: str
    broker_url: str
    s3: S3Endpoint
    bucket_prefix: str
    index_dir: Path

    def environment(self, home: Path, **settings: object) -> dict[str, str]:
        """The environment of a host process: this one's, less any ``LIASSE_*``, plus these."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIASSE_")}
        env.update(LIASSE_HOME=str(home), LIASSE_DATABASE_URL=self.database_url,
                   LIASSE_BROKER_URL=self.broker_url, LIASSE_S3_ENDPOINT=self.s3.endpoint,
                   LIASSE_S3_ACCESS_KEY=self.s3.access_key,
                   LIASSE_S3_SECRET_KEY=self.s3.secret_key,
                   LIASSE_S3_SECURE=str(self.s3.secure).lower(),
                   LIASSE_S3_BUCKET_PREFIX=self.bucket_prefix,
                   LIASSE_INDEX_DIR=str(self.index_dir), OMP_THREAD_LIMIT="1")
        env.update({f"LIASSE_{name.upper()}": str(value) for name, value in settings.items()})
        return env

    def settings(self, home: Path) -> Settings:
        return Settings(home=home, database_url=self.database_url, broker_url=self.broker_url,
                        s3_endpoint=self.s3.endpoint, s3_access_key=self.s3.access_key,
                        s3_secret_key=self.s3.secret_key, s3_secure=self.s3.secure,
                        s3_bucket_prefix=self.bucket_prefix, index_dir=self.index_dir)

    @property
    def buckets(self) -> list[str]:
        return [f"{self.bucket_prefix}-{namespace}" for namespace in NAMESPACES]

    def stored_sha256(self, client: Minio, key: str) -> str | None:
        """SHA-256 of the object under ``key`` read straight from the S3 server (not through
        Liasse's store), or None when there is no such object."""
        namespace, _, name = key.partition("/")
        try:
            response = client.get_object(f"{self.bucket_prefix}-{namespace}", name)
        except Exception:  # minio's S3Error for a missing object; anything else fails later
            return None
        try:
            return hashlib.sha256(response.read()).hexdigest()
        finally:
            response.close()
            response.release_conn()


def embedded_environment(home: Path) -> dict[str, str]:
    """The environment of a process on the embedded defaults: no ``LIASSE_*`` but the home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIASSE_")}
    env["LIASSE_HOME"] = str(home)
    return env


# -- processes -------------------------------------------------------------------------------


class LiasseProcess:
    """``python -m liasse ARGS`` in ``home`` (its working folder), logging to ``home/NAME.log``."""

    def __init__(self, name: str, args: Sequence[str], *, home: Path,
                 env: Mapping[str, str]) -> None:
        self.name, self.args, self.home, self.env = name, list(args), home, dict(env)
        self.log_path = home / f"{name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> LiasseProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "liasse", *self.args], cwd=self.home, env=self.env,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)  # its own group: OCR children go with it
        return self

    @property
    def exited(self) -> bool:
        return self._process is not None and self._process.poll() is not None

    def wait(self, seconds: float) -> None:
        """Wait at most ``seconds`` for the process to exit."""
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=seconds)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def kill(self) -> None:
        """kill -9 the process and everything it started: a host lost mid-task."""
        if self._process is not None:
            self._signal_group(signal.SIGKILL)
            self._process.wait(timeout=10)

    def terminate(self) -> None:
        """Ask the process to stop (SIGTERM: a worker finishes its task first)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, then after ``timeout`` s SIGKILL; children left behind are killed too."""
        if self._process is None:
            return
        self.terminate()
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self._process.wait(timeout=10)
        self._signal_group(signal.SIGKILL)

    def _signal_group(self, sig: signal.Signals) -> None:
        assert self._process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, sig)  # the group this process leads (by its id)


def stop_all(processes: Iterable[LiasseProcess], timeout: float = 20.0) -> None:
    """Stop several processes at once: all are asked first, then each is waited for."""
    processes = list(processes)
    for process in processes:
        process.terminate()
    for process in processes:
        process.stop(timeout)


def worker_process(name: str, backends: Backends, home: Path, **settings: object,
                   ) -> LiasseProcess:
    """``liasse worker --concurrency 1`` (solo pool) on ``backends`` with its own home."""
    return LiasseProcess(name, ["worker", "--concurrency", "1", "--name", f"{name}@%h"],
                         home=home, env=backends.environment(home, **settings))


def wait_worker_ready(worker: LiasseProcess, timeout: float = 60.0) -> None:
    """Until the worker says it consumes from the broker (Celery's "... ready." line)."""
    wait_for(lambda: f"{worker.name}@" in worker.log_text() and " ready." in worker.log_text(),
             timeout=timeout, what=f"worker {worker.name} ready", watch=[worker])


def tasks_succeeded(worker: LiasseProcess, task: str) -> int:
    """How many ``task`` runs the worker's log reports as succeeded."""
    return sum(1 for line in worker.log_text().splitlines()
               if f"Task {task}[" in line and " succeeded in " in line)


def tasks_unfinished(worker: LiasseProcess, task: str) -> list[str]:
    """Ids of the ``task`` runs the worker's log shows received but never finished."""
    received, finished = [], set()
    for line in worker.log_text().splitlines():
        if f"Task {task}[" in line:
            task_id = line.split(f"Task {task}[", 1)[1].split("]", 1)[0]
            if line.rstrip().endswith("received"):
                received.append(task_id)
            else:
                finished.add(task_id)
    return [task_id for task_id in received if task_id not in finished]


def wait_http_ready(server: LiasseProcess, url: str, timeout: float = 60.0) -> None:
    """Until ``GET url`` answers 200."""

    def answers() -> bool:
        try:
            return httpx.get(url, timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(answers, timeout=timeout, what=f"{server.name} answering {url}", watch=[server])

"""Run page jobs in parallel worker processes and hand back pages as they finish.

Each worker is a plain ``python -m ocr._worker`` subprocess (works inside daemonic processes
such as Celery prefork children), fed one job at a time by a thread of the parent. Workers
open and render their own pages, so only small jobs and page texts cross process borders.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from core import LiasseError, OcrFailure, PageText
from ocr._pages import PageJob
from ocr._worker import read_frame, write_frame

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_STDERR_TAIL = 2000
# A worker with no job left holds nothing worth saving: it is killed if it has not exited
# this soon after its input closes (tearing down its libraries takes longer than that).
_EXIT_GRACE = 0.2
Outcome = tuple[bool, object]


def run_in_workers(
    jobs: Sequence[PageJob],
    workers: int,
    on_done: Callable[[PageText], None],
    stall_timeout: float,
) -> None:
    """Read every job's page in ``workers`` processes, calling ``on_done`` (in this thread)
    as each page finishes. The first failure stops all workers and is raised."""
    todo: queue.Queue[PageJob] = queue.Queue()
    for job in jobs:
        todo.put(job)
    done: queue.Queue[Outcome] = queue.Queue()
    stop = threading.Event()
    pool: list[_WorkerProcess] = []
    finished = False
    try:
        for _ in range(min(workers, len(jobs))):
            pool.append(_WorkerProcess(todo, done, stop))
        for _ in jobs:
            try:
                ok, value = done.get(timeout=stall_timeout)
            except queue.Empty:
                raise OcrFailure(
                    f"no page finished within {stall_timeout:g} s; the OCR workers were stopped"
                ) from None
            if not ok:
                raise value if isinstance(value, LiasseError) else OcrFailure(str(value))
            on_done(value)  # type: ignore[arg-type]
        finished = True
    finally:
        stop.set()
        for worker in pool:
            worker.close_input(kill=not finished)
        deadline = time.monotonic() + _EXIT_GRACE
        for worker in pool:
            worker.reap(deadline)


def _worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


class _WorkerProcess:
    """One worker subprocess and the parent thread that feeds it."""

    def __init__(self, todo: queue.Queue[PageJob], done: queue.Queue[Outcome],
                 stop: threading.Event) -> None:
        self._todo, self._done, self._stop = todo, done, stop
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in reap)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "ocr._worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                env=_worker_environment(),
            )
        except OSError as exc:
            self._stderr.close()
            raise OcrFailure(f"cannot start an OCR worker process: {exc}") from exc
        self._thread = threading.Thread(target=self._serve, name="ocr-worker-feeder", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            write_frame(self._process.stdin, pickle.dumps(list(sys.path)))
        except OSError as exc:
            self._report_death(None, exc)
            return
        while not self._stop.is_set():
            try:
                job = self._todo.get_nowait()
            except queue.Empty:
                return
            try:
                frame = pickle.dumps(job)
            except Exception as exc:
                self._done.put((False, OcrFailure(
                    f"the OCR engine cannot be sent to a worker process: {exc}")))
                return
            try:
                write_frame(self._process.stdin, frame)
                outcome = pickle.loads(read_frame(self._process.stdout))
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                self._report_death(job, exc)
                return
            self._done.put(outcome)

    def _report_death(self, job: PageJob | None, exc: BaseException) -> None:
        if self._stop.is_set():
            return
        code = self._process.wait()
        where = f" while reading page {job.number} of {Path(job.path).name}" if job else ""
        self._done.put((False, OcrFailure(
            f"an OCR worker process stopped (exit code {code}){where}: {exc}. "
            f"Its last output: {self._stderr_tail() or '(none)'}"
        )))

    def _stderr_tail(self) -> str:
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - _STDERR_TAIL))
        return self._stderr.read().decode("utf-8", "replace").strip()

    def close_input(self, *, kill: bool) -> None:
        """Close the worker's input so it exits; kill it at once after a failure (it may be
        busy on a page nobody waits for)."""
        if kill:
            self._process.kill()
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()

    def reap(self, deadline: float) -> None:
        """Wait for the worker to exit until ``deadline`` (monotonic), then kill it."""
        try:
            self._process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._thread.join(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._stderr.close()

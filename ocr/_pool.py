"""One pool of OCR worker processes per host process, shared by every file being read.

Each worker is a plain ``python -m ocr._worker`` subprocess (works inside daemonic processes
such as Celery prefork children), started once and kept: its OCR engine stays loaded
between pages and between files. A thread of this process feeds each worker one page job at
a time from ONE queue that every caller (every file in flight) puts its pages in, so no
worker idles while a file finishes. Workers open and render their own pages: only small jobs
and page texts cross process borders. A worker that dies is replaced; one stuck on a page
nobody waits for any more is killed and replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from core import LiasseError, OcrFailure, PageText
from ocr._pages import PageJob
from ocr._worker import read_frame, write_frame

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_STDERR_TAIL = 2000
Outcome = tuple[bool, object]


class _Call:
    """One caller's pages in the shared queue: where its answers go, and whether it still
    wants them."""

    def __init__(self, prepare: Callable[[PageJob], PageJob],
                 learn: Callable[[PageText], None]) -> None:
        self.prepare, self.learn = prepare, learn
        self.done: queue.Queue[Outcome] = queue.Queue()
        self.cancelled = threading.Event()


_Task = tuple[_Call, PageJob]


def run_in_workers(
    jobs: Sequence[PageJob],
    workers: int,
    on_done: Callable[[PageText], None],
    stall_timeout: float,
    prepare: Callable[[PageJob], PageJob] = lambda job: job,
    learn: Callable[[PageText], None] = lambda page: None,
) -> None:
    """Read every job's page in this process's shared pool (grown to ``workers`` processes
    if smaller), calling ``on_done`` (in this thread) as each page finishes. ``prepare``
    completes a job as it is handed to a worker with what the pages finished so far tell
    (e.g. their language), which ``learn`` is given as each page comes back, in the feeding
    thread, before its worker takes the next job. The first failure stops this call's pages
    and is raised; other callers' pages go on."""
    _shared_pool(workers).run(jobs, on_done, stall_timeout, _Call(prepare, learn))


class OcrPool:
    """Worker processes fed from one queue of ``(call, job)`` tasks."""

    def __init__(self) -> None:
        self._todo: queue.Queue[_Task | None] = queue.Queue()
        self._workers: list[_WorkerProcess] = []
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return len(self._workers)

    def grow(self, size: int) -> None:
        with self._lock:
            while len(self._workers) < size:
                self._workers.append(_WorkerProcess(self._todo))

    def run(self, jobs: Sequence[PageJob], on_done: Callable[[PageText], None],
            stall_timeout: float, call: _Call) -> None:
        for job in jobs:
            self._todo.put((call, job))
        try:
            for _ in jobs:
                try:
                    ok, value = call.done.get(timeout=stall_timeout)
                except queue.Empty:
                    raise OcrFailure(f"no page finished within {stall_timeout:g} s; the OCR "
                                     "workers on this file were stopped") from None
                if not ok:
                    raise value if isinstance(value, LiasseError) else OcrFailure(str(value))
                on_done(value)  # type: ignore[arg-type]
        finally:
            call.cancelled.set()
            for worker in self._workers:
                worker.stop_if_busy_on(call)

    def close(self) -> None:
        """Let every worker finish its page and exit (at interpreter exit)."""
        for _ in self._workers:
            self._todo.put(None)
        for worker in self._workers:
            worker.close()
        self._workers.clear()


_POOL: tuple[int, OcrPool] | None = None
_POOL_LOCK = threading.Lock()


def _shared_pool(size: int) -> OcrPool:
    """This process's pool (a forked child, e.g. a Celery prefork worker, starts its own)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():
            _POOL = (os.getpid(), OcrPool())
            atexit.register(_POOL[1].close)
        pool = _POOL[1]
    pool.grow(size)
    return pool


def _worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


class _WorkerProcess:
    """One worker subprocess and the thread that feeds it, replacing the process when it
    dies or is stopped."""

    def __init__(self, todo: queue.Queue[_Task | None]) -> None:
        self._todo = todo
        self._busy: _Call | None = None
        self._busy_lock = threading.Lock()
        self._stopped = False  # this process killed the worker (see stop_if_busy_on)
        self._closing = False
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close)
        self._process = self._start()
        self._thread = threading.Thread(target=self._serve, name="ocr-worker-feeder", daemon=True)
        self._thread.start()

    def _start(self) -> subprocess.Popen[bytes]:
        self._stderr.seek(0)
        self._stderr.truncate()
        self._stopped = False
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "ocr._worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._stderr, env=_worker_environment())
        except OSError as exc:
            raise OcrFailure(f"cannot start an OCR worker process: {exc}") from exc
        assert process.stdin is not None
        write_frame(process.stdin, pickle.dumps(list(sys.path)))
        return process

    def _serve(self) -> None:
        while (task := self._todo.get()) is not None:
            call, job = task
            if call.cancelled.is_set():
                continue
            with self._busy_lock:
                self._busy = call
            try:
                outcome = self._read(call, job)
            finally:
                with self._busy_lock:
                    self._busy = None
            if outcome is not None:
                if outcome[0] and isinstance(outcome[1], PageText):
                    call.learn(outcome[1])
                call.done.put(outcome)

    def _read(self, call: _Call, job: PageJob) -> Outcome | None:
        """The worker's answer for ``job``; a dead worker is reported (to a caller still
        waiting) and replaced. ``None`` when nobody waits for the answer any more. A worker
        this process killed for another caller just as it took ``job`` reads it again."""
        try:
            frame = pickle.dumps(call.prepare(job))
        except Exception as exc:
            return False, OcrFailure(f"the OCR engine cannot be sent to a worker process: {exc}")
        for _ in range(2):
            process = self._process
            assert process.stdin is not None and process.stdout is not None
            try:
                write_frame(process.stdin, frame)
                outcome: Outcome = pickle.loads(read_frame(process.stdout))
                return outcome
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                death, ours = self._death(job, exc), self._stopped
            if self._closing:
                return None
            try:
                self._process = self._start()
            except (OcrFailure, OSError) as exc:
                return False, OcrFailure(f"an OCR worker process stopped and cannot be "
                                         f"restarted: {exc}")
            if call.cancelled.is_set():
                return None
            if not ours:
                return False, death
        return False, death

    def _death(self, job: PageJob, exc: BaseException) -> OcrFailure:
        code = self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        return OcrFailure(
            f"an OCR worker process stopped (exit code {code}) while reading page "
            f"{job.number} of {Path(job.path).name}: {exc}. "
            f"Its last output: {self._stderr_tail() or '(none)'}")

    def _stderr_tail(self) -> str:
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - _STDERR_TAIL))
        return self._stderr.read().decode("utf-8", "replace").strip()

    def stop_if_busy_on(self, call: _Call) -> None:
        """Kill the worker if it is reading a page of ``call`` (whose caller has stopped
        waiting); its thread replaces it."""
        with self._busy_lock:
            if self._busy is call:
                self._stopped = True
                self._process.kill()

    def close(self) -> None:
        self._closing = True
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._stderr.close()

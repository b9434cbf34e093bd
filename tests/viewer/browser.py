"""A real server and a real browser for the viewer's browser tests: uvicorn on a free loopback
port, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def require_chromium() -> None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium "
                    "(scripts/setup installs it with LIASSE_SETUP_TEST_SERVICES=1)")


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 until the block ends. The socket listens before the server
    thread starts, so the first request simply waits in the backlog: no polling, no sleep."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium, for a module that opens many contexts (one launch, not one per
    page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(base_url: str, *, width: int = 1360, height: int = 900,
                  locale: str = "fr-CH") -> Iterator[Any]:
    """A fresh browser context (its own profile and cookies) and one page in it."""
    with chromium() as browser:
        context = browser.new_context(base_url=base_url, locale=locale,
                                      viewport={"width": width, "height": height},
                                      accept_downloads=True)
        yield context.new_page()
        context.close()

"""``liasse serve`` without production settings still runs on the embedded defaults."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.workers import (
    LiasseProcess,
    embedded_environment,
    free_port,
    wait_for,
    wait_http_ready,
)


@pytest.mark.slow
def test_serve_without_backend_settings_runs_on_the_embedded_defaults(tmp_path: Path) -> None:
    """GIVEN no LIASSE_DATABASE_URL, LIASSE_BROKER_URL nor LIASSE_S3_* in the environment
    WHEN ``liasse serve`` starts (API and its worker)
    THEN /health answers, the catalog is an SQLite file in the home, its worker consumes from
    the filesystem queue under the home, and it stops on SIGTERM."""
    home, port = tmp_path / "home", free_port()
    server = LiasseProcess("serve", ["serve", "--host", "127.0.0.1", "--port", str(port)],
                           home=home, env=embedded_environment(home)).start()
    try:
        wait_http_ready(server, f"http://127.0.0.1:{port}/health")
        assert httpx.get(f"http://127.0.0.1:{port}/health").json() == {"status": "ok"}
        assert (home / "catalog.sqlite3").is_file()
        wait_for(lambda: " ready." in server.log_text(), timeout=60,
                 what="the embedded worker ready", watch=[server])
        assert "filesystem://" in server.log_text()
        assert (home / "broker" / "queue").is_dir()
    finally:
        server.stop()
    assert server.exited

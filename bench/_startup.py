"""How long the command line takes to start: ``liasse --help`` and ``liasse search WORD``
against ``python -c pass`` (best of three, wall clock)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def _best(command: list[str], env: dict[str, str] | None = None, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def startup_lines(home: Path | None = None) -> list[str]:
    import os

    liasse = str(Path(sys.executable).parent / "liasse")
    env = dict(os.environ, **({"LIASSE_HOME": str(home)} if home else {}))
    bare = _best([sys.executable, "-c", "pass"])
    helped = _best([liasse, "--help"], env)
    searched = _best([liasse, "search", "loyer"], env)
    return [f"start-up: python -c pass {bare:.2f} s; liasse --help {helped:.2f} s; "
            f"liasse search loyer {searched:.2f} s (best of 3)"]

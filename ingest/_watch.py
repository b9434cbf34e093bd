"""Hot folder: files dropped by a network scanner are ingested once they stop growing.

Works by polling (inotify never fires on SMB/NFS mounts). A file is taken when its size and
modification time have not changed for ``settle_seconds``. After ingestion it is moved to
``done/`` or ``failed/`` (with ``<name>.reason.txt`` saying why); its bytes are already stored
in Liasse by then, so moving it loses nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DONE, FAILED = "done", "failed"


@dataclass(frozen=True, slots=True)
class DropOutcome:
    ok: bool
    message: str


@dataclass
class HotFolder:
    root: Path
    settle_seconds: float = 5.0
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for sub in (DONE, FAILED):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    @property
    def waiting(self) -> bool:
        """Whether files were seen that have not settled and been filed away yet."""
        return bool(self._seen)

    def ready(self, now: float) -> list[Path]:
        """Files that have not changed for ``settle_seconds`` as of ``now`` (seconds)."""
        ready = []
        present = set()
        for path in self._candidates():
            present.add(path)
            stat = path.stat()
            signature = (stat.st_size, stat.st_mtime_ns)
            previous = self._seen.get(path)
            if previous is None or previous[:2] != signature:
                self._seen[path] = (*signature, now)
            elif stat.st_size > 0 and now - previous[2] >= self.settle_seconds:
                ready.append(path)
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return sorted(ready)

    def _candidates(self) -> Iterator[Path]:
        for path in self.root.iterdir():
            if path.is_file() and not path.name.startswith((".", "~")) \
                    and not path.name.endswith((".part", ".tmp", ".reason.txt")):
                yield path

    def file_away(self, path: Path, outcome: DropOutcome) -> Path:
        """Move a processed file to done/ or failed/ (never overwriting an earlier one)."""
        folder = self.root / (DONE if outcome.ok else FAILED)
        target = _free_name(folder / path.name)
        shutil.move(str(path), target)
        self._seen.pop(path, None)
        reason = target.with_name(target.name + ".reason.txt")
        reason.write_text(outcome.message + "\n", encoding="utf-8")
        return target


def _free_name(target: Path) -> Path:
    candidate, n = target, 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return candidate


def process_ready(folder: HotFolder, now: float,
                  ingest: Callable[[Path], DropOutcome]) -> list[Path]:
    """Ingest every ready file and file it away; returns where each one went."""
    moved = []
    for path in folder.ready(now):
        moved.append(folder.file_away(path, ingest(path)))
    return moved

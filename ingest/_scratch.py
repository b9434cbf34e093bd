"""Work folders: each stage copies the original into ``work_dir/item-ID-XXXX`` and removes it
when done. A worker killed mid-stage leaves its folder behind; the next stage run anywhere
sweeps the folders of items that have finished since (an item still running may be another
worker's, so its folder is left alone)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import col, select

from core import SessionFactory
from core.catalog import BatchItem, ItemStatus

FINISHED = [s for s in ItemStatus if s.finished]


def sweep_finished(work_dir: Path, sessions: SessionFactory) -> list[Path]:
    """Remove the work folders of finished items; the folders removed."""
    leftovers: dict[int, list[Path]] = {}
    for entry in work_dir.glob("item-*-*"):
        number = entry.name.split("-")[1]
        if entry.is_dir() and number.isdigit() and int(number) <= 2**63 - 1:
            leftovers.setdefault(int(number), []).append(entry)
    if not leftovers:
        return []
    with sessions() as session:
        done = session.exec(select(BatchItem.id).where(
            col(BatchItem.id).in_(list(leftovers)), col(BatchItem.status).in_(FINISHED))).all()
    removed = [path for item_id in done if item_id is not None for path in leftovers[item_id]]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed

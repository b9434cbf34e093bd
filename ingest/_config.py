"""The slice of configuration the intake pipeline needs, handed in by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest._doubts import ReviewRules
from ingest._sniff import FileLimits
from ocr import PageAnalysis

DEFAULT_LANGUAGES = ("fra", "deu", "ita", "nld", "eng")


@dataclass(frozen=True, slots=True)
class IntakeConfig:
    """``range_pages``: a file of more pages is read in ranges of that many pages, each range
    a task of its own that any worker may take (None: one range, the embedded default).
    ``review``: when a stored document waits for a person (``ingest._doubts``).
    ``split_starts``: barcode value prefixes (e.g. "ASN") that start a new document on the
    page carrying them (``ingest._split``); none by default."""

    work_dir: Path
    ocr_languages: tuple[str, ...] = DEFAULT_LANGUAGES
    ocr_workers: int = 2
    ocr_dpi: int = 300
    limits: FileLimits = field(default_factory=FileLimits)
    analysis: PageAnalysis = field(default_factory=PageAnalysis)
    range_pages: int | None = None
    review: ReviewRules = field(default_factory=ReviewRules)
    split_starts: tuple[str, ...] = ()

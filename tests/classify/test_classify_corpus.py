"""The generated labelled corpus behind bench/bench_classify.py is what the issue asks for."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_corpus_has_200_documents_all_types_five_languages() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from _labelled_corpus import generate
    finally:
        sys.path.remove(str(BENCH))
    corpus = generate()
    assert len(corpus.documents) >= 200
    assert len({d.code for d in corpus.documents}) == 12
    assert {d.language for d in corpus.documents} == {"fr", "de", "it", "nl", "en"}
    assert corpus.split("train") and corpus.split("test")

"""Keyword scores as model features: what the taxonomy knows, handed to the learned model.

With few confirmed documents per type a text model mostly learns names and numbers; the
taxonomy's keywords carry over to wording it has never seen. The model learns how far to
trust them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin

from classify._keywords import keyword_scores
from classify._taxonomy import Taxonomy


class KeywordFeatures(TransformerMixin, BaseEstimator):
    """One column per document type: its keyword score on the text, scaled to about 0..1."""

    def __init__(self, taxonomy: dict[str, Any] | None = None) -> None:
        self.taxonomy = taxonomy

    def fit(self, texts: Iterable[str], labels: Any = None) -> KeywordFeatures:
        return self

    def _parsed(self) -> Taxonomy:
        cached: Taxonomy | None = getattr(self, "parsed_", None)
        if cached is None:
            cached = Taxonomy.from_dict(self.taxonomy) if self.taxonomy else Taxonomy.default()
            self.parsed_ = cached
        return cached

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        taxonomy = self._parsed()
        column = {code: i for i, code in enumerate(taxonomy.codes)}
        rows = []
        for text in texts:
            row = np.zeros(len(column))
            for score in keyword_scores(taxonomy, text):
                row[column[score.code]] = min(score.score, 12) / 6.0
            rows.append(row)
        return csr_matrix(np.vstack(rows)) if rows else csr_matrix((0, len(column)))

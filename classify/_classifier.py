"""``Classifier``: rules first, then a model learned from confirmed documents, else keywords.

The model is TF-IDF over accent-folded character n-grams (robust to OCR slips and to the
languages we serve without a stemmer each) and words, plus the taxonomy's keyword scores, with a
logistic regression on top; its probability is the prediction's confidence. When the model is
unsure (p < ``MODEL_SURE``) and the keywords name another type, the keywords win: with few
confirmed documents the model has seen little wording, the keywords were written for all of it.
It is retrained from scratch on every ``train``: it takes seconds, and it keeps corrections
simple (a person's correction is just another confirmed example).
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classify._keywords import keyword_prediction
from classify._rules import RuleHit, evaluate
from classify._taxonomy import FALLBACK_TYPE, Taxonomy
from classify._text import fold
from core import InvalidInput

if TYPE_CHECKING:  # scikit-learn takes seconds to import: only where a model is built or read
    from sklearn.pipeline import Pipeline

MODEL_FORMAT = 1
# Below this probability the model defers to the taxonomy's keywords when they name a type.
MODEL_SURE = 0.6


@dataclass(frozen=True, slots=True)
class TypePrediction:
    """The type of a document, how sure we are (0..1), and why."""

    code: str
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """A document's text and the type a person confirmed (or corrected) for it."""

    text: str
    code: str
    confirmed_by: str = ""


@dataclass(frozen=True, slots=True)
class TrainingReport:
    examples: int
    per_type: tuple[tuple[str, int], ...]
    reason: str


def _pipeline(taxonomy: Taxonomy) -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from classify._features import KeywordFeatures

    features = FeatureUnion([
        ("keywords", KeywordFeatures(taxonomy.to_dict())),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=fold,
                                  sublinear_tf=True, min_df=2, max_features=60000)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=fold,
                                  sublinear_tf=True, min_df=1)),
    ])
    model = LogisticRegression(C=20.0, max_iter=3000)
    return Pipeline([("features", features), ("model", model)])


class Classifier:
    """Types documents. Untrained it uses the taxonomy's rules and keywords only."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or Taxonomy.default()
        self._model: Any = None

    @property
    def is_trained(self) -> bool:
        return self._model is not None

    def train(self, examples: Iterable[TrainingExample]) -> TrainingReport:
        """Learn from confirmed documents (replacing any earlier model)."""
        rows = [e for e in examples if e.text.strip()]
        unknown = {e.code for e in rows} - set(self.taxonomy.codes)
        if unknown:
            raise InvalidInput(f"training: unknown document types {sorted(unknown)}")
        counts = Counter(e.code for e in rows)
        if len(counts) < 2:
            raise InvalidInput("training needs confirmed documents of at least two types")
        model = _pipeline(self.taxonomy)
        model.fit([e.text for e in rows], [e.code for e in rows])
        self._model = model
        per_type = tuple(sorted(counts.items()))
        return TrainingReport(len(rows), per_type,
                              f"trained on {len(rows)} documents of {len(counts)} types")

    def predict(self, text: str) -> TypePrediction:
        """Rules first; then the model if trained; else keywords from the taxonomy."""
        ruled = self._by_rules(text)
        if ruled is not None:
            return ruled
        if self._model is not None:
            return self._by_model(text)
        code, confidence, reason = keyword_prediction(self.taxonomy, text)
        return TypePrediction(code, confidence, reason)

    def tags(self, text: str) -> tuple[RuleHit, ...]:
        """The tag rules that match ``text``; each hit knows its tag (``hit.rule.value``)."""
        return evaluate(self.taxonomy.tag_rules(), text)

    def _by_rules(self, text: str) -> TypePrediction | None:
        hits = evaluate(self.taxonomy.type_rules(), text)
        if not hits or len({h.rule.value for h in hits}) > 1:
            return None
        best = max(hits, key=lambda h: h.rule.confidence)
        return TypePrediction(best.rule.value, best.rule.confidence, best.reason)

    def _by_model(self, text: str) -> TypePrediction:
        """The model's answer; when it is unsure, the taxonomy's keywords, if they name a type."""
        probabilities = self._model.predict_proba([text])[0]
        ranked = sorted(zip(self._model.classes_, probabilities, strict=True),
                        key=lambda pair: -pair[1])
        (code, p), (next_code, next_p) = ranked[0], ranked[1]
        reason = f"classifier p={p:.2f} (next {next_code} {next_p:.2f})"
        if p < MODEL_SURE:
            kw_code, kw_confidence, kw_reason = keyword_prediction(self.taxonomy, text)
            if kw_code != FALLBACK_TYPE and kw_code != code:
                return TypePrediction(kw_code, kw_confidence, f"{kw_reason}; {reason}, unsure")
        return TypePrediction(str(code), round(float(p), 3), reason)

    def save(self, path: Path) -> None:
        """Write the taxonomy and model to ``path`` (joblib: load only files Liasse wrote)."""
        import joblib

        joblib.dump({"format": MODEL_FORMAT, "taxonomy": self.taxonomy.to_dict(),
                     "model": self._model}, path)

    @classmethod
    def load(cls, path: Path) -> Classifier:
        """Read a classifier written by :meth:`save`."""
        import joblib

        import classify._features  # noqa: F401  (the pickled model refers to its classes)

        try:
            data = joblib.load(path)
        except (OSError, EOFError, ValueError, KeyError, pickle.UnpicklingError) as exc:
            raise InvalidInput(f"cannot read classifier model {path}: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise InvalidInput(f"{path} is not a Liasse classifier model (format {MODEL_FORMAT})")
        classifier = cls(Taxonomy.from_dict(data["taxonomy"]))
        classifier._model = data["model"]
        return classifier

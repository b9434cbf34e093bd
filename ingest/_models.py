"""The classifier model in the BlobStore, shared by every worker without a shared disk.

A trained model is stored once under ``derived/models/classifier/<UTC time>-<sha256>.joblib``;
the small object ``derived/models/classifier/current.json`` names the one in use. A process
loads a model once and keeps it; before each document it reads the pointer (a few bytes) and
loads the newer model when the pointer moved. Without a model, the taxonomy's rules and
keywords type documents. Models are joblib files: Liasse loads only what Liasse wrote.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classify import Classifier, Taxonomy
from core import InvalidInput, NotFound
from storage import BlobStore

log = logging.getLogger(__name__)

MODEL_PREFIX = "derived/models/classifier/"
POINTER_KEY = MODEL_PREFIX + "current.json"
KEEP_MODELS = 3

_lock = threading.Lock()
_loaded: dict[str, Classifier] = {}  # model key -> classifier; the process's last one only
_untrained: dict[str, Classifier] = {}


@dataclass(frozen=True, slots=True)
class ModelPointer:
    """Which model is in use, and what it was trained on."""

    key: str
    examples: int
    fingerprint: str
    trained_at: str

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "examples": self.examples, "fingerprint": self.fingerprint,
                "trained_at": self.trained_at}


def current_pointer(blobs: BlobStore) -> ModelPointer | None:
    """The model in use, or ``None`` when no model was ever trained (or the pointer is bad)."""
    try:
        data = json.loads(blobs.get(POINTER_KEY))
        return ModelPointer(str(data["key"]), int(data["examples"]), str(data["fingerprint"]),
                            str(data["trained_at"]))
    except NotFound:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        log.error("classifier pointer %s is unreadable (%s); using the taxonomy", POINTER_KEY, exc)
        return None


def current_classifier(blobs: BlobStore) -> Classifier:
    """The newest trained classifier, loaded once per process; untrained when there is none."""
    pointer = current_pointer(blobs)
    if pointer is None:
        return _default_classifier()
    with _lock:
        cached = _loaded.get(pointer.key)
        if cached is not None:
            return cached
        try:
            classifier = _load(blobs, pointer.key)
        except (NotFound, InvalidInput) as exc:
            log.error("classifier model %s cannot be loaded (%s); using the taxonomy",
                      pointer.key, exc)
            return _default_classifier()
        _loaded.clear()
        _loaded[pointer.key] = classifier
        return classifier


def save_classifier(blobs: BlobStore, classifier: Classifier, *, examples: int,
                    fingerprint: str) -> ModelPointer:
    """Store the model, then point to it (workers switch at their next document)."""
    with tempfile.TemporaryDirectory(prefix="liasse-model-") as folder:
        path = Path(folder) / "model.joblib"
        classifier.save(path)
        data = path.read_bytes()
    now = datetime.now(UTC)
    key = f"{MODEL_PREFIX}{now:%Y%m%dT%H%M%S%fZ}-{hashlib.sha256(data).hexdigest()}.joblib"
    blobs.put(key, data, content_type="application/octet-stream")
    pointer = ModelPointer(key, examples, fingerprint, now.isoformat())
    blobs.put(POINTER_KEY, json.dumps(pointer.as_json()).encode(),
              content_type="application/json")
    _prune(blobs, keep=pointer.key)
    return pointer


def _load(blobs: BlobStore, key: str) -> Classifier:
    with tempfile.TemporaryDirectory(prefix="liasse-model-") as folder:
        path = Path(folder) / "model.joblib"
        path.write_bytes(blobs.get(key))
        return Classifier.load(path)


def _default_classifier() -> Classifier:
    with _lock:
        if "default" not in _untrained:
            _untrained["default"] = Classifier(Taxonomy.default())
        return _untrained["default"]


def _prune(blobs: BlobStore, *, keep: str) -> None:
    """Keep the newest models (a worker may still be reading the previous one)."""
    models = sorted(k for k in blobs.keys(MODEL_PREFIX) if k.endswith(".joblib"))
    for key in models[:-KEEP_MODELS]:
        if key != keep:
            blobs.delete(key)

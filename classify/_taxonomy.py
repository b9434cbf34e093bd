"""The taxonomy: document types with multilingual labels and keywords, and the matching rules.

Plain data in, frozen records out: ``Taxonomy.from_dict`` / ``from_json`` read a service's own
configuration; ``Taxonomy.default()`` is Liasse's twelve types.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classify._default_taxonomy import DEFAULT_TAXONOMY
from classify._rules import Rule
from core import InvalidInput

LANGUAGES = ("fr", "de", "it", "nl", "en")
FALLBACK_TYPE = "other"


@dataclass(frozen=True, slots=True)
class DocumentType:
    """One document type: its code, its label per language, and its title keywords."""

    code: str
    labels: tuple[tuple[str, str], ...]
    keywords: tuple[str, ...] = ()

    def label(self, language: str) -> str:
        """The label in ``language``, else English, else the code."""
        by_language = dict(self.labels)
        return by_language.get(language) or by_language.get("en") or self.code


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The document types a service uses, and its type and tag rules."""

    types: tuple[DocumentType, ...]
    rules: tuple[Rule, ...] = field(default=())

    def __post_init__(self) -> None:
        codes = [t.code for t in self.types]
        if len(set(codes)) != len(codes):
            raise InvalidInput("taxonomy: a type code appears twice")
        if FALLBACK_TYPE not in codes:
            raise InvalidInput(f"taxonomy: the type '{FALLBACK_TYPE}' is required")
        for rule in self.rules:
            if rule.target == "type" and rule.value not in codes:
                raise InvalidInput(f"rule {rule.name!r} names unknown type {rule.value!r}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.types)

    def get(self, code: str) -> DocumentType:
        for document_type in self.types:
            if document_type.code == code:
                return document_type
        raise InvalidInput(f"unknown document type {code!r}")

    def type_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.target == "type")

    def tag_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.target == "tag")

    @classmethod
    def default(cls) -> Taxonomy:
        return cls.from_dict(DEFAULT_TAXONOMY)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Read ``{"types": [{"code", "labels": {lang: label}, "keywords": [...]}],
        "rules": [{"name", "target", "value", "match", "pattern", ...}]}``."""
        try:
            types = tuple(
                DocumentType(str(t["code"]), tuple(sorted(dict(t.get("labels", {})).items())),
                             tuple(str(k) for k in t.get("keywords", ())))
                for t in data["types"]
            )
            rules = tuple(Rule(**r) for r in data.get("rules", ()))
        except (KeyError, TypeError) as exc:
            raise InvalidInput(f"taxonomy: malformed configuration ({exc})") from exc
        return cls(types, rules)

    @classmethod
    def from_json(cls, text: str) -> Taxonomy:
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"taxonomy: not JSON ({exc})") from exc

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": [{"code": t.code, "labels": dict(t.labels), "keywords": list(t.keywords)}
                      for t in self.types],
            "rules": [{"name": r.name, "target": r.target, "value": r.value, "match": r.match,
                       "pattern": r.pattern, "confidence": r.confidence, "head": r.head,
                       "case_sensitive": r.case_sensitive} for r in self.rules],
        }

"""Typing documents: taxonomy, rules, keywords, a trained model saved and loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classify import Classifier, Rule, Taxonomy, TrainingExample, evaluate
from core import InvalidInput


def test_default_taxonomy_has_the_twelve_types_in_five_languages() -> None:
    taxonomy = Taxonomy.default()
    assert len(taxonomy.codes) == 12 and "social_report" in taxonomy.codes
    assert taxonomy.get("application").label("it") == "Domanda"
    assert taxonomy.get("social_report").label("fr") == "Rapport social"


def test_taxonomy_round_trips_through_json() -> None:
    taxonomy = Taxonomy.default()
    assert Taxonomy.from_json(json.dumps(taxonomy.to_dict())) == taxonomy


def test_bad_configuration_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        Taxonomy.from_dict({"types": [{"code": "invoice"}]})  # no "other"
    with pytest.raises(InvalidInput):
        Rule("r", "type", "invoice", "regex", "(unclosed")


@pytest.mark.parametrize(("kind", "pattern", "text", "hit"), [
    ("any", "rechnung facture", "Votre FACTURE du mois", True),
    ("all", "facture rappel", "Facture du mois", False),
    ("exact", "certificat médical", "CERTIFICAT MEDICAL", True),
    ("regex", r"n[°o]\s*\d+", "Facture n° 123", True),
    ("fuzzy", "kontoauszug", "K0ntoauszug Nr. 4", True),
    ("fuzzy", "kontoauszug", "Kontostand", False),
])
def test_rule_match_kinds(kind: str, pattern: str, text: str, hit: bool) -> None:
    rule = Rule("r", "tag", "x", kind, pattern)  # type: ignore[arg-type]
    assert bool(evaluate([rule], text)) is hit


def test_rule_hit_is_the_reason() -> None:
    prediction = Classifier().predict("KONTOAUSZUG\nSaldo 1'200.00 CHF")
    assert prediction.code == "bank_statement"
    assert "rule 'bank-statement-title'" in prediction.reason


def test_untrained_classifier_uses_keywords_and_says_so() -> None:
    prediction = Classifier().predict("RELAZIONE SOCIALE\nSituazione familiare: ...")
    assert prediction.code == "social_report" and "keywords" in prediction.reason
    assert Classifier().predict("").code == "other"


def test_train_save_load_predict(tmp_path: Path) -> None:
    """GIVEN confirmed documents of three types WHEN a classifier is trained, saved and loaded
    THEN the loaded one predicts like the original, with the classifier named in the reason."""
    examples = [TrainingExample(f"{word} {i} lorem", code) for i in range(6)
                for word, code in (("Antrag Gesuch", "application"), ("Rechnung Betrag", "invoice"),
                                   ("Sehr geehrte Frau", "letter"))]
    classifier = Classifier()
    report = classifier.train(examples)
    assert report.examples == 18
    classifier.save(tmp_path / "model.joblib")
    loaded = Classifier.load(tmp_path / "model.joblib")
    prediction = loaded.predict("Rechnung Betrag 99")
    assert prediction == classifier.predict("Rechnung Betrag 99")
    assert prediction.code == "invoice" and "classifier" in prediction.reason


def test_training_needs_two_types_and_known_codes() -> None:
    with pytest.raises(InvalidInput):
        Classifier().train([TrainingExample("a", "invoice")])
    with pytest.raises(InvalidInput):
        Classifier().train([TrainingExample("a", "nope"), TrainingExample("b", "invoice")])


def test_loading_something_else_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "x.joblib"
    path.write_text("not a model")
    with pytest.raises(InvalidInput):
        Classifier.load(path)


def test_tags_come_from_tag_rules() -> None:
    hits = Classifier().tags("DRINGEND: Antrag")
    assert [h.rule.value for h in hits] == ["urgent"]

"""Language detection by common-word counts, on sentences in each of our languages."""

from __future__ import annotations

import pytest

from ocr import detect_language

SENTENCES = {
    "fr": "Nous avons bien reçu votre demande et le service social vous contactera dans les "
          "prochains jours pour fixer un rendez-vous avec votre assistante sociale.",
    "de": "Wir haben Ihr Gesuch erhalten und der Sozialdienst wird sich in den nächsten Tagen "
          "bei Ihnen melden, um einen Termin mit Ihrer Sozialarbeiterin zu vereinbaren.",
    "it": "Abbiamo ricevuto la sua domanda e il servizio sociale la contatterà nei prossimi "
          "giorni per fissare un appuntamento con la sua assistente sociale.",
    "nl": "Wij hebben uw aanvraag ontvangen en de sociale dienst zal in de komende dagen "
          "contact met u opnemen om een afspraak te maken met uw maatschappelijk werker.",
    "en": "We have received your application and the social services will contact you in the "
          "coming days to arrange an appointment with your caseworker.",
}


@pytest.mark.parametrize(("code", "sentence"), SENTENCES.items())
def test_each_language_is_recognised(code: str, sentence: str) -> None:
    """GIVEN a letter sentence in one of our languages WHEN detected THEN that language,
    with a reason naming it."""
    language, reason = detect_language(sentence)
    assert language == code, reason
    assert "common" in reason


@pytest.mark.parametrize("text", ["", "Dossier 2024-117", "12.03.2024 45.80 CHF 117"])
def test_too_little_text_is_undecided(text: str) -> None:
    """GIVEN almost no words WHEN detected THEN None, and the reason says too few words."""
    language, reason = detect_language(text)
    assert language is None
    assert "too few words" in reason


def test_list_of_names_is_undecided() -> None:
    """GIVEN a table of names and places (no running text) WHEN detected THEN None."""
    language, reason = detect_language("Dupont Marie Lausanne Rossi Paolo Lugano Müller Hans Bern")
    assert language is None
    assert reason


def test_evenly_mixed_text_is_undecided() -> None:
    """GIVEN a text half French, half Italian WHEN detected THEN None: undecided."""
    language, reason = detect_language("le chat et la souris de la maison " * 2
                                       + "il gatto e il topo della casa con la " * 2)
    assert language is None
    assert "undecided" in reason


def test_ocr_of_accented_french_is_french() -> None:
    """GIVEN the OCR text of a French pangram page WHEN detected THEN fr."""
    text = ("Portez ce vieux whisky au juge blond qui fume sur son île intérieure, à côté de "
            "l'alcôve ovoïde, où les bûches se consument dans l'âtre")
    assert detect_language(text)[0] == "fr"

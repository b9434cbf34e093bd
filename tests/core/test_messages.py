"""The backend's messages: codes with parameters, rendered from catalogues in five languages,
and English sentences stored before codes read back as codes."""

from __future__ import annotations

import re

from core import EmptyFile, OversizedFile
from core.messages import LANGUAGES, Message, catalogue, error_message, render, render_stored

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_language_has_every_backend_message_with_the_same_placeholders() -> None:
    """GIVEN the five backend catalogues WHEN compared with the English one THEN each has the
    same codes, the same placeholders, and a text of its own (not an English copy)."""
    english = catalogue("en")
    for language in LANGUAGES:
        other = catalogue(language)
        assert other.keys() == english.keys(), language
        for code, text in english.items():
            assert set(PLACEHOLDER.findall(other[code])) == set(PLACEHOLDER.findall(text))
            if language != "en" and "{" not in text:
                assert other[code] != text, (language, code)


def test_an_error_is_stored_as_a_code_and_rendered_in_the_readers_language() -> None:
    """GIVEN a rejected file's error with a code and numbers WHEN stored and read back THEN
    the row holds the code and parameters, no English, and it renders in German and Italian
    with its numbers."""
    exc = OversizedFile("the PDF has 900 pages, more than the limit of 500",
                        key="quarantine.too_many_pages", count=900, limit=500)
    stored = error_message(exc).encoded()
    assert stored == '{"code":"quarantine.too_many_pages","params":{"count":900,"limit":500}}'
    assert render_stored(stored, "de") == ("die Datei hat 900 Seiten, mehr als die Grenze von "
                                           "500: teilen Sie sie vor dem Scannen")
    assert "900 pagine" in render_stored(stored, "it")
    assert render(error_message(EmptyFile("x")), "nl") == "het bestand is leeg"
    assert render(error_message(KeyError("k")), "fr").startswith("une erreur inattendue")


def test_english_sentences_stored_before_codes_are_read_as_codes() -> None:
    """GIVEN quarantine reasons stored as English sentences by an earlier version WHEN read
    THEN the known ones become their codes (numbers kept) and render in French; an unknown
    sentence is shown as it was."""
    old = "no page with content: 3 blank page(s) and 1 separator or cover sheet(s)"
    assert Message.read(old) == Message("quarantine.no_content", {"blank": "3", "markers": "1"})
    assert render_stored(old, "fr").startswith("aucune page avec du contenu : 3 page(s)")
    assert render_stored("the file is empty (0 bytes): nothing was scanned", "de") == (
        "die Datei ist leer (0 Byte): nichts wurde gescannt oder das Hochladen wurde "
        "abgebrochen")
    assert render_stored("a note typed by a clerk", "it") == "a note typed by a clerk"
    assert render_stored(None, "it") == ""

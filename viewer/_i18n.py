"""Interface languages: one message catalog per language (``messages/<code>.json``, plus one
file per area of the screens, ``messages/<area>/<code>.json``, merged into it), French first.
The language comes from the ``liasse_lang`` cookie (set by the switcher), else from the
browser's Accept-Language, else French."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from fastapi import Request

from core.messages import accepted_language as backend_accepted_language
from core.messages import catalogue as backend_catalogue

LANGUAGES: Mapping[str, str] = {"fr": "Français", "en": "English", "de": "Deutsch",
                                "it": "Italiano", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "fr"
LANGUAGE_COOKIE = "liasse_lang"
MESSAGES = Path(__file__).parent / "messages"

Translator = Callable[..., str]


@cache
def catalog(language: str) -> Mapping[str, str]:
    """The messages of ``language`` (keys are dotted names such as ``search.title``): the main
    file and every area's file, a key defined twice being an error."""
    data: dict[str, str] = json.loads((MESSAGES / f"{language}.json").read_text("utf-8"))
    for area in sorted(MESSAGES.glob(f"*/{language}.json")):
        more: dict[str, str] = json.loads(area.read_text("utf-8"))
        twice = data.keys() & more.keys()
        if twice:
            raise ValueError(f"{area}: keys defined twice: {sorted(twice)}")
        data.update(more)
    return data


def translator(language: str) -> Translator:
    """``t("key", name=...)``: the message in ``language``, else the backend's message of that
    code (``core.messages``: quarantine reasons, errors...), else in French, else the key."""
    messages, fallback = catalog(language), catalog(DEFAULT_LANGUAGE)
    backend = backend_catalogue(language)

    def t(key: str, **values: object) -> str:
        text = messages.get(key) or backend.get(key) or fallback.get(key) or key
        return text.format(**values) if values else text

    return t


def language_of(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return accepted_language(request.headers.get("accept-language", ""))


def accepted_language(header: str) -> str:
    """The browser's most preferred language we speak (``de-CH,de;q=0.9,fr;q=0.8`` -> de)."""
    return backend_accepted_language(header, DEFAULT_LANGUAGE)

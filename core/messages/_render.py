"""Rendering a message in a language, and choosing the reader's language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from core.messages._message import Message, Param

LANGUAGES: Mapping[str, str] = {"fr": "Français", "en": "English", "de": "Deutsch",
                                "it": "Italiano", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "fr"
_HERE = Path(__file__).parent


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """The backend's sentences in ``language`` (code -> text with ``{placeholders}``)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    data: dict[str, str] = json.loads((_HERE / f"{language}.json").read_text("utf-8"))
    return data


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a placeholder without a value stays visible
        return "{" + key + "}"


def render(message: Message, language: str) -> str:
    """``message`` in ``language``; a code no catalogue knows shows as the code itself."""
    if message.code == "legacy.text":  # a sentence stored before codes: shown as it was
        return str(message.params.get("text", ""))
    text = catalogue(language).get(message.code) or catalogue("en").get(message.code)
    if text is None:
        return message.code
    values = _Params({k: _param_text(v, language) for k, v in message.params.items()})
    return text.format_map(values)


def render_stored(stored: str | None, language: str) -> str:
    """A row's stored message (encoded or legacy) in ``language``; empty for nothing."""
    message = Message.read(stored)
    return render(message, language) if message is not None else ""


def _param_text(value: Param, language: str) -> str:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def accepted_language(header: str, default: str = DEFAULT_LANGUAGE) -> str:
    """The most preferred language of an Accept-Language header that Liasse speaks
    (``de-CH,de;q=0.9,fr;q=0.8`` -> de); ``default`` when none."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        code = tag.strip().lower().split("-", 1)[0]
        if code in LANGUAGES and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else default


def environment_language(environ: Mapping[str, str], default: str = DEFAULT_LANGUAGE) -> str:
    """The language of a POSIX locale environment (LC_ALL, LC_MESSAGES, LANG: ``de_CH.UTF-8``
    -> de); ``default`` when unset or not one Liasse speaks (``C``, ``POSIX``)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".", 1)[0].split("_", 1)[0].lower()
            return code if code in LANGUAGES else default
    return default

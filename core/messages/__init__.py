"""Messages for people as codes with parameters, and the backend's catalogues to render them.

Whatever the backend says to a person (a quarantine reason, a review doubt, a disposition
outcome, a due-date explanation, an error) is a ``Message``: a dotted code and its parameters.
Rows store ``Message.encoded()`` (a small JSON object), never a sentence; the edges (viewer, CLI,
API) render it with ``render(message, language)`` from the catalogues beside this module
(``<lang>.json``: fr, de, it, nl, en). Rows written before codes existed hold English sentences:
``Message.read`` maps the known ones to their code (``core.messages._legacy``) and keeps any
other as a verbatim text.
"""

from __future__ import annotations

from core.messages._message import Message, Param, error_message
from core.messages._render import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    accepted_language,
    catalogue,
    environment_language,
    render,
    render_stored,
)

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Message", "Param", "accepted_language",
           "catalogue", "environment_language", "error_message", "render", "render_stored"]

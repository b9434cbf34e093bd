"""Services for one CLI invocation, built from the environment, and who is acting.

The command line runs on the server with local administrative rights; its changes are
journaled under ``--as USER`` when given, else under the operating-system account
(``os:NAME``).
"""

from __future__ import annotations

import getpass
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from core import InvalidInput
from core.access import Principal
from core.catalog import Actor, append_event
from core.messages import LANGUAGES, environment_language

if TYPE_CHECKING:
    from liasse.wiring import Services

_acting_as: dict[str, str | None] = {"name": None}
_speaking: dict[str, str | None] = {"language": None}


@lru_cache(maxsize=1)
def cli_services() -> Services:
    from liasse.settings import Settings
    from liasse.wiring import build_services

    return build_services(Settings())


def act_as(name: str | None) -> None:
    _acting_as["name"] = name


def speak(language: str | None) -> None:
    """``--lang``: the language messages are printed in (checked against the catalogues)."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(f"--lang {language}: not one of {', '.join(LANGUAGES)}",
                           key="cli.unknown_language", language=language)
    _speaking["language"] = language


def cli_language() -> str:
    """``--lang``, else the locale's language (LC_ALL, LC_MESSAGES, LANG), else English."""
    return _speaking["language"] or environment_language(os.environ, default="en")


def cli_actor() -> Actor:
    name = _acting_as["name"]
    if name:
        return Actor(username=name)
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        login = "unknown"
    return Actor(username=f"os:{login}")


def cli_principal() -> Principal:
    return Principal.operator(cli_actor().username)


def journal(session: Session, **entry: Any) -> None:
    """Journal a read or change made from the command line (see ``append_event``)."""
    append_event(session, actor=cli_actor(), **entry)

"""The ``Message`` record: a code and its parameters, stored as a small JSON object."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    pass

Param = Union[str, int, float, "Message"]
_MAX_PARAM = 160  # a parameter is a name, a number, a date: never a whole text


@dataclass(frozen=True, slots=True)
class Message:
    """``code`` names the sentence in the catalogues (``quarantine.empty_file``); ``params``
    fill its ``{placeholders}``. A parameter may itself be a message (a label, a cause)."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.encoded())

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "params": {k: _param_json(v) for k, v in self.params.items()}}

    def encoded(self) -> str:
        """What a row stores: ``{"code": ..., "params": {...}}``."""
        return json.dumps(self.as_json(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Message:
        raw = data.get("params")
        params = raw if isinstance(raw, Mapping) else {}
        return cls(str(data.get("code", "")), {str(k): _param_of(v) for k, v in params.items()})

    @classmethod
    def read(cls, stored: str | None) -> Message | None:
        """The message a row holds: an encoded message, or a legacy English sentence mapped to
        its code (a sentence no rule knows stays as ``legacy.text``). ``None`` for nothing."""
        if not stored or not stored.strip():
            return None
        if stored.startswith('{"code":'):
            try:
                return cls.from_json(json.loads(stored))
            except (ValueError, TypeError):
                pass
        from core.messages._legacy import legacy_message

        return legacy_message(stored)


def _param_json(value: Param) -> object:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, str):
        return value[:_MAX_PARAM]
    return value


def _param_of(value: object) -> Param:
    if isinstance(value, Mapping) and "code" in value:
        return Message.from_json(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def error_message(exc: BaseException) -> Message:
    """The message for a person that an error stands for: its own (``LiasseError.key``), the
    generic one of its kind (``error.<code>``), or the unexpected-error message."""
    from core.errors import LiasseError

    if isinstance(exc, LiasseError):
        return exc.as_message()
    return Message("error.unexpected", {"kind": type(exc).__name__})


__all__ = ["Message", "Param", "error_message"]

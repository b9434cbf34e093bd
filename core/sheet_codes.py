"""The QR codes Liasse prints on paper and reads back from scans: cover sheets (``ingest``)
and the pages of letters it writes (``letters``). One codec, so both read alike.

A payload is versioned, short and unambiguous::

    LIASSE:1;D=824415;E=DEM-APLAC-002;T=decision;S=SPE      a cover sheet
    LIASSE:1;L=42;D=824415                                  page of letter 42

Values are percent-encoded (UTF-8) except for letters, digits and ``- . _ /``, so ``;``,
``=`` and ``%`` can never be confused with the syntax. A letter's code carries only its id
(the catalog knows the rest) and its dossier number, which a person can check by eye.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

PAYLOAD_PREFIX = "LIASSE:"
PAYLOAD_VERSION = 1
_SAFE = "-._/"
_ENCODED_VALUE = re.compile(r"(?:[A-Za-z0-9\-._/]|%[0-9A-F]{2})+")
LETTER_KEYS = frozenset({"L", "D"})


def encode_payload(values: Mapping[str, str | None]) -> str:
    """``LIASSE:1;K=v;...`` for the non-empty values, in the order given."""
    parts = [f"{PAYLOAD_PREFIX}{PAYLOAD_VERSION}"]
    parts += [f"{key}={quote(value, safe=_SAFE)}" for key, value in values.items() if value]
    return ";".join(parts)


def decode_payload(value: str, *, keys: Collection[str]) -> dict[str, str] | None:
    """The key/value pairs of one of our payloads using only ``keys``, or ``None`` when it is
    not one (another prefix, an unknown version, an unknown or repeated key, a bad escape)."""
    head, _, rest = value.strip().partition(";")
    if head != f"{PAYLOAD_PREFIX}{PAYLOAD_VERSION}" or not rest:
        return None
    found: dict[str, str] = {}
    for part in rest.split(";"):
        key, sep, encoded = part.partition("=")
        if not sep or key not in keys or key in found:
            return None
        decoded = _decode(encoded)
        if decoded is None:
            return None
        found[key] = decoded
    return found


@dataclass(frozen=True, slots=True)
class LetterCode:
    """What the QR code on a page of a generated letter says."""

    letter_id: int
    dossier_number: str


def letter_payload(code: LetterCode) -> str:
    return encode_payload({"L": str(code.letter_id), "D": code.dossier_number})


def parse_letter_payload(value: str) -> LetterCode | None:
    """The letter a page's QR code names, or ``None`` if it names none."""
    found = decode_payload(value, keys=LETTER_KEYS)
    if found is None or not found.get("L", "").isdigit() or "D" not in found:
        return None
    return LetterCode(letter_id=int(found["L"]), dossier_number=found["D"])


def _decode(encoded: str) -> str | None:
    if not _ENCODED_VALUE.fullmatch(encoded):
        return None
    try:
        return unquote(encoded, errors="strict")
    except UnicodeDecodeError:
        return None

"""Secrets at rest: argon2id for passwords; a SHA-256 digest for API tokens and web sessions.

Tokens and session ids are 256 random bits, so a plain digest suffices (nothing to guess
offline); passwords are chosen by people, so they get a slow, salted, memory-hard hash.
"""

from __future__ import annotations

import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 10


# Verified when the user name is unknown, so a miss costs as long as a wrong password.
@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when there is no user (same time as a real one); made on
    first use, not at import: hashing takes a tenth of a second, paid by every command."""
    return _HASHER.hash("liasse-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash (an OpenID-only account) never matches,
    and takes as long as a real check."""
    try:
        return _HASHER.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def new_secret(prefix: str) -> str:
    """A fresh bearer secret such as ``lia_…`` (shown once, never stored)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()

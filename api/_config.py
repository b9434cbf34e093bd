"""What the sign-in and permission code needs from the composition root."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from api._oidc import OidcClient
from api._ratelimit import SignInLimiter
from api._ratelimit_redis import RedisSignInLimiter


@dataclass(frozen=True)
class AuthConfig:
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    session_lifetime: timedelta = timedelta(hours=10)
    token_lifetime: timedelta | None = timedelta(days=365)  # None: tokens do not expire
    break_glass_lifetime: timedelta = timedelta(hours=1)
    secure_cookies: bool = False  # True behind HTTPS: cookies are then never sent in clear
    limiter: SignInLimiter | RedisSignInLimiter = field(default_factory=SignInLimiter)
    oidc: OidcClient | None = None

"""create_app(): the API process, wired from settings."""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import timedelta

from fastapi import FastAPI

from api import (
    ApiContext,
    AuthConfig,
    OidcClient,
    OidcSettings,
    RedisSignInLimiter,
    SignInLimiter,
    create_api,
)
from liasse.settings import Settings
from liasse.tasks import make_celery, register_tasks, submit_items
from liasse.wiring import Services, build_services
from viewer import install_viewer


def create_app(settings: Settings | None = None, *, eager_tasks: bool = False,
               services: Services | None = None) -> FastAPI:
    """The API. With ``eager_tasks`` uploads are processed inside the request (tests, tools);
    otherwise they are queued for the workers."""
    settings = settings or Settings()
    built = services or build_services(settings)
    celery = make_celery(settings, eager=eager_tasks)
    register_tasks(celery, lambda: built)

    def submit(item_ids: Sequence[int]) -> None:
        submit_items(celery, item_ids)

    context = ApiContext(sessions=built.sessions, blobs=built.blobs, index=built.index,
                         submit_items=submit,
                         max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
                         auth=auth_config(settings), review=built.intake.review,
                         letters=built.letters)
    app = create_api(context)
    install_viewer(app)
    app.state.services = built
    return app


def auth_config(settings: Settings) -> AuthConfig:
    """Sign-in settings for the API: lifetimes, limits and the optional OpenID provider."""
    oidc = None
    if settings.oidc_issuer:
        oidc = OidcClient(OidcSettings(
            issuer=settings.oidc_issuer, client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret, redirect_url=settings.oidc_redirect_url,
            scopes=settings.oidc_scopes, username_claim=settings.oidc_username_claim))
    return AuthConfig(
        secret_key=settings.secret_key or _home_secret(settings),
        session_lifetime=timedelta(hours=settings.session_hours),
        token_lifetime=timedelta(days=settings.token_days) if settings.token_days else None,
        break_glass_lifetime=timedelta(minutes=settings.break_glass_minutes),
        secure_cookies=settings.secure_cookies,
        limiter=sign_in_limiter(settings),
        oidc=oidc)


def sign_in_limiter(settings: Settings) -> SignInLimiter | RedisSignInLimiter:
    """In Redis when the broker is Redis (several API hosts count the same failures), else in
    this process."""
    per_user, per_address = settings.login_max_failures, settings.login_max_failures_per_address
    window = settings.login_window_minutes * 60
    if settings.broker_url and settings.broker_url.startswith(("redis://", "rediss://")):
        return RedisSignInLimiter.from_url(settings.broker_url, per_user=per_user,
                                           per_address=per_address, window_seconds=window)
    return SignInLimiter(per_user=per_user, per_address=per_address, window_seconds=window)


def _home_secret(settings: Settings) -> str:
    """A random key made once and kept in the home folder, readable by its owner only."""
    path = settings.resolved_home / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()

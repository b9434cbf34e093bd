"""Rendering a screen: the Jinja templates, the reader's language, the form token and the
security headers every page carries."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api import Guard
from classify import Taxonomy
from core import LiasseError
from core.access import Action
from core.messages import render as render_message
from core.messages import render_stored
from viewer._csrf import CSRF_FIELD, csrf_token, set_csrf_cookie
from viewer._i18n import LANGUAGES, catalog, language_of, translator

TEMPLATES = Path(__file__).parent / "templates"
# Scripts only from this server; inline style attributes are allowed (highlight boxes and
# progress bars are positioned with them), inline scripts are not.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self' 'unsafe-inline'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "private, no-store",
}


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")
    return env


@cache
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


def type_label(code: str | None, language: str) -> str:
    """A document type's label in the reader's language (the code when unknown)."""
    if not code:
        return ""
    try:
        return taxonomy().get(code).label(language)
    except Exception:  # an unknown code (a type from a custom taxonomy): show it as is
        return code


def error_text(exc: LiasseError, language: str) -> str:
    """What an error says to the reader: its message code rendered in ``language`` (in
    English, the error's own fuller sentence when it has no code of its own)."""
    if language == "en" and not exc.key:
        return exc.message
    if exc.key and exc.key in catalog(language):  # a screen's own message (viewer catalogue)
        return translator(language)(exc.key, **exc.params)
    return render_message(exc.as_message(), language)


def here(request: Request) -> str:
    """This page's path and query, to come back to after sign-in or a language switch."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}{query}"


def render(request: Request, template: str, *, guard: Guard | None = None,
           status: int = 200, **context: Any) -> HTMLResponse:
    language = language_of(request)
    token, new_cookie = csrf_token(request)

    def allows(action: str) -> bool:
        return guard is not None and guard.allows(Action(action))

    html = environment().get_template(template).render(
        request=request, t=translator(language), lang=language, languages=LANGUAGES,
        user=guard.principal if guard else None, allows=allows, here=here(request),
        csrf_field=CSRF_FIELD, csrf=token,
        type_label=lambda code: type_label(code, language),
        message=lambda stored: render_stored(stored, language),
        error_text=lambda exc: error_text(exc, language), **context)
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    if new_cookie:
        set_csrf_cookie(request, response, new_cookie)
    return response

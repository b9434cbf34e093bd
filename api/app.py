"""The FastAPI application: routers under /api/v1, the error tree mapped to HTTP.

Every router except sign-in is mounted behind ``get_principal``: an anonymous request gets
401 before any route code runs; then behind ``check_api_csrf`` (a call signed in by the session
cookie must prove it comes from Liasse). Authorisation is then asked of ``api._guard.Guard``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from api._auth import get_principal
from api._csrf import check_api_csrf
from api._errors import ERROR_RESPONSES, install_error_handlers
from api.deps import ApiContext
from api.routers import (
    access,
    audit,
    auth,
    batches,
    classification,
    cover_sheets,
    documents,
    dossiers,
    journal,
    lifecycle,
    lookup,
    oidc,
    people,
    renditions,
    reports,
    retention,
    review,
    search,
    templates,
    users,
)


def create_api(context: ApiContext, *, title: str = "Liasse") -> FastAPI:
    app = FastAPI(title=title, version="0.1.0",
                  description="Document archive for social services: intake, dossiers, search.")
    app.state.context = context
    public = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
    public.include_router(auth.signin)
    public.include_router(oidc.router)
    signed_in = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES,
                          dependencies=[Depends(get_principal), Depends(check_api_csrf)])
    for router in (auth.account, batches.router, dossiers.router, access.router,
                   people.households, people.persons, documents.router, search.router,
                   search.households, search.persons,
                   audit.router, users.router):
        signed_in.include_router(router)
    signed_in.include_router(classification.router)
    signed_in.include_router(journal.router)
    signed_in.include_router(cover_sheets.router)
    signed_in.include_router(review.router)
    signed_in.include_router(lookup.router)
    signed_in.include_router(renditions.router)
    signed_in.include_router(lifecycle.router)
    signed_in.include_router(retention.router)
    signed_in.include_router(reports.router)
    signed_in.include_router(templates.router)
    app.include_router(public)
    app.include_router(signed_in)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    install_error_handlers(app)
    return app

"""The generated world of ``tests.reports.world`` in a Liasse home on the embedded defaults,
with accounts of each kind (and their API tokens), a household, a disposition list and the
search index built: what the HTTP, viewer and browser tests of the reports share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi import FastAPI

from core.catalog import (
    DispositionItem,
    DispositionList,
    Household,
    Role,
    UserCreate,
    account_queries,
)
from ingest import reindex_all
from liasse.app import create_app
from liasse.settings import Settings
from liasse.wiring import Services, build_services
from tests.reports.world import build

ACCOUNTS = {"sue": (Role.supervisor, ()), "ana": (Role.caseworker, ("DEM",)),
            "arno": (Role.archivist, ()), "claire": (Role.clerk, ())}


@dataclass(frozen=True)
class Web:
    services: Services
    app: FastAPI
    tokens: dict[str, str]


def _seed(services: Services) -> dict[str, str]:
    tokens = {}
    with services.sessions.transaction() as session:
        for name, (role, departments) in ACCOUNTS.items():
            user = account_queries.create_user(session, data=UserCreate(
                username=name, roles=[role], departments=list(departments),
                password="a long enough passphrase"))
            tokens[name] = account_queries.issue_token(session, user_id=user.id or 0,
                                                       name="t")[1]
        dossiers = build(session)
        household = Household(code="UA-9", name="Famille Neuf")
        session.add(household)
        session.flush()
        dossiers["DEM-1"].household_id = household.id
        listing = DispositionList(as_of=date(2026, 3, 1), created_by="arno")
        session.add(listing)
        session.flush()
        session.add(DispositionItem(list_id=listing.id or 0, document_id=1,
                                    dossier_number="DEM-2", title="old decision",
                                    schedule_code="DEM-10", action="review",
                                    due_on=date(2025, 6, 30)))
        reindex_all(session, services.index)
    return tokens


def build_web(home: Path) -> Web:
    settings = Settings(home=home, database_url=None, broker_url=None, s3_endpoint=None)
    services = build_services(settings)
    tokens = _seed(services)
    return Web(services, create_app(settings, eager_tasks=True, services=services), tokens)

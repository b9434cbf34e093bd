"""Who may see one dossier: its assigned caseworkers, the roles named on it when it is
confidential, and break-glass access in an emergency."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from api._changes import commit_and_drain, dossier_document_ids
from api._guard import GuardDep
from api.deps import ContextDep
from core import NotFound
from core.access import Action
from core.catalog import Dossier, Role, Sensitivity, account_queries, queries
from core.catalog.account_queries import assigned_users, confidential_roles

router = APIRouter(prefix="/dossiers", tags=["dossier access"])


class DossierAccess(BaseModel):
    confidential: bool = False
    caseworkers: list[str] = Field(default_factory=list, max_length=500,
                                   description="User names assigned to the dossier")
    roles: list[Role] = Field(default_factory=list,
                              description="Roles that see the dossier when it is confidential")


class AccessUpdate(BaseModel):
    caseworkers: list[str] = Field(default_factory=list, max_length=500)
    roles: list[Role] = Field(default_factory=list)


class BreakGlassRequest(BaseModel):
    reason: str = Field(min_length=10, max_length=500,
                        description="Why the emergency access is needed; reviewed later")


class BreakGlassGranted(BaseModel):
    dossier: str
    expires_at: datetime


def _managed(guard: GuardDep, number: str) -> Dossier:
    """Managers grant access to dossiers they may not read themselves (confidential ones)."""
    guard.require(Action.dossier_grant)
    return queries.dossier_by_number(guard.session, number=number)


def _access(guard: GuardDep, dossier: Dossier) -> DossierAccess:
    assert dossier.id is not None
    return DossierAccess(
        confidential=dossier.sensitivity == Sensitivity.confidential,
        caseworkers=[u.username for u in assigned_users(guard.session, dossier_id=dossier.id)],
        roles=[Role(r) for r in confidential_roles(guard.session, dossier_id=dossier.id)])


@router.get("/{number}/access", response_model=DossierAccess)
def get_access(number: str, guard: GuardDep) -> DossierAccess:
    return _access(guard, _managed(guard, number))


@router.put("/{number}/access", response_model=DossierAccess)
def set_access(number: str, data: AccessUpdate, guard: GuardDep,
               context: ContextDep) -> DossierAccess:
    dossier = _managed(guard, number)
    assert dossier.id is not None
    before = _access(guard, dossier)
    account_queries.set_assignments(guard.session, dossier_id=dossier.id,
                                    usernames=data.caseworkers)
    account_queries.set_confidential_roles(guard.session, dossier_id=dossier.id,
                                           roles=data.roles)
    after = _access(guard, dossier)
    guard.record(action="dossier.access", entity_type="dossier", entity_id=number,
                 dossier=dossier, before=before.model_dump(mode="json"),
                 after=after.model_dump(mode="json"))
    commit_and_drain(guard.session, context, reason="dossier access",
                     queue=dossier_document_ids(guard.session, dossier_id=dossier.id)
                     if before.roles != after.roles else [])
    return after


@router.post("/{number}/break-glass", response_model=BreakGlassGranted,
             status_code=status.HTTP_201_CREATED)
def break_glass(number: str, data: BreakGlassRequest, guard: GuardDep,
                context: ContextDep) -> BreakGlassGranted:
    """Emergency access to a dossier the person may not normally see, for a limited time.
    The grant and every read under it are flagged in the journal for review."""
    guard.require(Action.break_glass)
    dossier = queries.find_dossier(guard.session, number=number)
    if dossier is None or dossier.id is None or guard.principal.user_id is None:
        raise NotFound(f"no dossier with number {number}")
    grant = account_queries.grant_break_glass(
        guard.session, user_id=guard.principal.user_id, dossier_id=dossier.id,
        reason=data.reason, lifetime=context.auth.break_glass_lifetime)
    guard.record(action="dossier.break_glass", entity_type="dossier", entity_id=number,
                 dossier=dossier, after={"expires_at": grant.expires_at}, reason=data.reason,
                 flagged=True)
    return BreakGlassGranted(dossier=number, expires_at=grant.expires_at)

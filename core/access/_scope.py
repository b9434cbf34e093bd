"""From catalog rows to the records ``core.access`` decides on, and the SQL form of the same
rule for listing dossiers (kept equal to ``can`` by a test over every role and scope)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, col, select

from core.access._policy import (
    CLOSED_STATUSES,
    Action,
    DocumentScope,
    DossierScope,
    Principal,
    document_tokens,
    principal_tokens,
)
from core.catalog._base import utcnow
from core.catalog.accounts import BreakGlassGrant, ConfidentialRole, DossierAssignment, User
from core.catalog.documents import Document, DocumentStatus
from core.catalog.dossiers import Dossier, Sensitivity


def principal_for(session: Session, *, user: User, now: datetime | None = None) -> Principal:
    """What ``user``'s account grants right now: roles, departments, assignments and
    unexpired break-glass grants."""
    assert user.id is not None
    now = now or utcnow()
    assigned = session.exec(select(DossierAssignment.dossier_id)
                            .where(DossierAssignment.user_id == user.id)).all()
    glass = session.exec(select(BreakGlassGrant.dossier_id).where(
        BreakGlassGrant.user_id == user.id, col(BreakGlassGrant.expires_at) > now)).all()
    return Principal(username=user.username, user_id=user.id, roles=frozenset(user.roles),
                     departments=frozenset(user.departments), assigned=frozenset(assigned),
                     break_glass=frozenset(glass), active=user.active)


def dossier_scope(session: Session, *, dossier: Dossier) -> DossierScope:
    assert dossier.id is not None
    named = session.exec(select(ConfidentialRole.role)
                         .where(ConfidentialRole.dossier_id == dossier.id)).all()
    return DossierScope(id=dossier.id, service=dossier.service, status=str(dossier.status),
                        confidential=dossier.sensitivity == Sensitivity.confidential,
                        named_roles=tuple(sorted(str(r) for r in named)))


def document_scope(session: Session, *, document: Document,
                   dossier: DossierScope | None = None) -> DocumentScope:
    """``dossier``: the scope of the document's dossier when the caller already has it."""
    if dossier is None and document.dossier_id is not None:
        row = session.get(Dossier, document.dossier_id)
        dossier = dossier_scope(session, dossier=row) if row is not None else None
    return DocumentScope(dossier=dossier, confidential=bool(document.confidential),
                         in_review=document.status == DocumentStatus.review)


def document_access_tokens(session: Session, *, document: Document) -> tuple[str, ...]:
    """The tokens to store with ``document`` in the search index."""
    return document_tokens(document_scope(session, document=document))


def dossier_filter(principal: Principal,
                   action: Action = Action.dossier_read) -> ColumnElement[bool] | None:
    """A WHERE clause keeping the dossiers ``principal`` may ``action``; None: all of them."""
    if principal.unrestricted and principal.active:
        return None
    tokens = principal_tokens(principal, action)
    if not tokens:
        return false()
    open_ = col(Dossier.sensitivity) != Sensitivity.confidential
    ids = sorted(int(t[2:]) for t in tokens if t.startswith("d:"))
    services = sorted(t[4:] for t in tokens if t.startswith("svc:"))
    named = sorted(t[3:] for t in tokens if t.startswith("cr:"))
    wide = "all" in tokens or (action == Action.dossier_read and "meta" in tokens)
    clauses: list[ColumnElement[bool]] = [open_] if wide else []
    if ids:
        clauses.append(col(Dossier.id).in_(ids))
    if services:
        clauses.append(and_(open_, col(Dossier.service).in_(services)))
    if "archive" in tokens:
        clauses.append(and_(open_, col(Dossier.status).in_(sorted(CLOSED_STATUSES))))
    if named:
        with_role = select(ConfidentialRole.dossier_id).where(col(ConfidentialRole.role)
                                                              .in_(named))
        clauses.append(and_(~open_, col(Dossier.id).in_(with_role)))
    return or_(*clauses) if clauses else false()


def document_filter(principal: Principal, action: Action = Action.document_read, *,
                    with_break_glass: bool = True) -> ColumnElement[bool] | None:
    """A WHERE clause keeping the documents ``principal`` may ``action``, the SQL form of
    ``document_tokens`` against ``principal_tokens``; None: all of them. The query must
    outer-join ``Dossier`` on ``Document.dossier_id`` (an unfiled document has none)."""
    if principal.unrestricted and principal.active:
        return None
    tokens = principal_tokens(principal, action, with_break_glass=with_break_glass)
    if not tokens:
        return false()
    filed = col(Document.dossier_id).is_not(None)
    secret = or_(col(Document.confidential).is_(True),
                 col(Dossier.sensitivity) == Sensitivity.confidential)
    plain = and_(filed, ~secret)
    ids = sorted(int(t[2:]) for t in tokens if t.startswith("d:"))
    services = sorted(t[4:] for t in tokens if t.startswith("svc:"))
    named = sorted(t[3:] for t in tokens if t.startswith("cr:"))
    clauses: list[ColumnElement[bool]] = []
    if "unfiled" in tokens:
        clauses.append(and_(~filed, col(Document.confidential).is_(False)))
    if "unfiled-confidential" in tokens:
        clauses.append(and_(~filed, col(Document.confidential).is_(True)))
    if "all" in tokens:
        clauses.append(plain)
    if ids:
        clauses.append(col(Document.dossier_id).in_(ids))
    if services:
        clauses.append(and_(plain, col(Dossier.service).in_(services)))
    if "archive" in tokens:
        clauses.append(and_(plain, col(Dossier.status).in_(sorted(CLOSED_STATUSES))))
    if "review" in tokens:
        clauses.append(and_(plain, col(Document.status) == DocumentStatus.review))
    if named:
        with_role = select(ConfidentialRole.dossier_id).where(col(ConfidentialRole.role)
                                                              .in_(named))
        clauses.append(and_(filed, secret, col(Document.dossier_id).in_(with_role)))
    return or_(*clauses) if clauses else false()

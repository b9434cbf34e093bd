"""Data access for accounts and dossier grants. Keyword arguments; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from core.catalog._base import utcnow
from core.catalog.accounts import (
    ApiToken,
    BreakGlassGrant,
    ConfidentialRole,
    DossierAssignment,
    Role,
    User,
    UserCreate,
    UserUpdate,
    WebSession,
)
from core.credentials import hash_password, new_secret, secret_digest
from core.errors import Conflict, InvalidInput, NotFound


def _aware(moment: datetime) -> datetime:
    """SQLite gives timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_user(session: Session, *, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def user_by_username(session: Session, *, username: str) -> User:
    user = find_user(session, username=username)
    if user is None:
        raise NotFound(f"no user {username}")
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(col(User.username))).all()


def create_user(session: Session, *, data: UserCreate) -> User:
    if find_user(session, username=data.username) is not None:
        raise Conflict(f"user name {data.username} is already in use")
    user = User.model_validate(data.model_dump(exclude={"password"}))
    user.roles = [str(r) for r in data.roles]  # type: ignore[misc]
    if data.password:
        user.password_hash = hash_password(data.password)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"user {data.username} clashes with an existing account") from exc
    return user


def update_user(session: Session, *, user: User, data: UserUpdate) -> User:
    changes = data.model_dump(exclude_unset=True, exclude={"password"})
    if "roles" in changes and changes["roles"] is not None:
        changes["roles"] = [str(r) for r in changes["roles"]]
    user.sqlmodel_update({k: v for k, v in changes.items() if v is not None})
    if data.password:
        user.password_hash = hash_password(data.password)
    session.add(user)
    session.flush()
    return user


def issue_token(session: Session, *, user_id: int, name: str,
                lifetime: timedelta | None = None) -> tuple[ApiToken, str]:
    """A new API token; the secret is returned once and only its digest is stored."""
    secret = new_secret("lia")
    token = ApiToken(user_id=user_id, name=name, token_hash=secret_digest(secret),
                     expires_at=utcnow() + lifetime if lifetime else None)
    session.add(token)
    session.flush()
    return token, secret


def user_for_token(session: Session, *, secret: str) -> User | None:
    token = session.exec(select(ApiToken)
                         .where(ApiToken.token_hash == secret_digest(secret))).first()
    if token is None or token.revoked:
        return None
    if token.expires_at is not None and _aware(token.expires_at) <= utcnow():
        return None
    return session.get(User, token.user_id)


def user_tokens(session: Session, *, user_id: int) -> Sequence[ApiToken]:
    return session.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                        .order_by(col(ApiToken.id))).all()


def revoke_token(session: Session, *, user_id: int, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise NotFound(f"no token {token_id}")
    token.revoked = True
    session.add(token)
    return token


def open_web_session(session: Session, *, user_id: int, lifetime: timedelta,
                     via: str = "password") -> tuple[WebSession, str]:
    secret = new_secret("lis")
    row = WebSession(user_id=user_id, session_hash=secret_digest(secret), via=via,
                     expires_at=utcnow() + lifetime)
    session.add(row)
    session.flush()
    return row, secret


def user_for_web_session(session: Session, *, secret: str) -> User | None:
    row = session.exec(select(WebSession)
                       .where(WebSession.session_hash == secret_digest(secret))).first()
    if row is None or _aware(row.expires_at) <= utcnow():
        return None
    return session.get(User, row.user_id)


def close_web_session(session: Session, *, secret: str) -> None:
    session.exec(delete(WebSession)
                 .where(col(WebSession.session_hash) == secret_digest(secret)))


def assigned_users(session: Session, *, dossier_id: int) -> Sequence[User]:
    return session.exec(select(User).join(DossierAssignment,
                                          col(DossierAssignment.user_id) == col(User.id))
                        .where(DossierAssignment.dossier_id == dossier_id)
                        .order_by(col(User.username))).all()


def set_assignments(session: Session, *, dossier_id: int, usernames: Sequence[str]) -> None:
    users = [user_by_username(session, username=name) for name in sorted(set(usernames))]
    session.exec(delete(DossierAssignment)
                 .where(col(DossierAssignment.dossier_id) == dossier_id))
    for user in users:
        assert user.id is not None
        session.add(DossierAssignment(dossier_id=dossier_id, user_id=user.id))
    session.flush()


def confidential_roles(session: Session, *, dossier_id: int) -> list[str]:
    return sorted(str(r) for r in session.exec(
        select(ConfidentialRole.role).where(ConfidentialRole.dossier_id == dossier_id)).all())


def set_confidential_roles(session: Session, *, dossier_id: int, roles: Sequence[Role]) -> None:
    session.exec(delete(ConfidentialRole)
                 .where(col(ConfidentialRole.dossier_id) == dossier_id))
    for role in sorted(set(roles)):
        session.add(ConfidentialRole(dossier_id=dossier_id, role=role))
    session.flush()


def grant_break_glass(session: Session, *, user_id: int, dossier_id: int, reason: str,
                      lifetime: timedelta) -> BreakGlassGrant:
    if len(reason.strip()) < 10:
        raise InvalidInput("break-glass access needs a reason (at least 10 characters)")
    grant = BreakGlassGrant(user_id=user_id, dossier_id=dossier_id, reason=reason.strip(),
                            expires_at=utcnow() + lifetime)
    session.add(grant)
    session.flush()
    return grant

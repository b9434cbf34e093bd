"""Accounts: users with roles and departments, their API tokens and web sessions, and the
dossier-level grants (assignments, roles named on confidential dossiers, break-glass access).

Who may do what with these rows is decided in one place, ``core.access``.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from pydantic import field_validator
from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.catalog._base import UtcDateTime, created_at_field, timestamp_field
from core.credentials import MIN_PASSWORD_LENGTH


class Role(StrEnum):
    clerk = "clerk"                  # scan, ingest, review queue
    caseworker = "caseworker"        # the dossiers of their departments or assigned to them
    archivist = "archivist"          # closed and archived dossiers, retention, holds
    supervisor = "supervisor"        # every department, the journal
    administrator = "administrator"  # accounts, access grants, the journal


class UserBase(SQLModel):
    username: str = Field(index=True, unique=True, min_length=1, max_length=100,
                          description="Letters, digits and . _ @ - (it appears in the journal)")
    display_name: str = Field(default="", max_length=200)
    roles: list[Role] = Field(default_factory=list, sa_type=JSON)
    departments: list[str] = Field(default_factory=list, sa_type=JSON,
                                   description="Services whose dossiers a caseworker works on")
    active: bool = True


def _password_ok(password: str | None) -> str | None:
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


class UserCreate(UserBase):
    password: str | None = Field(default=None, max_length=1000,
                                 description="None: the account signs in with OpenID Connect")

    _check_password = field_validator("password")(_password_ok)

    @field_validator("username")
    @classmethod
    def _plain_username(cls, value: str) -> str:
        if not _USERNAME.fullmatch(value) or value.startswith("os:"):
            raise ValueError("use letters, digits and . _ @ - only")
        return value


class UserUpdate(SQLModel):
    display_name: str | None = Field(default=None, max_length=200)
    roles: list[Role] | None = None
    departments: list[str] | None = None
    active: bool | None = None
    password: str | None = Field(default=None, max_length=1000)

    _check_password = field_validator("password")(_password_ok)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str | None = Field(default=None, max_length=200)
    oidc_subject: str | None = Field(default=None, max_length=255, unique=True, index=True)
    created_at: datetime = created_at_field()


class UserPublic(UserBase):
    id: int


class ApiToken(SQLModel, table=True):
    """A bearer token for scripts and integrations. Only its SHA-256 is kept."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = created_at_field()
    expires_at: datetime | None = timestamp_field()
    revoked: bool = False


class ApiTokenPublic(SQLModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked: bool


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random id, the table its SHA-256."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    session_hash: str = Field(max_length=64, unique=True, index=True)
    via: str = Field(default="password", max_length=16, description="password or oidc")
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UtcDateTime, nullable=False)


class DossierAssignment(SQLModel, table=True):
    """A caseworker assigned to a dossier sees it, confidential or not, whatever its service."""

    __tablename__ = "dossier_assignment"
    __table_args__ = (UniqueConstraint("dossier_id", "user_id", name="uq_assignment"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = created_at_field()


class ConfidentialRole(SQLModel, table=True):
    """A role named on a confidential dossier: everyone holding it may see the dossier."""

    __tablename__ = "dossier_confidential_role"
    __table_args__ = (UniqueConstraint("dossier_id", "role", name="uq_confidential_role"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    role: Role = Field(sa_type=String(16))


class BreakGlassGrant(SQLModel, table=True):
    """Emergency access to one dossier, with the reason given; flagged in the journal."""

    __tablename__ = "break_glass_grant"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    reason: str = Field(max_length=500)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UtcDateTime, nullable=False)

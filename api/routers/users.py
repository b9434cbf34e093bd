"""Accounts, managed by administrators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, status
from sqlmodel import col, select

from api._changes import snapshot
from api._guard import GuardDep
from core import Conflict
from core.access import Action
from core.catalog import Role, User, UserCreate, UserPublic, UserUpdate, account_queries

router = APIRouter(prefix="/users", tags=["users"])
Username = Annotated[str, Path(max_length=100)]
_SECRET = {"password_hash"}


@router.get("", response_model=list[UserPublic])
def list_users(guard: GuardDep) -> Sequence[User]:
    guard.require(Action.user_manage)
    return account_queries.list_users(guard.session)


@router.post("", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def create_user(data: UserCreate, guard: GuardDep) -> User:
    guard.require(Action.user_manage)
    user = account_queries.create_user(guard.session, data=data)
    guard.record(action="user.create", entity_type="user", entity_id=user.username,
                 after=snapshot(user, exclude=_SECRET))
    return user


@router.get("/{username}", response_model=UserPublic)
def get_user(username: Username, guard: GuardDep) -> User:
    guard.require(Action.user_manage)
    return account_queries.user_by_username(guard.session, username=username)


@router.patch("/{username}", response_model=UserPublic)
def update_user(username: Username, data: UserUpdate, guard: GuardDep) -> User:
    """Roles, departments, display name, active flag or a new password. Refused (409) when it
    would leave no active administrator."""
    guard.require(Action.user_manage)
    user = account_queries.user_by_username(guard.session, username=username)
    before = snapshot(user, exclude=_SECRET)
    account_queries.update_user(guard.session, user=user, data=data)
    _keep_an_administrator(guard)
    after = snapshot(user, exclude=_SECRET) | ({"password": "changed"} if data.password else {})
    guard.record(action="user.update", entity_type="user", entity_id=username, before=before,
                 after=after)
    return user


def _keep_an_administrator(guard: GuardDep) -> None:
    """409 if no active account is an administrator any more (the change is rolled back)."""
    guard.session.flush()
    users = guard.session.exec(select(User).where(col(User.active))).all()
    if not any(Role.administrator in {str(r) for r in u.roles} for u in users):
        raise Conflict("this would leave no active administrator: give the role to another "
                       "account first")

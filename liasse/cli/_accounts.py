"""``liasse user …``: accounts and their API tokens, from the server's command line."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated

import typer
from pydantic import ValidationError

from core import InvalidInput
from core.catalog import Role, UserCreate, UserPublic, UserUpdate, account_queries
from liasse.cli._context import cli_services, journal
from liasse.cli._main import emit_json

user_app = typer.Typer(help="Accounts: roles, departments, passwords, API tokens.",
                       no_args_is_help=True)

RolesOpt = Annotated[list[Role], typer.Option("--role", help="Repeat for several roles")]
DepartmentsOpt = Annotated[list[str] | None, typer.Option("--department",
                                                         help="Repeat for several services")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


@user_app.command("add")
def user_add(username: str, roles: RolesOpt,
             departments: DepartmentsOpt = None,
             display_name: Annotated[str, typer.Option()] = "",
             password_stdin: Annotated[bool, typer.Option(
                 help="Read the password from standard input")] = False,
             oidc: Annotated[bool, typer.Option(
                 "--oidc", help="No password: signs in with OpenID Connect only")] = False,
             ) -> None:
    """Create an account: liasse user add ana --role caseworker --department DEM"""
    password = None if oidc else _password(password_stdin)
    try:
        data = UserCreate(username=username, display_name=display_name, roles=roles,
                          departments=departments or [], password=password)
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc
    with cli_services().sessions.transaction() as session:
        user = account_queries.create_user(session, data=data)
        journal(session, action="user.create", entity_type="user", entity_id=username,
                after=UserPublic.model_validate(user).model_dump(mode="json"))
    typer.echo(f"user {username} created ({', '.join(roles)})")


@user_app.command("update")
def user_update(username: str, roles: Annotated[list[Role] | None, typer.Option(
                    "--role", help="Replaces the roles")] = None,
                departments: DepartmentsOpt = None,
                active: Annotated[bool | None, typer.Option("--active/--disabled")] = None,
                password: Annotated[bool, typer.Option(
                    "--password", help="Set a new password (prompted)")] = False,
                password_stdin: Annotated[bool, typer.Option()] = False) -> None:
    """Change roles, departments, the active flag or the password."""
    try:
        data = UserUpdate(roles=roles, departments=departments, active=active,
                          password=_password(password_stdin) if password or password_stdin
                          else None)
    except ValidationError as exc:
        raise InvalidInput(_first_error(exc)) from exc
    with cli_services().sessions.transaction() as session:
        user = account_queries.user_by_username(session, username=username)
        before = UserPublic.model_validate(user).model_dump(mode="json")
        account_queries.update_user(session, user=user, data=data)
        journal(session, action="user.update", entity_type="user", entity_id=username,
                before=before, after=UserPublic.model_validate(user).model_dump(mode="json"))
    typer.echo(f"user {username} updated")


@user_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    with cli_services().sessions() as session:
        rows = [UserPublic.model_validate(u).model_dump(mode="json")
                for u in account_queries.list_users(session)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        state = "" if row["active"] else " (disabled)"
        typer.echo(f"{row['username']:<20} {','.join(row['roles']):<30} "
                   f"{','.join(row['departments'])}{state}")


@user_app.command("token")
def user_token(username: str, name: Annotated[str, typer.Option(help="What it is for")],
               days: Annotated[int, typer.Option(min=0, help="0: never expires")] = 365) -> None:
    """Issue an API token for USERNAME. It is printed once; only its hash is kept."""
    if not name.strip():
        raise InvalidInput("a token needs a name")
    with cli_services().sessions.transaction() as session:
        user = account_queries.user_by_username(session, username=username)
        assert user.id is not None
        token, secret = account_queries.issue_token(
            session, user_id=user.id, name=name, lifetime=timedelta(days=days) if days else None)
        journal(session, action="token.create", entity_type="api_token", entity_id=token.id,
                after={"user": username, "name": name, "expires_at": token.expires_at})
    typer.echo(secret)

"""Accounts and the journal on the command line: ``liasse user``, ``liasse audit``."""

from __future__ import annotations

import csv
import getpass
import io

import pytest
from sqlalchemy import text

from core import InvalidInput, JournalBroken, make_engine
from tests.e2e.conftest import Cli


def test_users_and_tokens_from_the_command_line(cli: Cli) -> None:
    """WHEN an operator adds a caseworker (password on stdin), an OpenID-only clerk and a token
    THEN both are listed with their roles, and the token is printed once."""
    cli("user", "add", "ana", "--role", "caseworker", "--department", "DEM",
        "--department", "ENF", "--password-stdin", input="correct horse battery\n")
    cli("user", "add", "clara", "--role", "clerk", "--oidc")
    users = {u["username"]: u for u in cli("user", "list", "--json")}
    assert users["ana"]["roles"] == ["caseworker"]
    assert users["ana"]["departments"] == ["DEM", "ENF"]
    assert users["clara"]["roles"] == ["clerk"]
    token = cli("user", "token", "ana", "--name", "scanner").strip()
    assert token.startswith("lia_")
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        cli("user", "add", "bad", "--role", "clerk", "--password-stdin", input="short\n")


def test_changes_name_their_author_and_tampering_is_detected(cli: Cli,
                                                            catalog_url: str) -> None:
    """GIVEN changes made as the OS user and with --as WHEN one journal row is altered in the
    database THEN `liasse audit verify` exits 13 naming that entry; before, it was intact and
    the export named both authors."""
    cli("dossier", "add", "824415", "--title", "ARMENGAUD François", "--service", "DEM")
    cli("--as", "marie", "household", "add", "UA-1", "--name", "Famille Armengaud")
    assert "journal intact: 2 entries" in cli("audit", "verify")
    rows = list(csv.DictReader(io.StringIO(cli("audit", "export", "--csv"))))
    assert [(r["action"], r["username"]) for r in rows] == [
        ("dossier.create", f"os:{getpass.getuser()}"), ("household.create", "marie")]
    assert cli("audit", "export", "--csv", "--user", "marie").count("household.create") == 1

    engine = make_engine(catalog_url)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_event_no_update"
                          + (" ON audit_event" if postgres else "")))
        conn.execute(text("UPDATE audit_event SET username = 'nobody' WHERE seq = 1"))
    engine.dispose()
    with pytest.raises(JournalBroken, match="entry 1 was altered") as broken:
        cli("audit", "verify")
    assert broken.value.exit_code == 13

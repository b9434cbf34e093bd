"""Who may see what: the decision in ``core.access``, its SQL form for listing dossiers, and
the tokens the search index filters on, all agreeing for every role and scope."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import Session, select

from core import SessionFactory
from core.access import (
    Action,
    DocumentScope,
    DossierScope,
    Principal,
    ServiceScope,
    can,
    document_filter,
    document_scope,
    document_tokens,
    dossier_filter,
    dossier_scope,
    principal_for,
    visibility_tokens,
)
from core.catalog import (
    Document,
    DocumentStatus,
    Dossier,
    DossierCreate,
    Role,
    Sensitivity,
    UserCreate,
    account_queries,
    queries,
)
from core.catalog._base import utcnow

DEM_OPEN = DossierScope(id=1, service="DEM")
DEM_CLOSED = DossierScope(id=2, service="DEM", status="closed")
ENF_OPEN = DossierScope(id=3, service="ENF")
ENF_SECRET = DossierScope(id=4, service="ENF", confidential=True, named_roles=("supervisor",))
DEM_SECRET = DossierScope(id=5, service="DEM", confidential=True)


def person(*roles: Role, departments: tuple[str, ...] = (), assigned: tuple[int, ...] = (),
           glass: tuple[int, ...] = (), active: bool = True) -> Principal:
    return Principal(username="p", user_id=1, roles=frozenset(roles),
                     departments=frozenset(departments), assigned=frozenset(assigned),
                     break_glass=frozenset(glass), active=active)


@pytest.mark.parametrize(("who", "dossier", "allowed"), [
    (person(Role.caseworker, departments=("DEM",)), DEM_OPEN, True),
    (person(Role.caseworker, departments=("DEM",)), ENF_OPEN, False),
    (person(Role.caseworker, departments=("DEM",)), DEM_SECRET, False),
    (person(Role.caseworker, departments=("DEM",), assigned=(5,)), DEM_SECRET, True),
    (person(Role.caseworker, departments=("DEM",), assigned=(3,)), ENF_OPEN, True),
    (person(Role.supervisor), ENF_OPEN, True),
    (person(Role.supervisor), ENF_SECRET, True),   # named on it
    (person(Role.supervisor), DEM_SECRET, False),  # not named
    (person(Role.administrator), DEM_OPEN, True),
    (person(Role.administrator), ENF_SECRET, False),
    (person(Role.archivist), DEM_CLOSED, True),
    (person(Role.archivist), DEM_OPEN, False),
    (person(Role.clerk), DEM_OPEN, False),
    (person(Role.caseworker, departments=("DEM",), active=False), DEM_OPEN, False),
    (person(), DEM_OPEN, False),
])
def test_reading_a_dossiers_documents(who: Principal, dossier: DossierScope,
                                      allowed: bool) -> None:
    """GIVEN a person and a dossier WHEN they would read one of its documents THEN the decision
    follows roles, departments, assignments and confidentiality, and says why."""
    decision = can(who, Action.document_read, DocumentScope(dossier=dossier))
    assert decision.allowed is allowed, decision.reason
    assert decision.reason


def test_break_glass_opens_a_confidential_dossier_and_is_flagged() -> None:
    """GIVEN a caseworker with a break-glass grant on a confidential dossier of another
    service WHEN they read it THEN it is allowed, flagged, and the reason says break-glass."""
    who = person(Role.caseworker, departments=("DEM",), glass=(4,))
    decision = can(who, Action.document_read, DocumentScope(dossier=ENF_SECRET))
    assert decision.allowed and decision.flagged and "break-glass" in decision.reason
    assert not can(who, Action.document_read, DocumentScope(dossier=ENF_OPEN)).allowed
    assert not can(person(Role.caseworker), Action.document_read,
                   DocumentScope(dossier=ENF_SECRET)).flagged


def test_a_confidential_document_in_an_ordinary_dossier() -> None:
    """GIVEN a confidential document in a DEM dossier WHEN a DEM caseworker not assigned asks
    THEN refused; the assigned caseworker may; a clerk never sees it in the review queue."""
    secret = DocumentScope(dossier=DEM_OPEN, confidential=True, in_review=True)
    assert not can(person(Role.caseworker, departments=("DEM",)), Action.document_read, secret)
    assert can(person(Role.caseworker, assigned=(1,)), Action.document_read, secret)
    assert not can(person(Role.clerk), Action.document_read, secret)
    assert can(person(Role.clerk), Action.document_read,
               DocumentScope(dossier=DEM_OPEN, in_review=True))
    assert can(person(Role.clerk), Action.document_read, DocumentScope(dossier=None))


def test_one_roles_scope_never_widens_another_roles_actions() -> None:
    """GIVEN a clerk who is also a DEM caseworker WHEN they would change an ENF dossier
    THEN refused: the clerk's view of every dossier's details grants no changes."""
    who = person(Role.clerk, Role.caseworker, departments=("DEM",))
    assert can(who, Action.dossier_read, ENF_OPEN)
    assert not can(who, Action.dossier_write, ENF_OPEN)
    assert can(who, Action.dossier_write, DEM_OPEN)
    assert not can(who, Action.dossier_create, ServiceScope("ENF"))


@pytest.mark.parametrize(("role", "action", "allowed"), [
    (Role.caseworker, Action.audit_read, False), (Role.supervisor, Action.audit_read, True),
    (Role.administrator, Action.user_manage, True), (Role.supervisor, Action.user_manage, False),
    (Role.clerk, Action.batch_create, True), (Role.archivist, Action.batch_create, False),
    (Role.archivist, Action.retention_manage, True),
    (Role.caseworker, Action.break_glass, True), (Role.clerk, Action.break_glass, False),
])
def test_role_actions(role: Role, action: Action, allowed: bool) -> None:
    """GIVEN a role WHEN an action outside any dossier is asked THEN the role table decides."""
    assert can(person(role), action).allowed is allowed


def test_the_operator_is_unrestricted() -> None:
    operator = Principal.operator("os:root")
    assert visibility_tokens(operator) is None
    assert can(operator, Action.document_read, DocumentScope(dossier=ENF_SECRET))


PRINCIPALS = [
    person(Role.clerk), person(Role.caseworker, departments=("DEM",)),
    person(Role.caseworker, departments=("DEM", "ENF"), assigned=(4,)),
    person(Role.caseworker, glass=(5,)), person(Role.archivist), person(Role.supervisor),
    person(Role.administrator), person(Role.clerk, Role.archivist),
    person(Role.caseworker, departments=("DEM",), active=False),
]
DOSSIERS = [DossierScope(id=i, service=s, status=st, confidential=c, named_roles=n)
            for i, (s, st, c, n) in enumerate(itertools.product(
                ("DEM", "ENF"), ("open", "closed"), (False, True), ((), ("supervisor",))),
                start=1)]


@pytest.mark.parametrize("who", PRINCIPALS)
def test_index_tokens_agree_with_the_decision(who: Principal) -> None:
    """GIVEN every kind of document WHEN the index filter (shared tokens) and ``can`` judge
    it THEN they agree: search shows exactly what opening the document allows."""
    mine = set(visibility_tokens(who) or ())
    for dossier, confidential, review in itertools.product(
            [*DOSSIERS, None], (False, True), (False, True)):
        document = DocumentScope(dossier=dossier, confidential=confidential, in_review=review)
        by_tokens = bool(mine & set(document_tokens(document)))
        assert by_tokens == can(who, Action.document_read, document).allowed, document


def _create_every_kind_of_dossier(s: Session) -> list[int]:
    """One dossier per scope of ``DOSSIERS`` (service, status, sensitivity, named roles)."""
    ids = []
    for scope in DOSSIERS:
        dossier = queries.create_dossier(s, data=DossierCreate(
            number=f"N{scope.id}", title="t", service=scope.service,
            status=scope.status,  # type: ignore[arg-type]
            sensitivity=Sensitivity.confidential if scope.confidential
            else Sensitivity.normal))
        assert dossier.id is not None
        ids.append(dossier.id)
        account_queries.set_confidential_roles(s, dossier_id=dossier.id,
                                               roles=[Role(r) for r in scope.named_roles])
    return ids


def test_listing_dossiers_in_sql_agrees_with_the_decision(sessions: SessionFactory) -> None:
    """GIVEN dossiers of every service, status and sensitivity, some with named roles, and
    accounts of every role WHEN each lists dossiers THEN the SQL filter keeps exactly those
    ``can`` allows, on SQLite and PostgreSQL."""
    with sessions.transaction() as s:
        _create_every_kind_of_dossier(s)
    with sessions() as s:
        rows = s.exec(select(Dossier)).all()
        for who in PRINCIPALS:
            clause = dossier_filter(who)
            listed = {d.id for d in queries.list_dossiers(s, visible=clause, limit=1000)}
            expected = {d.id for d in rows
                        if can(who, Action.dossier_read, dossier_scope(s, dossier=d))}
            assert listed == expected, who


def test_counting_documents_in_sql_agrees_with_the_decision(sessions: SessionFactory) -> None:
    """GIVEN documents of every kind (in each dossier of every service, status, sensitivity
    and named role, and unfiled; confidential or not; in review or not) WHEN each account's
    document filter is applied in SQL THEN it keeps exactly the documents ``can`` lets it read
    (what a report may count), on SQLite and PostgreSQL."""
    with sessions.transaction() as s:
        dossier_ids: list[int | None] = [None, *_create_every_kind_of_dossier(s)]
        for n, (dossier_id, secret, review) in enumerate(itertools.product(
                dossier_ids, (False, True), (False, True))):
            s.add(Document(title="d", dossier_id=dossier_id, confidential=secret,
                           status=DocumentStatus.review if review else DocumentStatus.active,
                           original_sha256=f"{n:064d}", original_key="k", mime_type="x"))
    with sessions() as s:
        documents = s.exec(select(Document)).all()
        for who in [*PRINCIPALS, person(Role.caseworker, glass=(5,))]:
            query = select(Document.id).outerjoin(Dossier, Dossier.id == Document.dossier_id)
            clause = document_filter(who)
            kept = set(s.exec(query if clause is None else query.where(clause)).all())
            expected = {d.id for d in documents if can(
                who, Action.document_read, document_scope(s, document=d))}
            assert kept == expected, who


def test_a_principal_from_the_catalog(sessions: SessionFactory) -> None:
    """GIVEN an account assigned to one dossier with an expired and a live break-glass grant
    WHEN its principal is built THEN it carries the assignment and only the live grant."""
    from datetime import timedelta

    with sessions.transaction() as s:
        ana = account_queries.create_user(s, data=UserCreate(
            username="ana", roles=[Role.caseworker], departments=["DEM"], password=None))
        ids = [queries.create_dossier(s, data=DossierCreate(number=n, title=n)).id
               for n in ("A", "B", "C")]
        assert ana.id is not None and all(ids)
        account_queries.set_assignments(s, dossier_id=ids[0] or 0, usernames=["ana"])
        for dossier_id, minutes in ((ids[1], 30), (ids[2], -30)):
            account_queries.grant_break_glass(s, user_id=ana.id, dossier_id=dossier_id or 0,
                                              reason="urgent placement tonight",
                                              lifetime=timedelta(minutes=minutes))
    with sessions() as s:
        user = account_queries.user_by_username(s, username="ana")
        who = principal_for(s, user=user, now=utcnow())
    assert who.assigned == {ids[0]} and who.break_glass == {ids[1]}
    assert who.roles == {Role.caseworker} and who.departments == {"DEM"}

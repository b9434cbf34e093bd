"""Who may do what: the one place Liasse decides it. Pure functions over plain records.

Roles allow *actions* (``ROLE_ACTIONS``). Actions on a dossier or a document are also limited
by *scope*, expressed as access tokens: a dossier or document carries tokens
(``dossier_tokens``, ``document_tokens``), a person holds tokens (``principal_tokens``), and
access is allowed when they share one. The search index stores the same document tokens and
filters on the person's tokens (``visibility_tokens``), so a search can never show what opening
the document would refuse.

Tokens: ``all`` (every non-confidential dossier), ``svc:DEM`` (non-confidential dossiers of a
service), ``archive`` (non-confidential closed or archived dossiers), ``meta`` (a dossier's own
metadata, not its documents), ``unfiled`` / ``unfiled-confidential`` (documents in no dossier
yet), ``review`` (non-confidential documents waiting in the review queue), ``d:ID`` (one dossier,
confidential or not: assignment or break-glass), ``cr:ROLE`` (confidential dossiers naming ROLE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from core.catalog.accounts import Role


class Action(StrEnum):
    document_read = "document.read"          # view, page text, page image, original
    document_write = "document.write"        # metadata, confidentiality
    dossier_read = "dossier.read"
    dossier_create = "dossier.create"        # scope: the new dossier's service
    dossier_write = "dossier.write"          # metadata, elements
    dossier_grant = "dossier.grant"          # assignments, roles named on confidential dossiers
    break_glass = "dossier.break_glass"      # emergency access, with a reason
    people_read = "people.read"              # households and persons (the person registry)
    people_write = "people.write"
    batch_create = "batch.create"
    batch_read = "batch.read"                # any batch (everyone may follow their own)
    search = "search"
    audit_read = "audit.read"
    user_manage = "user.manage"
    retention_manage = "retention.manage"
    review = "review"                        # the review queue: confirm, correct, merge, split


_A = Action
_WORK = {_A.document_read, _A.dossier_read, _A.people_read, _A.people_write, _A.search,
         _A.batch_create}
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.clerk: frozenset(_WORK | {_A.document_write, _A.batch_read, _A.review}),
    Role.caseworker: frozenset(_WORK | {_A.document_write, _A.dossier_create, _A.dossier_write,
                                        _A.break_glass}),
    Role.archivist: frozenset({_A.document_read, _A.dossier_read, _A.people_read, _A.search,
                               _A.retention_manage}),
    Role.supervisor: frozenset(_WORK | {_A.document_write, _A.dossier_create, _A.dossier_write,
                                        _A.dossier_grant, _A.break_glass, _A.batch_read,
                                        _A.audit_read, _A.review}),
    Role.administrator: frozenset(_WORK | {_A.document_write, _A.dossier_create,
                                           _A.dossier_write, _A.dossier_grant, _A.batch_read,
                                           _A.audit_read, _A.user_manage}),
}
CLOSED_STATUSES = frozenset({"closed", "archived"})


@dataclass(frozen=True)
class Principal:
    """The person acting, with what their account grants them right now."""

    username: str
    user_id: int | None = None
    roles: frozenset[Role] = frozenset()
    departments: frozenset[str] = frozenset()
    assigned: frozenset[int] = frozenset()      # dossier ids
    break_glass: frozenset[int] = frozenset()   # dossier ids with an unexpired grant
    active: bool = True
    unrestricted: bool = False

    @classmethod
    def operator(cls, username: str) -> Principal:
        """The operator on the server's command line: local administrative rights."""
        return cls(username=username, unrestricted=True)


@dataclass(frozen=True)
class ServiceScope:
    """A service (department), e.g. for a dossier about to be created in it."""

    service: str


@dataclass(frozen=True)
class DossierScope:
    id: int
    service: str = ""
    status: str = "open"
    confidential: bool = False
    named_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentScope:
    dossier: DossierScope | None
    confidential: bool = False
    in_review: bool = False


Resource = ServiceScope | DossierScope | DocumentScope


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    flagged: bool = field(default=False, compare=False)  # break-glass: to review

    def __bool__(self) -> bool:
        return self.allowed


def dossier_tokens(dossier: DossierScope, *, metadata: bool = False) -> tuple[str, ...]:
    if dossier.confidential:
        return (f"d:{dossier.id}", *(f"cr:{role}" for role in sorted(dossier.named_roles)))
    tokens = [f"d:{dossier.id}", "all", f"svc:{dossier.service}"]
    if dossier.status in CLOSED_STATUSES:
        tokens.append("archive")
    if metadata:
        tokens.append("meta")
    return tuple(tokens)


def document_tokens(document: DocumentScope) -> tuple[str, ...]:
    """The tokens a document carries, in the catalog's decisions and in the search index."""
    dossier = document.dossier
    if dossier is None:
        return ("unfiled-confidential",) if document.confidential else ("unfiled",)
    if document.confidential and not dossier.confidential:
        dossier = DossierScope(dossier.id, dossier.service, dossier.status, True,
                               dossier.named_roles)
    tokens = dossier_tokens(dossier)
    if document.in_review and not dossier.confidential:
        tokens = (*tokens, "review")
    return tokens


def _role_tokens(role: Role, departments: Iterable[str]) -> tuple[str, ...]:
    match role:
        case Role.clerk:
            return ("unfiled", "review", "meta")
        case Role.caseworker:
            return tuple(f"svc:{d}" for d in sorted(departments))
        case Role.archivist:
            return ("archive",)
        case Role.supervisor:
            return ("all", "unfiled", "unfiled-confidential")
        case Role.administrator:
            return ("all", "unfiled")
    return ()  # pragma: no cover - every role is matched above


def principal_tokens(principal: Principal, action: Action, *,
                     with_break_glass: bool = True) -> frozenset[str]:
    """The tokens through which ``principal`` may perform ``action``: only the roles that
    allow the action contribute, so one role's scope never widens another role's actions."""
    roles = [r for r in principal.roles if action in ROLE_ACTIONS.get(r, frozenset())]
    if not principal.active or not roles:
        return frozenset()
    tokens = {t for role in roles for t in _role_tokens(role, principal.departments)}
    tokens |= {f"cr:{role}" for role in roles}
    tokens |= {f"d:{dossier_id}" for dossier_id in principal.assigned}
    if with_break_glass:
        tokens |= {f"d:{dossier_id}" for dossier_id in principal.break_glass}
    return frozenset(tokens)


def visibility_tokens(principal: Principal) -> tuple[str, ...] | None:
    """What the search index filters on: ``None`` for no restriction, else the documents
    carrying at least one of these tokens (an empty tuple: none at all)."""
    if principal.unrestricted and principal.active:
        return None
    return tuple(sorted(principal_tokens(principal, Action.document_read)))


def resource_tokens(resource: Resource, action: Action) -> tuple[str, ...]:
    if isinstance(resource, ServiceScope):
        return ("all", f"svc:{resource.service}")
    if isinstance(resource, DossierScope):
        return dossier_tokens(resource, metadata=action == Action.dossier_read)
    return document_tokens(resource)


def can(principal: Principal, action: Action, resource: Resource | None = None) -> Decision:
    """May ``principal`` perform ``action`` (on ``resource``)? The answer carries its reason."""
    if not principal.active:
        return Decision(False, "the account is disabled")
    if principal.unrestricted:
        return Decision(True, "operator on the server's command line")
    roles = sorted(r for r in principal.roles if action in ROLE_ACTIONS.get(r, frozenset()))
    if not roles:
        return Decision(False, f"no role of {principal.username} allows {action}")
    if resource is None:
        return Decision(True, f"role {roles[0]} allows {action}")
    shared = sorted(set(resource_tokens(resource, action))
                    & principal_tokens(principal, action, with_break_glass=False))
    if shared:
        return Decision(True, _because(shared[0]))
    dossier_id = _dossier_id(resource)
    if dossier_id is not None and dossier_id in principal.break_glass:
        return Decision(True, "break-glass access (emergency, to be reviewed)", flagged=True)
    return Decision(False, _refused(resource))


def _dossier_id(resource: Resource) -> int | None:
    if isinstance(resource, DossierScope):
        return resource.id
    if isinstance(resource, DocumentScope) and resource.dossier is not None:
        return resource.dossier.id
    return None


_BECAUSE = {"all": "every department", "archive": "a closed or archived dossier",
            "meta": "dossier details (not its documents)", "unfiled": "a document in no dossier",
            "unfiled-confidential": "a confidential document in no dossier",
            "review": "a document in the review queue"}


def _because(token: str) -> str:
    kind, _, value = token.partition(":")
    if kind == "d":
        return "assigned to the dossier"
    if kind == "svc":
        return f"department {value}"
    if kind == "cr":
        return f"role {value} is named on the confidential dossier"
    return _BECAUSE.get(token, token)


def _refused(resource: Resource) -> str:
    if isinstance(resource, ServiceScope):
        return f"department {resource.service!r} is not one of yours"
    if isinstance(resource, DocumentScope) and resource.confidential:
        return "confidential document"
    dossier = resource if isinstance(resource, DossierScope) else resource.dossier
    if dossier is not None and dossier.confidential:
        return "confidential dossier"
    return "outside your departments and assignments"

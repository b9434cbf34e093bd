"""Who may see and do what: roles, departments, assignments, confidential dossiers and
break-glass access, decided in one place for the API, the CLI and the search index."""

from core.access._policy import (
    ROLE_ACTIONS,
    Action,
    Decision,
    DocumentScope,
    DossierScope,
    Principal,
    Resource,
    ServiceScope,
    can,
    document_tokens,
    dossier_tokens,
    principal_tokens,
    visibility_tokens,
)
from core.access._scope import (
    document_access_tokens,
    document_filter,
    document_scope,
    dossier_filter,
    dossier_scope,
    principal_for,
)

__all__ = [
    "ROLE_ACTIONS", "Action", "Decision", "DocumentScope", "DossierScope", "Principal",
    "Resource", "ServiceScope", "can", "document_access_tokens", "document_filter",
    "document_scope", "document_tokens", "dossier_filter", "dossier_scope", "dossier_tokens",
    "principal_for", "principal_tokens", "visibility_tokens",
]

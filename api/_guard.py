"""The one authorisation helper every router uses: it asks ``core.access`` and writes the
journal. A dossier or document the person may not see is answered 404, exactly as if it did
not exist; an action their roles do not allow is answered 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import ColumnElement
from sqlmodel import Session

from api._auth import CurrentUser
from api.deps import SessionDep
from core import Forbidden, NotFound
from core.access import (
    Action,
    Decision,
    Principal,
    Resource,
    can,
    document_scope,
    dossier_filter,
    dossier_scope,
    visibility_tokens,
)
from core.catalog import Actor, Document, Dossier, append_event, queries, refuse_if_held

# Changes a legal hold (or an archived, frozen dossier) refuses, whoever asks.
_CHANGES = frozenset({Action.dossier_write, Action.document_write})


@dataclass(frozen=True)
class OpenedDocument:
    document: Document
    dossier: Dossier | None
    decision: Decision


@dataclass
class Guard:
    principal: Principal
    session: Session

    @property
    def actor(self) -> Actor:
        return Actor(username=self.principal.username, user_id=self.principal.user_id)

    def require(self, action: Action, resource: Resource | None = None) -> Decision:
        """403 unless ``action`` is allowed (the reason is in the answer)."""
        decision = can(self.principal, action, resource)
        if not decision:
            raise Forbidden(f"{action} refused: {decision.reason}")
        return decision

    def allows(self, action: Action, resource: Resource | None = None) -> bool:
        return can(self.principal, action, resource).allowed

    def dossier(self, number: str, action: Action = Action.dossier_read) -> Dossier:
        """The dossier, if the person may see it (else 404) and ``action`` it (else 403)."""
        dossier = queries.find_dossier(self.session, number=number)
        scope = dossier_scope(self.session, dossier=dossier) if dossier else None
        if scope is None or not can(self.principal, Action.dossier_read, scope):
            raise NotFound(f"no dossier with number {number}")
        if action != Action.dossier_read:
            self.require(action, scope)
        assert dossier is not None
        if action in _CHANGES:
            refuse_if_held(self.session, dossier=dossier)
        return dossier

    def document(self, document_id: int,
                 action: Action = Action.document_read) -> OpenedDocument:
        """The document, if the person may read it (else 404) and ``action`` it (else 403)."""
        document = self.session.get(Document, document_id)
        scope = document_scope(self.session, document=document) if document else None
        seen = can(self.principal, Action.document_read, scope) if scope else None
        if document is None or scope is None or not seen:
            raise NotFound(f"no document {document_id}")
        decision = seen if action == Action.document_read else self.require(action, scope)
        if action in _CHANGES:
            refuse_if_held(self.session, document=document)
        dossier = self.session.get(Dossier, document.dossier_id) if document.dossier_id else None
        return OpenedDocument(document=document, dossier=dossier, decision=decision)

    def may_read(self, document: Document) -> bool:
        return can(self.principal, Action.document_read,
                   document_scope(self.session, document=document)).allowed

    def read(self, opened: OpenedDocument, action: str, detail: str = "") -> None:
        """Journal one read of a document (view, page, original)."""
        decision = opened.decision
        self.record(action=action, entity_type="document", entity_id=opened.document.id,
                    dossier=opened.dossier, after={"page": detail} if detail else None,
                    reason=decision.reason if decision.flagged else "",
                    flagged=decision.flagged)

    def record(self, *, action: str, entity_type: str, entity_id: object = "",
               dossier: Dossier | None = None, person_id: int | None = None,
               before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
               reason: str = "", flagged: bool = False) -> None:
        """Journal a read or a change (with the record before and after it)."""
        append_event(self.session, actor=self.actor, action=action, entity_type=entity_type,
                     entity_id=entity_id, dossier_id=dossier.id if dossier else None,
                     person_id=person_id if person_id is not None else (
                         dossier.person_id if dossier else None),
                     before=before, after=after, reason=reason, flagged=flagged)

    def visible_to(self) -> tuple[str, ...] | None:
        return visibility_tokens(self.principal)

    def dossier_filter(self, action: Action = Action.dossier_read) -> ColumnElement[bool] | None:
        return dossier_filter(self.principal, action)


def get_guard(principal: CurrentUser, session: SessionDep) -> Guard:
    return Guard(principal=principal, session=session)


GuardDep = Annotated[Guard, Depends(get_guard)]

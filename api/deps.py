"""FastAPI dependencies as ``Annotated`` aliases, overridable in tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from api._config import AuthConfig
from core import SessionFactory
from index import SearchIndex
from ingest import ReviewRules
from letters import LetterServices
from storage import BlobStore


@dataclass(frozen=True)
class ApiContext:
    """What the routes need, built by the composition root (``liasse.app``)."""

    sessions: SessionFactory
    blobs: BlobStore
    index: SearchIndex
    submit_items: Callable[[Sequence[int]], None]
    max_upload_bytes: int
    auth: AuthConfig = field(default_factory=AuthConfig)
    review: ReviewRules = field(default_factory=ReviewRules)
    letters: LetterServices | None = None  # None: this server makes no letters


def get_context(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context


ContextDep = Annotated[ApiContext, Depends(get_context)]


def get_session(context: ContextDep) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on error."""
    with context.sessions.transaction() as session:
        yield session


# scope="function": commit before the response leaves, so a client that reads right after a
# write sees it (the default would commit after the response is sent).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_blobs(context: ContextDep) -> BlobStore:
    return context.blobs


def get_index(context: ContextDep) -> SearchIndex:
    return context.index


BlobStoreDep = Annotated[BlobStore, Depends(get_blobs)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]

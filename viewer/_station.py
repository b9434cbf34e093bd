"""The review station's model: the queue (filtered by batch and reason), the card in front of
the clerk, what Liasse decided about it and why, its pages and the next cards; and the queue
position a form carries so every action comes back to the same place."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlmodel import col, select

from api import GuardDep
from core.catalog import Document, DossierElement, Person, document_persons
from ingest import ReviewReason
from viewer._api import get_suggestions, review

QUEUE_SIZE = 50
REASONS = ("no_dossier", "doubtful_link", "low_confidence", "unreadable_page", "doubtful_split")
IMAGE_WIDTH = 1200
THUMB_WIDTH = 160
UPCOMING = 4


@dataclass(frozen=True, slots=True)
class Position:
    """Where the clerk is in the queue: its filters, its page, the card in front of her."""

    batch: int | None = None
    reason: str = ""
    page: int = 1
    at: int | None = None

    def moved(self, **changes: Any) -> Position:
        """Another filter: back to the queue's first page and card."""
        return replace(self, **{"page": 1, "at": None, **changes})

    def query(self, at: int | None = None, **extra: Any) -> str:
        values: dict[str, Any] = {"batch": self.batch, "reason": self.reason,
                                  "page": self.page if self.page > 1 else None,
                                  "at": at if at is not None else self.at, **extra}
        kept = {k: v for k, v in values.items() if v not in (None, "")}
        return f"/review?{urlencode(kept)}" if kept else "/review"


@dataclass(slots=True)
class Station:
    position: Position
    total: int
    cards: list[dict[str, Any]]
    current: dict[str, Any] | None = None
    index: int = 0
    document: Document | None = None
    element: str = ""
    persons: list[dict[str, str]] = field(default_factory=list)
    previous_part: int | None = None  # the part of the same file just before this one

    @property
    def previous(self) -> int | None:
        return self.cards[self.index - 1]["document"] if self.current and self.index else None

    @property
    def next(self) -> int | None:
        if self.current and self.index + 1 < len(self.cards):
            return int(self.cards[self.index + 1]["document"])
        return None

    @property
    def after_decision(self) -> int | None:
        """The card the clerk goes to once the current one leaves the queue."""
        return self.next or self.previous

    @property
    def upcoming(self) -> list[dict[str, Any]]:
        return self.cards[self.index + 1:self.index + 1 + UPCOMING]

    @property
    def pages(self) -> int:
        return int(self.current["pages"]) if self.current else 0


def image_url(document_id: int, page: int, width: int = IMAGE_WIDTH) -> str:
    return f"/api/v1/documents/{document_id}/pages/{page}/image?width={width}"


def build_station(guard: GuardDep, position: Position) -> Station:
    chosen = ReviewReason(position.reason) if position.reason in REASONS else None
    queue = review.list_review(guard, chosen, position.batch,
                               (position.page - 1) * QUEUE_SIZE, QUEUE_SIZE)
    station = Station(position, queue["total"], queue["documents"])
    ids = [card["document"] for card in station.cards]
    if not ids:
        return station
    station.index = ids.index(position.at) if position.at in ids else 0
    station.current = station.cards[station.index]
    station.current["suggestions"] = get_suggestions(station.current["document"],
                                                     guard)["suggestions"]
    _describe(guard, station)
    return station


def _describe(guard: GuardDep, station: Station) -> None:
    """The current document's row, element, persons and the part before it in its file."""
    assert station.current is not None
    document = guard.document(int(station.current["document"])).document
    station.document = document
    if document.element_id:
        element = guard.session.get(DossierElement, document.element_id)
        station.element = element.reference if element else ""
    for link in document_persons(guard.session, document_id=int(document.id or 0)):
        person = guard.session.get(Person, link.person_id)
        if person is not None:
            station.persons.append({"name": f"{person.given_names} {person.family_name}",
                                    "reason": link.reason, "made_by": link.made_by})
    before = guard.session.exec(select(Document).where(
        Document.original_sha256 == document.original_sha256,
        col(Document.part) < document.part).order_by(col(Document.part).desc())).first()
    if before is not None and guard.may_read(before):
        station.previous_part = before.id

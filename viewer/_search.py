"""The search screen: a box, filters, facets to narrow down, and hits that open on their page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlmodel import col, select

from api import GuardDep, IndexDep
from core.access import Action
from core.catalog import Document, Person
from index import SearchHit, SearchQuery, SearchResult
from viewer._highlight import encode_boxes
from viewer._render import render

router = APIRouter()
PAGE_SIZE = 20
FALLBACK_FACET_HITS = 200  # an index without facet counts: count among this many hits


@dataclass(frozen=True)
class SearchForm:
    q: str = ""
    type: str = ""
    dossier: str = ""
    year: str = ""
    element: str = ""
    person: str = ""
    page: int = 1

    @classmethod
    def from_request(cls, request: Request) -> SearchForm:
        params = request.query_params
        values = {f.name: params.get(f.name, "").strip()[:200] for f in fields(cls)
                  if f.name != "page"}
        page = params.get("page", "1")
        return cls(**values, page=min(max(int(page), 1), 500) if page.isdigit() else 1)

    def query(self, visible_to: tuple[str, ...] | None, *, limit: int = PAGE_SIZE,
              offset: int | None = None) -> SearchQuery:
        year = int(self.year) if self.year.isdigit() and len(self.year) == 4 else None
        wanted: dict[str, Any] = {
            "text": self.q, "dossier": self.dossier or None, "doc_type": self.type or None,
            "date_from": date(year, 1, 1) if year else None,
            "date_to": date(year, 12, 31) if year else None,
            "element": self.element or None, "facets": True,
            "person_id": int(self.person) if self.person.isdigit() else None,
            "limit": limit, "visible_to": visible_to,
            "offset": (self.page - 1) * PAGE_SIZE if offset is None else offset}
        supported = {f.name for f in fields(SearchQuery)}
        return SearchQuery(**{k: v for k, v in wanted.items() if k in supported})

    def link(self, **changes: object) -> str:
        """This search with some filters changed (``page`` back to 1 unless given)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | {"page": 1} | changes
        kept = {k: v for k, v in values.items()
                if v not in ("", None) and not (k == "page" and v == 1)}
        return "/search?" + urlencode(kept)


@router.get("/search")
def search_screen(request: Request, guard: GuardDep, index: IndexDep) -> Response:
    guard.require(Action.search)
    form = SearchForm.from_request(request)
    searched = bool(form.q or form.type or form.dossier or form.year or form.element
                    or form.person)
    result = index.search(form.query(guard.visible_to())) if searched else SearchResult(0)
    hits = [h for h in result.hits if still_readable(guard, h)]
    facets = facet_counts(guard, index, form, result) if searched else {}
    pages = max(1, -(-result.total // PAGE_SIZE))
    return render(request, "search.html", guard=guard, form=form, searched=searched,
                  total=result.total, hits=[_hit_view(h, form) for h in hits], facets=facets,
                  pages=pages, persons=_person_names(guard, facets.get("person", ())))


def still_readable(guard: GuardDep, hit: SearchHit) -> bool:
    """As the API does: the catalog has the last word should the index lag behind."""
    document = guard.session.get(Document, hit.document)
    return document is not None and guard.may_read(document)


def _hit_view(hit: SearchHit, form: SearchForm) -> dict[str, Any]:
    query: dict[str, Any] = {"page": hit.page or 1}
    if form.q:
        query["q"] = form.q
    boxes = getattr(hit, "boxes", ())
    if boxes:  # the index's own boxes of the matches on that page, carried to the document
        query["boxes"] = encode_boxes(boxes)
    return {"hit": hit, "snippet": Markup(hit.snippet),  # <mark> only; the rest is escaped
            "href": f"/documents/{hit.document}?{urlencode(query)}",
            "doc_date": getattr(hit, "doc_date", None)}


def facet_counts(guard: GuardDep, index: IndexDep, form: SearchForm,
                 result: SearchResult) -> dict[str, tuple[tuple[str, int], ...]]:
    """The index's facet counts; an index that gives none is counted here, by type and year,
    among the first ``FALLBACK_FACET_HITS`` documents the person may read."""
    given = getattr(result, "facets", None)
    if given:
        return {name: tuple((str(v), int(n)) for v, n in counts) for name, counts in
                given.items() if counts}
    wide = index.search(form.query(guard.visible_to(), limit=FALLBACK_FACET_HITS, offset=0))
    ids = [h.document for h in wide.hits]
    documents = guard.session.exec(select(Document).where(col(Document.id).in_(ids))).all()
    readable = [d for d in documents if guard.may_read(d)]
    types = Counter(d.doc_type for d in readable if d.doc_type)
    years = Counter(str(d.doc_date.year) for d in readable if d.doc_date)
    return {name: tuple(counter.most_common(12)) for name, counter in
            (("type", types), ("year", years)) if counter}


def _person_names(guard: GuardDep, counts: tuple[tuple[str, int], ...]) -> dict[str, str]:
    ids = [int(v) for v, _ in counts if v.isdigit()]
    if not ids or not guard.allows(Action.people_read):
        return {}
    people = guard.session.exec(select(Person).where(col(Person.id).in_(ids))).all()
    return {str(p.id): f"{p.given_names} {p.family_name}".strip() for p in people}

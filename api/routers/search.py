"""Full-text search over documents, filtered by dossier metadata and by what the person may
see: the permission filter is part of the index query, so totals, facets and snippets respect
it. Also the caseworker's two desks: a household's documents (every dossier of the household
and the documents linked to its members while they were members, see ``MemberPeriod``) and a
person's documents.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlmodel import Session, col, select

from api._guard import GuardDep
from api.deps import IndexDep
from core import NotFound
from core.access import Action
from core.catalog import Document, DossierElement, Person, queries
from index import SORTS, MemberPeriod, SearchHit, SearchQuery, SearchResult, Sort

router = APIRouter(prefix="/search", tags=["search"])
households = APIRouter(prefix="/households", tags=["search"])
persons = APIRouter(prefix="/persons", tags=["search"])

MAX_OFFSET = 100_000_000  # no cap that a real archive reaches; the index pages that deep
Id = Annotated[int, Query(ge=0, le=2**31 - 1)]


@dataclass(frozen=True)
class SearchParams:
    """The query-string parameters every search route shares."""

    q: Annotated[str, Query(max_length=1000, description="Words, \"phrases\", OR, NOT/-, "
                            "(...), type: dossier: element: person: household: date:A..B "
                            "year:; typos forgiven")] = ""
    dossier: str | None = None
    doc_type: Annotated[str | None, Query(alias="type")] = None
    date_from: date | None = None
    date_to: date | None = None
    element: str | None = None
    status: str | None = None
    source: str | None = None
    sort: Annotated[Sort, Query(description=" | ".join(SORTS))] = "relevance"
    facets: bool = False
    limit: Annotated[int, Query(ge=1, le=200)] = 20
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0

    def query(self, guard: GuardDep, **scope: Any) -> SearchQuery:
        return SearchQuery(
            text=self.q, dossier=self.dossier, doc_type=self.doc_type,
            date_from=self.date_from, date_to=self.date_to, element=self.element,
            status=self.status, source=self.source, sort=self.sort, facets=self.facets,
            limit=self.limit, offset=self.offset, visible_to=guard.visible_to(), **scope)


ParamsDep = Annotated[SearchParams, Depends()]


@router.get("")
def search(index: IndexDep, guard: GuardDep, params: ParamsDep,
           household: Id | None = None, person: Id | None = None) -> dict[str, Any]:
    """Hits carry the page of the best match, a snippet with ``<mark>``ed words and the boxes
    of the matched words on that page (fractions of the page); ``facets=true`` adds counts
    per type, year, element and person. ``household`` is the household view (its dossiers and
    its members' documents of their membership periods)."""
    guard.require(Action.search)
    scope: dict[str, Any] = {"person_id": person}
    if household is not None:
        scope.update(household_id=household,
                     household_members=household_periods(guard.session, household))
    return _answer(guard, index.search(params.query(guard, **scope)))


@households.get("/{code}/documents")
def household_documents(code: str, index: IndexDep, guard: GuardDep,
                        params: ParamsDep) -> dict[str, Any]:
    """Every document of the household the person may see, the newest first unless ``q``
    ranks them: those of its dossiers, and those linked to a member (in any dossier) dated
    within the person's membership; an undated one only while the person is a member today."""
    guard.require(Action.search)
    found = queries.household_by_code(guard.session, code=code)
    assert found.id is not None
    query = params.query(guard, household_id=found.id,
                         household_members=household_periods(guard.session, found.id))
    return _answer(guard, index.search(query))


@persons.get("/{person_id}/documents")
def person_documents(index: IndexDep, guard: GuardDep, params: ParamsDep,
                     person_id: Annotated[int, Path(ge=0, le=2**31 - 1)]) -> dict[str, Any]:
    """Every document concerning the person that the reader may see, in all dossiers."""
    guard.require(Action.search)
    if guard.session.get(Person, person_id) is None:
        raise NotFound(f"no person {person_id}")
    return _answer(guard, index.search(params.query(guard, person_id=person_id)))


def household_periods(session: Session, household_id: int) -> tuple[MemberPeriod, ...]:
    """The household's memberships with their dates, resolved at query time from the catalog:
    a new or ended membership needs no reindex. Shared with ``liasse search --household``."""
    return tuple(MemberPeriod(m.person_id, m.start_date, m.end_date)
                 for m in queries.household_memberships(session, household_id=household_id))


def _answer(guard: GuardDep, result: SearchResult) -> dict[str, Any]:
    hits = [h for h in result.hits if _still_readable(guard, h)]
    answer: dict[str, Any] = {"total": result.total,
                              "hits": [search_hit_json(asdict(h)) for h in hits]}
    if result.facets:
        answer["facets"] = facets_json(guard, result)
    return answer


def _still_readable(guard: GuardDep, hit: SearchHit) -> bool:
    """Defence in depth: the catalog has the last word, should the index lag behind a change
    of access (a document marked confidential a moment ago)."""
    document = guard.session.get(Document, hit.document)
    return document is not None and guard.may_read(document)


def facets_json(guard: GuardDep, result: SearchResult) -> dict[str, list[dict[str, Any]]]:
    """``{"type": [{"value", "count"}], "year": ..., "element": [... "label"], "person":
    [... "label"]}``: labels name elements and persons for the viewer."""
    labels = _labels(guard, result)
    return {name: [{"value": value, "count": count,
                    **({"label": labels[name].get(value, "")} if name in labels else {})}
                   for value, count in counts]
            for name, counts in result.facets.items()}


def _labels(guard: GuardDep, result: SearchResult) -> dict[str, dict[str, str]]:
    ids = [int(v) for v, _ in result.facets.get("person", ()) if v.isdigit()]
    people = guard.session.exec(select(Person).where(col(Person.id).in_(ids))).all()
    references = [v for v, _ in result.facets.get("element", ())]
    elements = guard.session.exec(select(DossierElement)
                                  .where(col(DossierElement.reference).in_(references))).all()
    return {
        "person": {str(p.id): f"{p.family_name} {p.given_names}".strip() for p in people},
        "element": {e.reference: e.title or e.kind for e in elements},
    }


def search_hit_json(hit: dict[str, Any]) -> dict[str, Any]:
    """The stable JSON shape of a hit, shared with ``liasse search --json`` (``boxes``:
    ``[x0, y0, x1, y1]`` fractions of the page, origin top-left; ``doc_date`` ISO or null)."""
    keys = ("document", "dossier", "title", "doc_type", "page", "snippet", "score")
    shaped = {key: hit[key] for key in keys}
    shaped["boxes"] = [list(box) for box in hit.get("boxes", ())]
    day = hit.get("doc_date")
    shaped["doc_date"] = day.isoformat() if isinstance(day, date) else None
    return shaped

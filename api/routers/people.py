"""Households (unités d'allocation) and persons: the person registry, open to every role that
works with dossiers (what a person's *documents* say stays behind the dossier rules)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from sqlmodel import col, select

from api._changes import snapshot
from api._guard import GuardDep
from core import NotFound
from core.access import Action
from core.catalog import (
    Household,
    HouseholdCreate,
    HouseholdMembership,
    HouseholdPublic,
    MembershipCreate,
    MembershipPublic,
    Person,
    PersonCreate,
    PersonPublic,
    queries,
)
from core.catalog.search_keys import key_matches

households = APIRouter(prefix="/households", tags=["households"])
persons = APIRouter(prefix="/persons", tags=["persons"])

Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=1000)]


@households.get("", response_model=list[HouseholdPublic])
def list_households(guard: GuardDep, offset: Offset = 0, limit: Limit = 100) -> Sequence[Household]:
    guard.require(Action.people_read)
    query = select(Household).order_by(col(Household.code)).offset(offset).limit(min(limit, 1000))
    return guard.session.exec(query).all()


@households.post("", response_model=HouseholdPublic, status_code=status.HTTP_201_CREATED)
def create_household(data: HouseholdCreate, guard: GuardDep) -> Household:
    guard.require(Action.people_write)
    household = queries.create_household(guard.session, data=data)
    guard.record(action="household.create", entity_type="household", entity_id=household.code,
                 after=snapshot(household))
    return household


@households.get("/{code}", response_model=HouseholdPublic)
def get_household(code: str, guard: GuardDep) -> Household:
    guard.require(Action.people_read)
    return queries.household_by_code(guard.session, code=code)


@households.get("/{code}/members", response_model=list[PersonPublic])
def household_members(code: str, guard: GuardDep) -> Sequence[Person]:
    guard.require(Action.people_read)
    household = queries.household_by_code(guard.session, code=code)
    assert household.id is not None
    return queries.household_members(guard.session, household_id=household.id)


@households.post("/{code}/members", response_model=MembershipPublic,
                 status_code=status.HTTP_201_CREATED)
def add_member(code: str, data: MembershipCreate, guard: GuardDep) -> HouseholdMembership:
    guard.require(Action.people_write)
    household = queries.household_by_code(guard.session, code=code)
    payload = MembershipCreate.model_validate(data.model_dump() | {"household_id": household.id})
    membership = queries.add_membership(guard.session, data=payload)
    guard.record(action="membership.create", entity_type="household", entity_id=code,
                 person_id=membership.person_id, after=snapshot(membership))
    return membership


@persons.get("", response_model=list[PersonPublic])
def list_persons(guard: GuardDep, name: str | None = None, offset: Offset = 0,
                 limit: Limit = 100) -> Sequence[Person]:
    guard.require(Action.people_read)
    query = select(Person).order_by(col(Person.family_name), col(Person.given_names))
    if name:
        query = query.where(key_matches(col(Person.search_key), name))
    return guard.session.exec(query.offset(offset).limit(min(limit, 1000))).all()


@persons.post("", response_model=PersonPublic, status_code=status.HTTP_201_CREATED)
def create_person(data: PersonCreate, guard: GuardDep) -> Person:
    guard.require(Action.people_write)
    person = queries.create_person(guard.session, data=data)
    guard.record(action="person.create", entity_type="person", entity_id=person.id,
                 person_id=person.id, after=snapshot(person))
    return person


@persons.get("/{person_id}", response_model=PersonPublic)
def get_person(person_id: Annotated[int, Path(ge=1, le=2**31 - 1)], guard: GuardDep) -> Person:
    guard.require(Action.people_read)
    person = guard.session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person {person_id}")
    return person

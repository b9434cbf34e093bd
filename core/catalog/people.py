"""Households (unité d'allocation, nucleo familiare) and the persons who belong to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from core.catalog._base import created_at_field, unset_field


class HouseholdBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=64,
                      description="The service's own household reference, e.g. UA-2024-0042")
    name: str = Field(max_length=200, description="How caseworkers call it, e.g. 'Famille Rossi'")


class HouseholdCreate(HouseholdBase):
    pass


class HouseholdUpdate(SQLModel):
    name: str = unset_field(max_length=200)


class Household(HouseholdBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    search_key: str = Field(default="", max_length=600,
                            description="fold() of its names, for list filters")
    created_at: datetime = created_at_field()


class HouseholdPublic(HouseholdBase):
    id: int


class PersonBase(SQLModel):
    family_name: str = Field(max_length=200, index=True)
    given_names: str = Field(default="", max_length=200)
    birth_date: date | None = None
    death_date: date | None = Field(default=None, description="Starts retention periods "
                                    "counted from a person's death")
    national_id: str | None = Field(
        default=None, max_length=32, index=True, unique=True,
        description="AVS/AHV, NISS or codice fiscale, as written on the person's papers")


class PersonCreate(PersonBase):
    pass


class PersonUpdate(SQLModel):
    family_name: str = unset_field(max_length=200)
    given_names: str = unset_field(max_length=200)
    birth_date: date | None = None
    death_date: date | None = None
    national_id: str | None = None


class Person(PersonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    search_key: str = Field(default="", max_length=600,
                            description="fold() of its names, for list filters")
    created_at: datetime = created_at_field()


class PersonPublic(PersonBase):
    id: int


class MembershipBase(SQLModel):
    household_id: int = Field(foreign_key="household.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(default="member", max_length=40,
                      description="e.g. applicant, partner, child, other")
    start_date: date | None = None
    end_date: date | None = None


class MembershipCreate(MembershipBase):
    pass


class HouseholdMembership(MembershipBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class MembershipPublic(MembershipBase):
    id: int

"""Dossiers (case files) and their typed elements (request, placement, benefit...)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from core.catalog._base import created_at_field, unset_field


class DossierStatus(StrEnum):
    open = "open"
    closed = "closed"
    archived = "archived"


class Sensitivity(StrEnum):
    normal = "normal"
    confidential = "confidential"


class DossierBase(SQLModel):
    number: str = Field(index=True, unique=True, max_length=64)
    title: str = Field(max_length=300)
    service: str = Field(default="", max_length=64, index=True,
                         description="The owning service or department, e.g. DEM")
    household_id: int | None = Field(default=None, foreign_key="household.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    status: DossierStatus = Field(default=DossierStatus.open, sa_type=String(16))
    sensitivity: Sensitivity = Field(default=Sensitivity.normal, sa_type=String(16))
    opened_on: date | None = None
    closed_on: date | None = None
    archived_on: date | None = None


class DossierCreate(DossierBase):
    pass


class DossierUpdate(SQLModel):
    title: str = unset_field(max_length=300)
    service: str = unset_field(max_length=64)
    household_id: int | None = None
    person_id: int | None = None
    sensitivity: Sensitivity = unset_field()


class Dossier(DossierBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    search_key: str = Field(default="", max_length=600,
                            description="fold() of its names, for list filters")
    created_at: datetime = created_at_field()


class DossierPublic(DossierBase):
    id: int


class DossierElementBase(SQLModel):
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    kind: str = Field(max_length=40, description="request, placement, benefit, decision...")
    reference: str = Field(index=True, unique=True, max_length=64,
                           description="The element's code, e.g. DEM-APLAC-002")
    title: str = Field(default="", max_length=300)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    start_date: date | None = None
    end_date: date | None = None


class DossierElementCreate(DossierElementBase):
    pass


class DossierElementUpdate(SQLModel):
    kind: str = unset_field(max_length=40)
    title: str = unset_field(max_length=300)
    person_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None


class DossierElement(DossierElementBase, table=True):
    __tablename__ = "dossier_element"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = created_at_field()


class DossierElementPublic(DossierElementBase):
    id: int

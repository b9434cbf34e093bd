"""Data access for dossier data. Functions take keyword arguments and never commit:
the route, command or task that calls them owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.catalog.documents import Document
from core.catalog.dossiers import (
    Dossier,
    DossierCreate,
    DossierElement,
    DossierElementCreate,
    DossierUpdate,
)
from core.catalog.people import (
    Household,
    HouseholdCreate,
    HouseholdMembership,
    MembershipCreate,
    Person,
    PersonCreate,
)
from core.catalog.search_keys import key_matches
from core.errors import Conflict, NotFound


def _flush(session: Session, what: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{what} clashes with an existing record") from exc


def dossier_by_number(session: Session, *, number: str) -> Dossier:
    dossier = session.exec(select(Dossier).where(Dossier.number == number)).first()
    if dossier is None:
        raise NotFound(f"no dossier with number {number}")
    return dossier


def find_dossier(session: Session, *, number: str) -> Dossier | None:
    return session.exec(select(Dossier).where(Dossier.number == number)).first()


def create_dossier(session: Session, *, data: DossierCreate) -> Dossier:
    if find_dossier(session, number=data.number) is not None:
        raise Conflict(f"dossier number {data.number} is already in use")
    dossier = Dossier.model_validate(data)
    session.add(dossier)
    _flush(session, f"dossier {data.number}")
    return dossier


def update_dossier(session: Session, *, dossier: Dossier, data: DossierUpdate) -> Dossier:
    """Apply the fields set in ``data``; a household or person that does not exist is
    ``NotFound``."""
    changes = data.model_dump(exclude_unset=True)
    for model, key in ((Household, changes.get("household_id")),
                       (Person, changes.get("person_id"))):
        if key is not None and session.get(model, key) is None:
            raise NotFound(f"no {model.__name__.lower()} with id {key}")
    dossier.sqlmodel_update(changes)
    session.add(dossier)
    _flush(session, f"dossier {dossier.number}")
    return dossier


def list_dossiers(session: Session, *, service: str | None = None, household_id: int | None = None,
                  offset: int = 0, limit: int = 100, text: str = "",
                  visible: ColumnElement[bool] | None = None) -> Sequence[Dossier]:
    """``visible``: a clause from ``core.access.dossier_filter`` (None: every dossier).
    ``text``: in the number or title, accents, case and umlaut spellings aside."""
    query = select(Dossier).order_by(col(Dossier.number))
    if text.strip():
        query = query.where(key_matches(col(Dossier.search_key), text))
    if visible is not None:
        query = query.where(visible)
    if service:
        query = query.where(Dossier.service == service)
    if household_id is not None:
        query = query.where(Dossier.household_id == household_id)
    return session.exec(query.offset(offset).limit(limit)).all()


def household_by_code(session: Session, *, code: str) -> Household:
    household = session.exec(select(Household).where(Household.code == code)).first()
    if household is None:
        raise NotFound(f"no household with code {code}")
    return household


def create_household(session: Session, *, data: HouseholdCreate) -> Household:
    if session.exec(select(Household).where(Household.code == data.code)).first():
        raise Conflict(f"household code {data.code} is already in use")
    household = Household.model_validate(data)
    session.add(household)
    _flush(session, f"household {data.code}")
    return household


def create_person(session: Session, *, data: PersonCreate) -> Person:
    if data.national_id and session.exec(
            select(Person).where(Person.national_id == data.national_id)).first():
        raise Conflict(f"a person with national identifier {data.national_id} already exists")
    person = Person.model_validate(data)
    session.add(person)
    _flush(session, f"person {data.family_name}")
    return person


def add_membership(session: Session, *, data: MembershipCreate) -> HouseholdMembership:
    for model, key in ((Household, data.household_id), (Person, data.person_id)):
        if session.get(model, key) is None:
            raise NotFound(f"no {model.__name__.lower()} with id {key}")
    membership = HouseholdMembership.model_validate(data)
    session.add(membership)
    _flush(session, "membership")
    return membership


def household_members(session: Session, *, household_id: int) -> Sequence[Person]:
    """Everyone who is or was a member, once each (a person who left and came back has two
    memberships but is one person)."""
    member_ids = (select(HouseholdMembership.person_id)
                  .where(HouseholdMembership.household_id == household_id))
    query = (select(Person).where(col(Person.id).in_(member_ids))
             .order_by(col(Person.family_name), col(Person.given_names), col(Person.id)))
    return session.exec(query).all()


def household_memberships(session: Session, *,
                          household_id: int) -> Sequence[HouseholdMembership]:
    """Every membership of the household with its dates, by person (one row per period: a
    person who left and came back has two), for views that ask who was a member when."""
    return session.exec(select(HouseholdMembership)
                        .where(HouseholdMembership.household_id == household_id)
                        .order_by(col(HouseholdMembership.person_id),
                                  col(HouseholdMembership.id))).all()


def create_element(session: Session, *, data: DossierElementCreate) -> DossierElement:
    if session.get(Dossier, data.dossier_id) is None:
        raise NotFound(f"no dossier with id {data.dossier_id}")
    if session.exec(select(DossierElement)
                     .where(DossierElement.reference == data.reference)).first():
        raise Conflict(f"element reference {data.reference} is already in use")
    element = DossierElement.model_validate(data)
    session.add(element)
    _flush(session, f"element {data.reference}")
    return element


def dossier_elements(session: Session, *, dossier_id: int) -> Sequence[DossierElement]:
    return session.exec(select(DossierElement).where(DossierElement.dossier_id == dossier_id)
                        .order_by(col(DossierElement.reference))).all()


def document_by_id(session: Session, *, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    return document


def dossier_documents(session: Session, *, dossier_id: int) -> Sequence[Document]:
    return session.exec(select(Document).where(Document.dossier_id == dossier_id)
                        .order_by(col(Document.doc_date).desc(), col(Document.id).desc())).all()

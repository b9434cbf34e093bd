"""A small catalog of dossier data and helpers to send documents through the real pipeline."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from core.catalog import (
    Document,
    DossierCreate,
    DossierElementCreate,
    HouseholdCreate,
    MembershipCreate,
    PersonCreate,
    queries,
)
from ingest import IncomingFile, process_item, receive_batch
from liasse.wiring import Services


@dataclass(frozen=True)
class SeededCatalog:
    dossier_id: int          # 824415, household of Amélie Dubois (and her son Lucas)
    element_id: int          # DEM-APLAC-002, placement of Lucas in dossier 824415
    other_dossier_id: int    # 513377, Mario Rossi
    amelie_id: int
    lucas_id: int
    mario_id: int


def seed_catalog(services: Services) -> SeededCatalog:
    """GIVEN-data: two households, two dossiers, one element."""
    with services.sessions.transaction() as s:
        dubois = queries.create_household(s, data=HouseholdCreate(code="UA-1", name="Dubois"))
        rossi = queries.create_household(s, data=HouseholdCreate(code="UA-2", name="Rossi"))
        amelie = queries.create_person(s, data=PersonCreate(
            family_name="Dubois", given_names="Amélie", birth_date=date(1984, 3, 7)))
        lucas = queries.create_person(s, data=PersonCreate(
            family_name="Dubois", given_names="Lucas", birth_date=date(2012, 9, 1)))
        mario = queries.create_person(s, data=PersonCreate(
            family_name="Rossi", given_names="Mario", birth_date=date(1985, 12, 10),
            national_id="RSSMRA85T10A562S"))
        for household, person in ((dubois, amelie), (dubois, lucas), (rossi, mario)):
            assert household.id is not None and person.id is not None
            queries.add_membership(s, data=MembershipCreate(household_id=household.id,
                                                            person_id=person.id))
        first = queries.create_dossier(s, data=DossierCreate(
            number="824415", title="Famille Dubois", service="DEM", household_id=dubois.id))
        second = queries.create_dossier(s, data=DossierCreate(
            number="513377", title="Famille Rossi", service="DEM", household_id=rossi.id))
        assert first.id is not None and second.id is not None
        element = queries.create_element(s, data=DossierElementCreate(
            dossier_id=first.id, kind="placement", reference="DEM-APLAC-002",
            title="Placement de Lucas", person_id=lucas.id))
        assert element.id is not None and amelie.id and lucas.id and mario.id
        return SeededCatalog(first.id, element.id, second.id, amelie.id, lucas.id, mario.id)


def ingest_file(services: Services, filename: str, data: bytes, *, created_by: str = "clerk",
                dossier: str | None = None, element: str | None = None,
                doc_type: str | None = None) -> Document:
    """Receive one file in its own batch, run the pipeline, return the stored document."""
    with services.sessions.transaction() as session:
        _, [item] = receive_batch(session, services.blobs, [IncomingFile(filename,
                                                                         io.BytesIO(data))],
                                  source="cli", created_by=created_by, dossier_number=dossier,
                                  element_reference=element, doc_type=doc_type)
    assert item.id is not None
    process_item(item.id, services.pipeline)
    with services.sessions() as session:
        document = session.exec(select(Document).where(
            Document.batch_item_id == item.id)).one()
    return document


DECISION_LETTER = [
    "Service de l'enfance et de la famille\n"
    "Lausanne, le 12 mars 2024\n"
    "Madame Amélie Dubois\nRue du Midi 4\n1003 Lausanne\n"
    "Dossier n° 824415\nRéf. DEM-APLAC-002\n"
    "Objet : Décision de placement\n"
    "Madame,\n"
    "Nous avons décidé de prolonger le placement de votre fils Lucas Dubois, "
    "né le 01.09.2012, au foyer Les Tilleuls jusqu'au 31 août 2024. "
    "Cette décision peut faire l'objet d'un recours dans les 30 jours (voies de recours).\n"
    "Veuillez agréer, Madame, nos salutations distinguées.\n"
    "La cheffe de service",
]

"""Dossier data on the command line: dossiers, households, persons, elements, CSV import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from core.catalog import (
    DossierCreate,
    DossierElementCreate,
    DossierPublic,
    HouseholdCreate,
    MembershipCreate,
    PersonCreate,
    queries,
)
from liasse.cli._context import cli_services, journal
from liasse.cli._main import emit_json

dossier_app = typer.Typer(help="Dossiers (case files).", no_args_is_help=True)
household_app = typer.Typer(help="Households (unités d'allocation).", no_args_is_help=True)
person_app = typer.Typer(help="Persons.", no_args_is_help=True)
element_app = typer.Typer(help="Dossier elements (request, placement, benefit…).",
                          no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON")]


@dossier_app.command("add")
def dossier_add(number: str, title: Annotated[str, typer.Option()],
                service: Annotated[str, typer.Option()] = "",
                household: Annotated[str | None, typer.Option(help="Household code")] = None,
                as_json: JsonOpt = False) -> None:
    """Create a dossier: liasse dossier add 824415 --title "ARMENGAUD François" --service DEM"""
    with cli_services().sessions.transaction() as session:
        household_id = queries.household_by_code(session, code=household).id if household else None
        dossier = queries.create_dossier(session, data=DossierCreate(
            number=number, title=title, service=service, household_id=household_id))
        out = DossierPublic.model_validate(dossier).model_dump(mode="json")
        journal(session, action="dossier.create", entity_type="dossier", entity_id=number,
                dossier_id=dossier.id, after=out)
    emit_json(out) if as_json else typer.echo(f"dossier {number} created")


@dossier_app.command("list")
def dossier_list(service: Annotated[str | None, typer.Option()] = None,
                 as_json: JsonOpt = False) -> None:
    with cli_services().sessions() as session:
        rows = [DossierPublic.model_validate(d).model_dump(mode="json")
                for d in queries.list_dossiers(session, service=service, limit=100000)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['number']:<12} {row['status']:<8} {row['service']:<8} {row['title']}")


@dossier_app.command("show")
def dossier_show(number: str) -> None:
    with cli_services().sessions() as session:
        dossier = queries.dossier_by_number(session, number=number)
        assert dossier.id is not None
        out = DossierPublic.model_validate(dossier).model_dump(mode="json")
        out["elements"] = [e.model_dump(mode="json")
                           for e in queries.dossier_elements(session, dossier_id=dossier.id)]
        out["documents"] = [{"id": d.id, "title": d.title, "pages": d.page_count}
                            for d in queries.dossier_documents(session, dossier_id=dossier.id)]
    emit_json(out)


@household_app.command("add")
def household_add(code: str, name: Annotated[str, typer.Option()]) -> None:
    with cli_services().sessions.transaction() as session:
        found = queries.create_household(session, data=HouseholdCreate(code=code, name=name))
        journal(session, action="household.create", entity_type="household", entity_id=code,
                after=found.model_dump(mode="json"))
    typer.echo(f"household {code} created")


@person_app.command("add")
def person_add(family_name: str, given_names: Annotated[str, typer.Option()] = "",
               birth_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
               national_id: Annotated[str | None, typer.Option()] = None,
               household: Annotated[str | None, typer.Option(help="Household code")] = None,
               role: Annotated[str, typer.Option()] = "member") -> None:
    with cli_services().sessions.transaction() as session:
        person = queries.create_person(session, data=PersonCreate(
            family_name=family_name, given_names=given_names, national_id=national_id,
            birth_date=date.fromisoformat(birth_date) if birth_date else None))
        if household:
            found = queries.household_by_code(session, code=household)
            assert found.id is not None and person.id is not None
            queries.add_membership(session, data=MembershipCreate(
                household_id=found.id, person_id=person.id, role=role))
        journal(session, action="person.create", entity_type="person", entity_id=person.id,
                person_id=person.id, after=person.model_dump(mode="json") | {
                    "household": household, "role": role})
        typer.echo(f"person {person.id} created")


@element_app.command("add")
def element_add(dossier: str, reference: str, kind: Annotated[str, typer.Option()],
                title: Annotated[str, typer.Option()] = "") -> None:
    with cli_services().sessions.transaction() as session:
        found = queries.dossier_by_number(session, number=dossier)
        assert found.id is not None
        element = queries.create_element(session, data=DossierElementCreate(
            dossier_id=found.id, reference=reference, kind=kind, title=title))
        journal(session, action="element.create", entity_type="dossier_element",
                entity_id=reference, dossier_id=found.id, after=element.model_dump(mode="json"))
    typer.echo(f"element {reference} added to dossier {dossier}")


def import_csv(path: Annotated[Path, typer.Argument(help="CSV file (see README for columns)")],
               as_json: JsonOpt = False) -> None:
    """Import households, persons, dossiers and elements from CSV. Re-running is harmless."""
    from ingest import import_dossier_csv

    with cli_services().sessions.transaction() as session, path.open(encoding="utf-8-sig") as f:
        summary = import_dossier_csv(session, f)
        journal(session, action="catalog.import", entity_type="csv", entity_id=path.name,
                after=vars(summary))
    if as_json:
        emit_json(vars(summary))
    else:
        typer.echo(f"{summary.rows} rows: {summary.dossiers} dossiers, {summary.households} "
                   f"households, {summary.persons} persons, {summary.elements} elements created")

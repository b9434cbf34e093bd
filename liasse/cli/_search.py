"""``liasse search``, ``liasse show`` and ``liasse reindex``."""

from __future__ import annotations

import html
import re
from dataclasses import asdict
from datetime import date
from typing import Annotated

import typer

from core.access import visibility_tokens
from core.catalog import Dossier, queries
from index import MemberPeriod, SearchQuery, Sort
from liasse.cli._context import cli_principal, cli_services, journal
from liasse.cli._main import emit_json


def search(query: Annotated[str, typer.Argument(help="Words to find (accents and endings "
                                                     "are forgiven)")] = "",
           dossier: Annotated[str | None, typer.Option(help="Dossier number")] = None,
           doc_type: Annotated[str | None, typer.Option("--type", help="Document type")] = None,
           date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
           date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
           household: Annotated[str | None, typer.Option(
               help="Household code: its dossiers and its members' documents of their "
                    "membership periods")] = None,
           sort: Annotated[Sort, typer.Option(
               help="Without words, relevance is newest first; undated last")] = "relevance",
           limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
           as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """Search every document's text, optionally within a dossier, a household, a type or a
    date range."""
    from api import search_hit_json

    household_id, members = _household(household)
    result = cli_services().index.search(SearchQuery(
        text=query, dossier=dossier, doc_type=doc_type, limit=limit, sort=sort,
        date_from=date.fromisoformat(date_from) if date_from else None,
        date_to=date.fromisoformat(date_to) if date_to else None,
        household_id=household_id, household_members=members,
        visible_to=visibility_tokens(cli_principal())))
    hits = [search_hit_json(asdict(h)) for h in result.hits]
    if as_json:
        emit_json({"total": result.total, "hits": hits})
        return
    typer.echo(f"{result.total} document(s)")
    for hit in hits:
        snippet = html.unescape(re.sub(r"</?mark>", "*", hit["snippet"])).replace("\n", " ")
        typer.echo(f"  [{hit['document']}] {hit['title']} — dossier {hit['dossier'] or '-'}, "
                   f"page {hit['page']}\n      {snippet}")


def _household(code: str | None) -> tuple[int | None, tuple[MemberPeriod, ...]]:
    """The household view's id and memberships, resolved from the catalog at query time as
    the API resolves them (an unknown code is ``NotFound``)."""
    if code is None:
        return None, ()
    from api import household_periods

    with cli_services().sessions() as session:
        found = queries.household_by_code(session, code=code)
        assert found.id is not None
        return found.id, household_periods(session, found.id)


def show(document: Annotated[int, typer.Argument(help="Document id")],
         as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """A document's metadata and the text of its pages."""
    from api import document_details

    with cli_services().sessions.transaction() as session:
        found = queries.document_by_id(session, document_id=document)
        details = document_details(session, found)
        dossier = session.get(Dossier, found.dossier_id) if found.dossier_id else None
        journal(session, action="document.view", entity_type="document", entity_id=document,
                dossier_id=found.dossier_id, person_id=dossier.person_id if dossier else None)
    if as_json:
        emit_json(details)
        return
    typer.echo(f"document {details['id']}: {details['title']} ({details['mime_type']}, "
               f"{details['page_count']} pages, dossier {details['dossier'] or '-'})")
    for page in details["pages"]:
        typer.echo(f"--- page {page['number']} ({page['text_source']}, "
                   f"confidence {page['confidence']})\n{page['text']}")


def reindex() -> None:
    """Rebuild the search index from the catalog (the catalog is the source of truth)."""
    from rich.progress import Progress

    from ingest import reindex_all

    services = cli_services()
    with Progress() as bar, services.sessions.transaction() as session:
        task = bar.add_task("reindex", total=None)
        count = reindex_all(session, services.index,
                            progress=lambda done, total: bar.update(task, completed=done,
                                                                    total=total))
    typer.echo(f"{count} document(s) indexed")

"""Letters on the command line: ``liasse template add|list`` and ``liasse generate``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer

from core import InvalidInput
from core.catalog import Document, LetterTemplatePublic
from ingest import drain_after_commit
from letters import (
    GeneratedLetter,
    LetterOrder,
    MergeResult,
    add_template,
    generate_letter,
    list_templates,
    merge_letters,
)
from liasse.cli._context import cli_actor, cli_services
from liasse.cli._main import emit_json
from liasse.wiring import Services

template_app = typer.Typer(help="Letter templates (DOCX with fields such as {{ dossier.title }})",
                           no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]


@template_app.command("add")
def template_add(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
                 name: Annotated[str, typer.Option(help="Template name (again: a new version)")],
                 doc_type: Annotated[str, typer.Option("--type", help="Document type code")],
                 lang: Annotated[str, typer.Option(help="The letters' language")] = "fr",
                 service: Annotated[str, typer.Option(help="Owning service")] = "",
                 title: Annotated[str, typer.Option(help="Title of the letters")] = "",
                 reply_days: Annotated[int | None, typer.Option(
                     help="Days to answer: the letters get a reply-by date")] = None,
                 as_json: JsonOption = False) -> None:
    """Check a DOCX template and add it (an unknown field or a syntax error is refused)."""
    services = cli_services()
    with services.sessions.transaction() as session:
        row = add_template(session, services.blobs, data=file.read_bytes(), name=name,
                           doc_type=doc_type, language=lang, service=service, title=title,
                           reply_days=reply_days, actor=cli_actor())
        public = LetterTemplatePublic.model_validate(row)
    if as_json:
        emit_json(public.model_dump(mode="json"))
        return
    typer.echo(f"template {public.name} version {public.version}: "
               f"fields {', '.join(public.fields) or '-'}")


@template_app.command("list")
def template_list(as_json: JsonOption = False) -> None:
    """The newest version of each template."""
    with cli_services().sessions() as session:
        rows = [LetterTemplatePublic.model_validate(t) for t in list_templates(session)]
    if as_json:
        emit_json([r.model_dump(mode="json") for r in rows])
        return
    for r in rows:
        typer.echo(f"{r.name}\tv{r.version}\t{r.doc_type}\t{r.language}\t{r.title}")


def generate(template: Annotated[str, typer.Argument(help="Template name")],
             dossier: Annotated[str | None, typer.Option(help="Dossier number")] = None,
             element: Annotated[str | None, typer.Option(help="Element reference")] = None,
             field: Annotated[list[str] | None, typer.Option(
                 help="Free field KEY=VALUE (repeat)")] = None,
             dossiers: Annotated[Path | None, typer.Option(
                 exists=True, dir_okay=False, help="CSV of dossier numbers: a mail merge")] = None,
             output: Annotated[Path | None, typer.Option(
                 "--output", "-o", help="Write the letter(s) as one PDF here")] = None,
             as_json: JsonOption = False) -> None:
    """Generate a letter for a dossier, or one per dossier of a CSV (mail merge)."""
    free = _free_fields(field or [])
    services = cli_services()
    if (dossier is None) == (dossiers is None):
        raise InvalidInput("give either --dossier NUMBER or --dossiers FILE.csv")
    if dossier is not None:
        made = generate_letter(services.letters, template=template, actor=cli_actor(),
                               order=LetterOrder(dossier, element, free))
        result = MergeResult(letters=(made,), missing=(), combined_pdf=None)
    else:
        assert dossiers is not None
        result = merge_letters(services.letters, template=template, actor=cli_actor(),
                               orders=read_orders(dossiers, free), combined=output is not None)
    drain_after_commit(services.sessions, services.index)
    if output is not None:
        _write_pdf(output, result, services)
    _report(result, single=dossier is not None, as_json=as_json)


def read_orders(path: Path, free: dict[str, str]) -> list[LetterOrder]:
    """Rows of a CSV: ``dossier_number`` (or the first column), optional
    ``element_reference``, any other column a free field. Without a header: numbers only."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if "," in text or ";" in text \
        else csv.excel
    rows = [r for r in csv.reader(text.splitlines(), dialect) if any(c.strip() for c in r)]
    if not rows:
        raise InvalidInput(f"{path} has no dossier numbers")
    header = [c.strip() for c in rows[0]]
    if header[0] not in ("dossier_number", "dossier"):
        return [LetterOrder(r[0].strip(), None, free) for r in rows]
    orders = []
    for row in rows[1:]:
        values = dict(zip(header, (c.strip() for c in row), strict=False))
        number = values.pop(header[0])
        element = values.pop("element_reference", "") or None
        orders.append(LetterOrder(number, element, {**free, **{k: v for k, v in values.items()
                                                                if v}}))
    return orders


def _free_fields(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip().isidentifier():
            raise InvalidInput(f"--field wants KEY=VALUE, not {pair!r}")
        found[key.strip()] = value
    return found


def _write_pdf(output: Path, result: MergeResult, services: Services) -> None:
    if result.combined_pdf is not None:
        output.write_bytes(result.combined_pdf)
        return
    if not result.letters:
        return
    with services.sessions() as session:
        document = session.get(Document, result.letters[0].document_id)
        assert document is not None
        output.write_bytes(services.blobs.get(document.original_key))


def _letter_json(made: GeneratedLetter) -> dict[str, Any]:
    return {"document": made.document_id, "letter": made.letter_id,
            "dossier": made.dossier_number, "pages": made.pages,
            "reply_by": made.reply_by.isoformat() if made.reply_by else None,
            "pdf": f"/api/v1/documents/{made.document_id}/original"}


def _report(result: MergeResult, *, single: bool, as_json: bool) -> None:
    missing = [{"dossier": m.dossier_number, "fields": list(m.fields), "reason": m.reason}
               for m in result.missing]
    if as_json:
        emit_json(_letter_json(result.letters[0]) if single else
                  {"documents": [_letter_json(m) for m in result.letters], "missing": missing})
        return
    for made in result.letters:
        typer.echo(f"dossier {made.dossier_number}: document {made.document_id} "
                   f"({made.pages} page(s))")
    for m in missing:
        typer.echo(f"dossier {m['dossier']}: no letter ({m['reason']}: "
                   f"{', '.join(m['fields']) or '-'})", err=True)

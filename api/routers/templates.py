"""Letter templates and the letters made from them: upload (checked, versioned), list, download,
generate one letter for a dossier, a mail merge over a list of dossiers, and the combined PDF
of several letters for printing."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from pydantic import BaseModel, Field

from api._guard import GuardDep
from api.deps import BlobStoreDep, ContextDep
from api.routers.documents import content_disposition
from core import InvalidInput, NotFound
from core.access import Action
from core.catalog import Actor, LetterTemplate, LetterTemplatePublic, latest_template
from ingest import drain_after_commit
from letters import (
    GeneratedLetter,
    LetterOrder,
    LetterServices,
    add_template,
    combine_pdfs,
    generate_letter,
    list_templates,
    merge_letters,
    preview_letter,
)

router = APIRouter(prefix="/templates", tags=["letters"])
MAX_MERGE = 2000


class LetterRequest(BaseModel):
    dossier: str = Field(max_length=64)
    element: str | None = Field(default=None, max_length=64)
    fields: dict[str, str] = Field(default_factory=dict, description="Free fields (fields.KEY)")


class MergeRequest(BaseModel):
    letters: list[LetterRequest] = Field(max_length=MAX_MERGE)


class LetterMade(BaseModel):
    document: int
    letter: int
    dossier: str
    pages: int
    reply_by: date | None
    pdf: str


class PreviewPublic(BaseModel):
    template: str
    version: int
    values: dict[str, str] = Field(description="Each field the template uses, as it would be "
                                   "written")
    missing: list[str] = Field(description="Required fields with no value: no letter")
    free_fields: list[str]
    reply_by: date | None


class MissingPublic(BaseModel):
    dossier: str
    fields: list[str]
    reason: str


class MergeMade(BaseModel):
    documents: list[LetterMade]
    missing: list[MissingPublic]
    combined_pdf: str | None = Field(description="The letters as one PDF, for printing")


@router.get("", response_model=list[LetterTemplatePublic])
def get_templates(guard: GuardDep) -> list[LetterTemplate]:
    """The newest version of each template."""
    guard.require(Action.dossier_read)
    return list(list_templates(guard.session))


@router.post("", response_model=LetterTemplatePublic, status_code=status.HTTP_201_CREATED)
async def upload_template(guard: GuardDep, blobs: BlobStoreDep,
                          file: Annotated[UploadFile, File()],
                          name: Annotated[str, Form(max_length=64)],
                          doc_type: Annotated[str, Form(alias="type", max_length=40)],
                          language: Annotated[str, Form(max_length=8)] = "fr",
                          service: Annotated[str, Form(max_length=64)] = "",
                          title: Annotated[str, Form(max_length=300)] = "",
                          reply_days: Annotated[int | None, Form(ge=1, le=3650)] = None,
                          ) -> LetterTemplate:
    """A DOCX template, checked: an unknown field or a syntax error is refused (422) with each
    problem's field and place in ``problems``. The same name again is its next version."""
    guard.require(Action.dossier_write)
    data = await file.read()
    return add_template(guard.session, blobs, data=data, name=name, doc_type=doc_type,
                        language=language, service=service, title=title,
                        reply_days=reply_days, actor=Actor(username=guard.principal.username))


@router.get("/{name}/docx", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument."
                                         "wordprocessingml.document": {}}}})
def download_template(name: str, guard: GuardDep, blobs: BlobStoreDep) -> Response:
    """The newest version's DOCX, to change in Word and upload again."""
    guard.require(Action.dossier_read)
    template = latest_template(guard.session, name=name)
    return Response(blobs.get(template.docx_key), media_type="application/vnd.openxmlformats-"
                    "officedocument.wordprocessingml.document", headers={
                        "Content-Disposition": content_disposition(
                            f"{template.name}-v{template.version}.docx")})


@router.post("/{name}/preview", response_model=PreviewPublic)
def preview(name: str, request: LetterRequest, guard: GuardDep,
            context: ContextDep) -> PreviewPublic:
    """What the letter for this dossier would say, field by field; nothing is made."""
    guard.dossier(request.dossier, Action.dossier_write)
    shown = preview_letter(guard.session, template=name, order=_order(request),
                           author=guard.principal.username,
                           institution=_letters(context).institution)
    return PreviewPublic(template=shown.template, version=shown.version, values=shown.values,
                         missing=list(shown.missing), free_fields=list(shown.free_fields),
                         reply_by=shown.reply_by)


@router.post("/{name}/letters", response_model=LetterMade, status_code=status.HTTP_201_CREATED)
def create_letter(name: str, request: LetterRequest, guard: GuardDep,
                  context: ContextDep) -> LetterMade:
    """One letter for a dossier the person may write to, archived as a generated document.
    A required value missing: 422 ``letter_missing_values``, the fields in ``missing``."""
    guard.dossier(request.dossier, Action.dossier_write)
    made = generate_letter(_letters(context), template=name, order=_order(request),
                           actor=Actor(username=guard.principal.username))
    drain_after_commit(context.sessions, context.index)
    return _made(made)


@router.post("/{name}/merge", response_model=MergeMade, status_code=status.HTTP_201_CREATED)
def merge(name: str, request: MergeRequest, guard: GuardDep, context: ContextDep) -> MergeMade:
    """One letter per dossier; dossiers missing a required value (or unknown, or not the
    person's to write to) are listed in ``missing`` and get none."""
    allowed, refused = [], []
    for wanted in request.letters:
        try:
            guard.dossier(wanted.dossier, Action.dossier_write)
            allowed.append(_order(wanted))
        except NotFound:
            refused.append(MissingPublic(dossier=wanted.dossier, fields=[], reason="not_found"))
    result = merge_letters(_letters(context), template=name, orders=allowed,
                           actor=Actor(username=guard.principal.username), combined=False)
    drain_after_commit(context.sessions, context.index)
    ids = ",".join(str(m.document_id) for m in result.letters)
    return MergeMade(
        documents=[_made(m) for m in result.letters],
        missing=refused + [MissingPublic(dossier=m.dossier_number, fields=list(m.fields),
                                         reason=m.reason) for m in result.missing],
        combined_pdf=f"/api/v1/templates/combined.pdf?documents={ids}" if ids else None)


@router.get("/combined.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
def combined_pdf(guard: GuardDep, blobs: BlobStoreDep,
                 documents: Annotated[str, Query(max_length=20000, pattern=r"^\d+(,\d+)*$",
                                                 description="Document ids, comma separated")],
                 ) -> Response:
    """Generated letters as one PDF for printing; each one read is journaled as a download."""
    ids = [int(i) for i in documents.split(",")]
    if len(ids) > MAX_MERGE:
        raise InvalidInput(f"at most {MAX_MERGE} letters at once")
    pdfs = []
    for document_id in ids:
        opened = guard.document(document_id)
        if opened.document.source != "generated":
            raise InvalidInput(f"document {document_id} is not a generated letter")
        guard.read(opened, "document.download")
        pdfs.append(blobs.get(opened.document.original_key))
    guard.session.commit()
    return Response(combine_pdfs(pdfs), media_type="application/pdf",
                    headers={"Content-Disposition": content_disposition("letters.pdf")})


def _letters(context: ContextDep) -> LetterServices:
    if context.letters is None:
        raise InvalidInput("this server makes no letters (no LibreOffice configured)")
    return context.letters


def _order(request: LetterRequest) -> LetterOrder:
    return LetterOrder(dossier_number=request.dossier, element_reference=request.element,
                       free=dict(request.fields))


def _made(made: GeneratedLetter) -> LetterMade:
    return LetterMade(document=made.document_id, letter=made.letter_id,
                      dossier=made.dossier_number, pages=made.pages, reply_by=made.reply_by,
                      pdf=f"/api/v1/documents/{made.document_id}/original")


__all__ = ["router"]

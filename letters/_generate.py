"""Generating letters: one, or one per dossier of a selection (mail merge).

Three steps, so that no transaction stays open while LibreOffice works:
1. ``prepare`` (one transaction): the template, the dossier's values, the missing ones; each
   letter that can be made gets its ``Letter`` row (its id goes into the QR code) and its
   filled DOCX;
2. one LibreOffice run turns every DOCX into PDF, and each page gets the letter's QR code;
3. ``archive`` (one transaction per letter): the PDF is stored as the document's original
   (content-addressed), the DOCX beside it; the document (source ``generated``), its pages
   (the PDF's own text, no OCR), its person links, the dossier's journal line ("letter sent",
   with the reply-by date), the audit entry and the index outbox row.
A conversion that fails leaves the letters with their ``failure`` written, like a quarantined
file: nothing half-made is filed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session

from core import Conflict, InvalidInput, LiasseError, NotFound, SessionFactory
from core.catalog import (
    Actor,
    Document,
    DocumentSource,
    DocumentStatus,
    Dossier,
    DossierElement,
    JournalEntryBase,
    JournalKind,
    Letter,
    LetterTemplate,
    Page,
    Person,
    append_event,
    element_by_reference,
    latest_template,
    made_by_person,
    queries,
    queue_for_index,
    record_in_journal,
    refuse_filing_into,
    set_document_persons,
)
from core.sheet_codes import LetterCode
from letters._fields import FREE, Institution, LetterSubject, letter_context, value_at
from letters._render import (
    Converter,
    combine_pdfs,
    convert_to_pdf,
    fill_docx,
    page_texts,
    stamp_letter_code,
)
from letters._templates import template_key
from storage import BlobStore, original_key


@dataclass(frozen=True, slots=True)
class LetterServices:
    sessions: SessionFactory
    blobs: BlobStore
    converter: Converter = field(default_factory=Converter)
    institution: Institution = field(default_factory=Institution)


@dataclass(frozen=True, slots=True)
class LetterOrder:
    """One letter asked for: which dossier (and element), with which free values."""

    dossier_number: str
    element_reference: str | None = None
    free: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MissingValues:
    """A dossier that got no letter, and the required fields it has no value for."""

    dossier_number: str
    fields: tuple[str, ...]
    reason: str = "missing_values"


@dataclass(frozen=True, slots=True)
class GeneratedLetter:
    letter_id: int
    document_id: int
    dossier_number: str
    pages: int
    reply_by: date | None


@dataclass(frozen=True, slots=True)
class MergeResult:
    letters: tuple[GeneratedLetter, ...]
    missing: tuple[MissingValues, ...]
    combined_pdf: bytes | None


class LetterIncomplete(InvalidInput):
    """The dossier lacks values the template requires (named in ``missing``)."""

    code = "letter_missing_values"

    def __init__(self, missing: MissingValues) -> None:
        super().__init__(f"dossier {missing.dossier_number} has no value for "
                         f"{', '.join(missing.fields)}")
        self.missing = missing

    @property
    def payload(self) -> dict[str, object]:
        return {"missing": {"dossier": self.missing.dossier_number,
                            "fields": list(self.missing.fields)}}


@dataclass(frozen=True, slots=True)
class _Prepared:
    letter_id: int
    dossier_number: str
    docx: bytes
    reply_by: date | None


def generate_letter(services: LetterServices, *, template: str, order: LetterOrder,
                    actor: Actor, today: date | None = None) -> GeneratedLetter:
    """One letter; ``LetterIncomplete`` when a required value is missing."""
    result = merge_letters(services, template=template, orders=[order], actor=actor,
                           today=today, combined=False, strict=True)
    if result.missing:
        raise LetterIncomplete(result.missing[0])
    return result.letters[0]


def merge_letters(services: LetterServices, *, template: str, orders: Sequence[LetterOrder],
                  actor: Actor, today: date | None = None, combined: bool = True,
                  strict: bool = False) -> MergeResult:
    """One letter per order that has every required value (the others are listed in
    ``missing``, as are unknown or archived dossiers unless ``strict``), and, with
    ``combined``, one PDF of them all for printing."""
    day = today or date.today()
    with services.sessions.transaction() as session:
        row = latest_template(session, name=template)
        docx = services.blobs.get(row.docx_key)
        prepared: list[_Prepared] = []
        missing: list[MissingValues] = []
        for order in orders:
            try:
                with session.begin_nested():
                    outcome = _prepare(session, row, docx, order, actor=actor, today=day,
                                       institution=services.institution)
            except (NotFound, Conflict, InvalidInput) as exc:
                if strict:
                    raise
                outcome = MissingValues(order.dossier_number, (), reason=exc.code)
            if isinstance(outcome, MissingValues):
                missing.append(outcome)
            else:
                prepared.append(outcome)
    pdfs = _convert(services, prepared)
    letters = tuple(_archive(services, row, item, pdf, actor=actor, today=day)
                    for item, pdf in zip(prepared, pdfs, strict=True))
    merged = combine_pdfs(pdfs) if combined and pdfs else None
    return MergeResult(letters=letters, missing=tuple(missing), combined_pdf=merged)


@dataclass(frozen=True, slots=True)
class LetterPreview:
    """What a letter for one dossier would say, field by field, before it is made."""

    template: str
    version: int
    values: dict[str, str]
    missing: tuple[str, ...]
    free_fields: tuple[str, ...]
    reply_by: date | None


def preview_letter(session: Session, *, template: str, order: LetterOrder, author: str,
                   institution: Institution, today: date | None = None) -> LetterPreview:
    """The value of each field the template uses, and the required ones missing (no write)."""
    row = latest_template(session, name=template)
    dossier = queries.dossier_by_number(session, number=order.dossier_number)
    element = _element(session, dossier, order.element_reference)
    day = today or date.today()
    reply_by = day + timedelta(days=row.reply_days) if row.reply_days else None
    context = letter_context(session, LetterSubject(dossier=dossier, element=element,
                                                    free=dict(order.free), author=author),
                             language=row.language, today=day, reply_by=reply_by,
                             institution=institution)
    values = {f: _shown(value_at(context, f)) for f in row.fields}
    return LetterPreview(template=row.name, version=row.version, values=values,
                         missing=_absent(row, context), free_fields=tuple(row.free_fields),
                         reply_by=reply_by)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v.get("full_name", v)) if isinstance(v, dict) else str(v)
                         for v in value)
    return "" if value is None else str(value)


def _absent(template: LetterTemplate, context: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(f for f in template.required if value_at(context, f) in (None, "", []))


def _prepare(session: Session, template: LetterTemplate, docx: bytes, order: LetterOrder, *,
             actor: Actor, today: date, institution: Institution) -> _Prepared | MissingValues:
    dossier = queries.dossier_by_number(session, number=order.dossier_number)
    refuse_filing_into(dossier)
    element = _element(session, dossier, order.element_reference)
    reply_by = today + timedelta(days=template.reply_days) if template.reply_days else None
    subject = LetterSubject(dossier=dossier, element=element, free=dict(order.free),
                            author=actor.username)
    context = letter_context(session, subject, language=template.language, today=today,
                             reply_by=reply_by, institution=institution)
    absent = _absent(template, context)
    if absent:
        return MissingValues(dossier_number=dossier.number, fields=absent)
    person_id = (element.person_id if element is not None else None) or dossier.person_id
    assert dossier.id is not None and template.id is not None
    letter = Letter(template_id=template.id, template_name=template.name,
                    template_version=template.version, dossier_id=dossier.id,
                    element_id=element.id if element else None, person_id=person_id,
                    language=template.language, reply_by=reply_by,
                    free_values=dict(context[FREE]), created_by=actor.username)
    session.add(letter)
    session.flush()
    assert letter.id is not None
    return _Prepared(letter.id, dossier.number, fill_docx(docx, context), reply_by)


def _element(session: Session, dossier: Dossier,
             reference: str | None) -> DossierElement | None:
    if not reference:
        return None
    element = element_by_reference(session, reference=reference)
    if element.dossier_id != dossier.id:
        raise InvalidInput(f"element {reference} is not part of dossier {dossier.number}")
    return element


def _convert(services: LetterServices, prepared: Sequence[_Prepared]) -> list[bytes]:
    """Every prepared letter as a stamped PDF; on failure each letter keeps the reason."""
    try:
        pdfs = convert_to_pdf([p.docx for p in prepared], services.converter)
        return [stamp_letter_code(pdf, LetterCode(p.letter_id, p.dossier_number))
                for p, pdf in zip(prepared, pdfs, strict=True)]
    except LiasseError as exc:
        with services.sessions.transaction() as session:
            for item in prepared:
                letter = session.get(Letter, item.letter_id)
                if letter is not None:
                    letter.failure = f"{exc.code}: {exc.message}"[:500]
                    session.add(letter)
        raise


def _archive(services: LetterServices, template: LetterTemplate, item: _Prepared, pdf: bytes,
             *, actor: Actor, today: date) -> GeneratedLetter:
    pdf_sha = hashlib.sha256(pdf).hexdigest()
    docx_sha = hashlib.sha256(item.docx).hexdigest()
    services.blobs.put(original_key(pdf_sha), pdf, content_type="application/pdf")
    services.blobs.put(template_key(docx_sha, "docx"), item.docx)
    pages = page_texts(pdf)
    with services.sessions.transaction() as session:
        letter = session.get(Letter, item.letter_id)
        assert letter is not None
        document = _document(session, template, letter, pdf_sha, pages, actor=actor, today=today)
        assert document.id is not None
        letter.document_id, letter.docx_sha256 = document.id, docx_sha
        letter.docx_key = template_key(docx_sha, "docx")
        session.add(letter)
        _journal(session, document, letter, actor=actor)
        queue_for_index(session, document_ids=[document.id], reason="generated")
        return GeneratedLetter(item.letter_id, document.id, item.dossier_number, len(pages),
                               item.reply_by)


def _document(session: Session, template: LetterTemplate, letter: Letter, pdf_sha: str,
              pages: list[tuple[str, float, float]], *, actor: Actor, today: date) -> Document:
    by = made_by_person(actor.username)
    why = f"generated from template {template.name} v{template.version} by {actor.username}"
    dossier = session.get(Dossier, letter.dossier_id)
    assert dossier is not None
    document = Document(
        title=f"{template.title or template.name} — {dossier.number}"[:300],
        dossier_id=letter.dossier_id, element_id=letter.element_id, doc_type=template.doc_type,
        doc_date=today, language=template.language, status=DocumentStatus.active,
        source=DocumentSource.generated, type_confidence=1.0, type_reason=why,
        type_made_by=by, date_reason=why, date_made_by=by, link_confidence=1.0,
        link_reason=why, link_made_by=by, original_sha256=pdf_sha,
        original_key=original_key(pdf_sha), original_filename=f"letter-{letter.id}.pdf",
        mime_type="application/pdf", page_count=len(pages))
    session.add(document)
    session.flush()
    assert document.id is not None
    session.add_all(Page(document_id=document.id, number=n, source_page=n, text=text, words=[],
                         text_source="text-layer", text_reason="generated by Liasse",
                         width_pt=width, height_pt=height)
                    for n, (text, width, height) in enumerate(pages, start=1))
    if letter.person_id is not None and session.get(Person, letter.person_id) is not None:
        set_document_persons(session, document_id=document.id,
                             persons={letter.person_id: "the person the letter concerns"},
                             made_by=by)
    return document


def _journal(session: Session, document: Document, letter: Letter, *, actor: Actor) -> None:
    """The dossier's "letter sent" line (with its reply-by date) and the audit entry."""
    assert document.id is not None and document.dossier_id is not None
    entry = record_in_journal(session, entry=JournalEntryBase(
        dossier_id=document.dossier_id, document_id=document.id, element_id=document.element_id,
        happened_on=document.doc_date or date.today(), kind=JournalKind.produced,
        title=document.title, doc_type=document.doc_type,
        made_by=document.link_made_by or actor.username))
    entry.reply_by = letter.reply_by
    session.add(entry)
    append_event(session, actor=actor, action="document.create", entity_type="document",
                 entity_id=document.id, dossier_id=document.dossier_id,
                 person_id=letter.person_id,
                 after={"title": document.title, "doc_type": document.doc_type,
                        "source": "generated", "letter": letter.id,
                        "template": letter.template_name,
                        "template_version": letter.template_version,
                        "reply_by": letter.reply_by.isoformat() if letter.reply_by else None,
                        "original_sha256": document.original_sha256},
                 reason=document.link_reason)

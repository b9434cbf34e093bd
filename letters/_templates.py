"""Uploading a template: checked (fields, syntax, a trial fill), stored under its SHA-256,
and added as the next version of its name. Letters keep the version they used."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlmodel import Session

from classify import Taxonomy
from core import InvalidInput
from core.catalog import (
    Actor,
    LetterTemplate,
    append_event,
    latest_templates,
    next_template_version,
)
from letters._check import TemplateProblem, TemplateRefused, check_template
from letters._fields import FIELDS, FREE, LANGUAGES, LISTS, PERSON_FIELDS
from letters._render import fill_docx
from storage import BlobStore

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def template_key(sha256: str, suffix: str) -> str:
    """Where a template or a letter's DOCX lives: content-addressed under ``derived/``."""
    return f"derived/letters/{sha256[:2]}/{sha256}.{suffix}"


def add_template(session: Session, blobs: BlobStore, *, data: bytes, name: str, doc_type: str,
                 language: str = "fr", service: str = "", title: str = "",
                 reply_days: int | None = None, actor: Actor) -> LetterTemplate:
    """Check ``data`` and store it as the next version of template ``name`` (no commit).
    Raises ``TemplateRefused`` (field and place) or ``InvalidInput``."""
    _check_metadata(name=name, doc_type=doc_type, language=language, size=len(data),
                    reply_days=reply_days)
    fields = check_template(data)
    _trial_fill(data, fields.free_fields)
    sha256 = hashlib.sha256(data).hexdigest()
    key = template_key(sha256, "docx")
    if not blobs.exists(key):
        blobs.put(key, data, content_type="application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document")
    row = LetterTemplate(
        name=name, title=title or name, doc_type=doc_type, language=language, service=service,
        reply_days=reply_days, version=next_template_version(session, name=name),
        fields=list(fields.fields), required=list(fields.required),
        free_fields=list(fields.free_fields), docx_sha256=sha256, docx_key=key,
        created_by=actor.username)
    session.add(row)
    session.flush()
    append_event(session, actor=actor, action="template.create", entity_type="letter_template",
                 entity_id=row.id, after={"name": name, "version": row.version,
                                          "doc_type": doc_type, "language": language,
                                          "sha256": sha256, "fields": row.fields})
    return row


def list_templates(session: Session) -> Sequence[LetterTemplate]:
    return latest_templates(session)


def _check_metadata(*, name: str, doc_type: str, language: str, size: int,
                    reply_days: int | None) -> None:
    if not name or len(name) > 64 or not all(c.isalnum() or c in "-_." for c in name):
        raise InvalidInput("a template name is 1-64 letters, digits, - _ or .")
    codes = Taxonomy.default().codes
    if doc_type not in codes:
        raise InvalidInput(f"unknown document type {doc_type!r}; known: {', '.join(codes)}")
    if language not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    if size == 0 or size > MAX_TEMPLATE_BYTES:
        raise InvalidInput(f"a template is a DOCX file of at most {MAX_TEMPLATE_BYTES} bytes")
    if reply_days is not None and not 0 < reply_days <= 3650:
        raise InvalidInput("reply days must be between 1 and 3650")


def _trial_fill(data: bytes, free_fields: Sequence[str]) -> None:
    """Fill the template once with sample values: what Jinja accepts but docxtpl cannot
    render (a tag split by Word into an impossible place) is refused now, not at printing."""
    sample: dict[str, object] = {head: dict.fromkeys(names, "x") for head, names in FIELDS.items()}
    for path in LISTS:
        head, _, rest = path.partition(".")
        sample[head] = {**sample[head], rest: [dict.fromkeys(PERSON_FIELDS, "x")]}  # type: ignore[dict-item]
    sample.update(today="x", reply_by="x", **{FREE: dict.fromkeys(free_fields, "x")})
    try:
        fill_docx(data, sample)
    except Exception as exc:  # docxtpl raises Jinja, lxml and its own errors alike
        raise TemplateRefused([TemplateProblem("syntax_error", "the document",
                                               detail=str(exc)[:300])]) from exc

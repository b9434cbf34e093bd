"""Readable titles: a document is named by what it is, when, and whose it is ("Décision —
13.06.2016 — Armengaud"), not by the name of the file it came in. A new document gets one at
intake; an older document whose title is still its file's name is shown with one (its stored
title is left as it is). A title a person typed is never replaced.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session

from classify import Taxonomy
from core.catalog import Document, Dossier, Household, Person, document_persons

SEPARATOR = " — "
_PART = re.compile(r" \((\d+)/(\d+)\)$")
DEFAULT_LANGUAGE = "fr"


def holder_name(session: Session, document: Document) -> str:
    """Whose document it is: the person its dossier concerns, else its first person, else its
    dossier's household (family names only, as a file is labelled)."""
    dossier = session.get(Dossier, document.dossier_id) if document.dossier_id else None
    person_id = dossier.person_id if dossier is not None else None
    if person_id is None and document.id is not None:
        linked = document_persons(session, document_id=document.id)
        person_id = linked[0].person_id if linked else None
    person = session.get(Person, person_id) if person_id is not None else None
    if person is not None:
        return person.family_name.strip().title()
    household = (session.get(Household, dossier.household_id)
                 if dossier is not None and dossier.household_id else None)
    return household.name if household is not None else ""


def readable_title(session: Session, document: Document,
                   taxonomy: Taxonomy | None = None) -> str:
    """Type, date and holder, those known, joined by dashes; a part of a split file keeps its
    "(2/3)". The file's stem when none is known."""
    part = _PART.search(document.title)
    words = [_type_label(document, taxonomy or Taxonomy.default()),
             document.doc_date.strftime("%d.%m.%Y") if document.doc_date else "",
             holder_name(session, document)]
    named = SEPARATOR.join(w for w in words if w)
    if not named:
        return document.title
    return (named + (part.group(0) if part else ""))[:300]


def is_file_name_title(document: Document) -> bool:
    """The stored title is only its file's name (as intake named documents before)."""
    stem = Path(document.original_filename).stem or document.original_filename
    return _PART.sub("", document.title) == stem


def shown_title(session: Session, document: Document) -> str:
    """The title to show: the stored one, or a readable one while it is only a file name."""
    return readable_title(session, document) if is_file_name_title(document) else document.title


def _type_label(document: Document, taxonomy: Taxonomy) -> str:
    if not document.doc_type or document.doc_type not in taxonomy.codes:
        return document.doc_type or ""
    return taxonomy.get(document.doc_type).label(document.language or DEFAULT_LANGUAGE)

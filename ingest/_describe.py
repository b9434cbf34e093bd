"""The describe stage: what a document is, its date, and which dossier, element and persons it
concerns, each with its reason and who decided it.

Desk metadata (what the clerk set for the batch, or a cover sheet says) is a person's decision
and wins. Liasse's own findings fill in the rest; a finding that contradicts the desk is noted
in the reason, never applied. A document Liasse cannot link with confidence goes to review with
ranked suggestions. This stage reads the catalog and the model store but writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

import ocr
from classify import (
    DEFAULT_THRESHOLD,
    Classifier,
    Extraction,
    LinkCandidates,
    LinkDecision,
    ReferencePatterns,
    Taxonomy,
    TypePrediction,
    extract,
    link,
)
from core import InvalidInput, NotFound, PageText, SessionFactory
from core.catalog import (
    LIASSE,
    Batch,
    BatchItem,
    Dossier,
    DossierElement,
    Letter,
    LetterTemplate,
    element_by_reference,
    frozen_because,
    made_by_person,
    queries,
    refuse_filing_into,
)
from core.sheet_codes import LetterCode
from ingest._candidates import load_candidates
from ingest._cover_sheet import CoverSheet
from ingest._models import current_classifier
from ingest._split import DocumentPart
from storage import BlobStore


@dataclass(frozen=True, slots=True)
class DeskMetadata:
    """What a person set for a document before Liasse read it (batch form, cover sheet)."""

    made_by: str = LIASSE
    dossier_id: int | None = None
    dossier_number: str | None = None
    element_id: int | None = None
    element_reference: str | None = None
    doc_type: str | None = None
    letter_id: int | None = None  # a returned copy of this letter (its QR code says so)

    @property
    def by(self) -> str:
        return self.made_by.removeprefix("person:")


@dataclass(frozen=True, slots=True)
class ReviewSuggestion:
    """A dossier (maybe element and persons) a reviewer might choose, ranked, with why."""

    dossier_id: int
    dossier_number: str
    element_id: int | None
    element_reference: str | None
    person_ids: tuple[int, ...]
    confidence: float
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"dossier_id": self.dossier_id, "dossier": self.dossier_number,
                "element_id": self.element_id, "element": self.element_reference,
                "person_ids": list(self.person_ids), "confidence": self.confidence,
                "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """What the describe stage found out about a document before it is stored."""

    title: str
    language: str | None
    language_reason: str
    doc_type: str | None = None
    type_confidence: float | None = None
    type_reason: str = ""
    type_made_by: str | None = None
    doc_date: date | None = None
    date_reason: str = ""
    dossier_id: int | None = None
    element_id: int | None = None
    person_ids: tuple[int, ...] = ()
    person_reasons: tuple[str, ...] = ()  # one per person id, same order
    link_confidence: float | None = None
    link_reason: str = ""
    link_made_by: str | None = None
    suggestions: tuple[ReviewSuggestion, ...] = field(default=())

    @property
    def needs_review(self) -> bool:
        """Doubtful: no dossier could be chosen with confidence."""
        return self.dossier_id is None


def describe_item(item: BatchItem, pages: Sequence[PageText], *, sessions: SessionFactory,
                  blobs: BlobStore) -> DocumentDraft:
    """The describe stage for a whole batch item taken as one document."""
    part = DocumentPart(index=0, pages=tuple(pages), cover=None, reason="the whole file")
    return describe_part(item, part, parts=1, sessions=sessions, blobs=blobs)


def describe_part(item: BatchItem, part: DocumentPart, *, parts: int, sessions: SessionFactory,
                  blobs: BlobStore) -> DocumentDraft:
    """The pipeline's describe stage for one document found in a batch item. A cover sheet in
    front of the document is the clerk's word for it; otherwise the batch's desk metadata."""
    stem = Path(item.filename).stem or item.filename
    title = stem if parts == 1 else f"{stem} ({part.index + 1}/{parts})"
    with sessions() as session:
        batch = session.get(Batch, item.batch_id)
        if part.letter is not None:
            desk = letter_desk(session, part.letter, batch=batch)
        elif part.cover is not None:
            desk = cover_desk(session, part.cover, batch=batch)
        else:
            desk = desk_metadata(session, batch=batch)
        return describe(session, title=title, text="\n".join(page.text for page in part.pages),
                        desk=desk, classifier=current_classifier(blobs))


def cover_desk(session: Session, cover: CoverSheet, *, batch: Batch | None) -> DeskMetadata:
    """Desk metadata from a cover sheet: what it names and the catalog knows. A code the
    catalog does not know is ignored (the document then goes through Liasse's own linking)."""
    dossier = queries.find_dossier(session, number=cover.dossier_number)
    element = None
    if cover.element_reference:
        try:
            element = element_by_reference(session, reference=cover.element_reference)
        except NotFound:
            element = None
    if element is not None and dossier is not None and element.dossier_id != dossier.id:
        element = None
    doc_type = cover.doc_type if cover.doc_type in Taxonomy.default().codes else None
    if dossier is None and element is None and doc_type is None:
        return DeskMetadata()
    return DeskMetadata(made_by=made_by_person(batch.created_by if batch else ""),
                        dossier_id=dossier.id if dossier else None,
                        dossier_number=dossier.number if dossier else None,
                        element_id=element.id if element else None,
                        element_reference=element.reference if element else None,
                        doc_type=doc_type)


def letter_desk(session: Session, code: LetterCode, *, batch: Batch | None) -> DeskMetadata:
    """Desk metadata from a letter's QR code: the letter's dossier, element and type, as sure
    as a cover sheet. A code naming no letter of this catalog, or a letter of another dossier
    than the code says, is ignored (the document is then linked as any other)."""
    letter = session.get(Letter, code.letter_id)
    dossier = session.get(Dossier, letter.dossier_id) if letter is not None else None
    if letter is None or dossier is None or dossier.number != code.dossier_number:
        return desk_metadata(session, batch=batch)
    element = session.get(DossierElement, letter.element_id) if letter.element_id else None
    template = session.get(LetterTemplate, letter.template_id)
    return DeskMetadata(made_by=made_by_person(batch.created_by if batch else ""),
                        dossier_id=dossier.id, dossier_number=dossier.number,
                        element_id=element.id if element else None,
                        element_reference=element.reference if element else None,
                        doc_type=template.doc_type if template else None, letter_id=letter.id)


def desk_metadata(session: Session, *, batch: Batch | None) -> DeskMetadata:
    """The batch's dossier, element and type, as set by the clerk who sent it."""
    if batch is None or not (batch.dossier_number or batch.element_reference or batch.doc_type):
        return DeskMetadata()
    dossier = (queries.dossier_by_number(session, number=batch.dossier_number)
               if batch.dossier_number else None)
    element = (element_by_reference(session, reference=batch.element_reference)
               if batch.element_reference else None)
    if dossier is None and element is not None:
        dossier = session.get(Dossier, element.dossier_id)
    return DeskMetadata(made_by=made_by_person(batch.created_by),
                        dossier_id=dossier.id if dossier else None,
                        dossier_number=dossier.number if dossier else None,
                        element_id=element.id if element else None,
                        element_reference=element.reference if element else None,
                        doc_type=batch.doc_type)


def check_desk_metadata(session: Session, *, dossier_number: str | None,
                        element_reference: str | None, doc_type: str | None,
                        taxonomy: Taxonomy | None = None) -> None:
    """Refuse a batch whose desk metadata names an unknown dossier, element or type, or an
    element of another dossier."""
    dossier = queries.dossier_by_number(session, number=dossier_number) if dossier_number else None
    if element_reference:
        element = element_by_reference(session, reference=element_reference)
        if dossier is not None and element.dossier_id != dossier.id:
            raise InvalidInput(f"element {element_reference} is not part of dossier "
                               f"{dossier_number}")
        dossier = dossier or session.get(Dossier, element.dossier_id)
    if dossier is not None:
        refuse_filing_into(dossier)
    codes = (taxonomy or Taxonomy.default()).codes
    if doc_type is not None and doc_type not in codes:
        raise InvalidInput(f"unknown document type {doc_type!r}; known: {', '.join(codes)}")


def element_dossier_number(session: Session, *, reference: str) -> str:
    """The number of the dossier an element belongs to (``NotFound`` for an unknown element)."""
    element = element_by_reference(session, reference=reference)
    dossier = session.get(Dossier, element.dossier_id)
    assert dossier is not None
    return dossier.number


def describe(session: Session, *, title: str, text: str, desk: DeskMetadata,
             classifier: Classifier, patterns: ReferencePatterns | None = None,
             threshold: float = DEFAULT_THRESHOLD) -> DocumentDraft:
    """Type, date and link one document's text (module doc)."""
    language, language_reason = ocr.detect_language(text)
    extraction = extract(text, patterns)
    candidates = load_candidates(session, extraction=extraction, text=text)
    decision = link(extraction, text, candidates, threshold=threshold)
    typed = _decide_type(classifier.predict(text), desk)
    linked = _not_into_frozen(session, _decide_link(decision, desk, candidates))
    return DocumentDraft(
        title=title[:300], language=language, language_reason=language_reason,
        doc_type=typed.code, type_confidence=typed.confidence, type_reason=typed.reason[:500],
        type_made_by=desk.made_by if desk.doc_type else LIASSE,
        **_date_fields(extraction), **linked,
        person_reasons=_person_reasons(linked.get("person_ids", ()), decision))


def _decide_type(prediction: TypePrediction, desk: DeskMetadata) -> TypePrediction:
    if not desk.doc_type:
        return prediction
    reason = f"set at the desk by {desk.by}"
    if prediction.code != desk.doc_type:
        reason += (f"; Liasse read {prediction.code} ({prediction.reason}), not applied")
    return TypePrediction(desk.doc_type, 1.0, reason)


def _date_fields(extraction: Extraction) -> dict[str, Any]:
    return {"doc_date": extraction.document_date, "date_reason": extraction.date_reason[:300]}


def _decide_link(decision: LinkDecision, desk: DeskMetadata,
                 candidates: LinkCandidates) -> dict[str, Any]:
    """The link fields of the draft: the desk's dossier, else Liasse's decision, else review."""
    suggestions = _suggestions(decision, candidates)
    if desk.dossier_id is None:
        if not decision.linked:
            return {"link_confidence": decision.confidence, "link_reason": decision.reason[:500],
                    "link_made_by": LIASSE, "suggestions": suggestions}
        return {"dossier_id": decision.dossier_id, "element_id": decision.element_id,
                "person_ids": decision.person_ids, "link_confidence": decision.confidence,
                "link_reason": decision.reason[:500], "link_made_by": LIASSE}
    agreeing = next((s for s in suggestions if s.dossier_id == desk.dossier_id), None)
    element_id = desk.element_id or (agreeing.element_id if agreeing else None)
    return {"dossier_id": desk.dossier_id, "element_id": element_id,
            "person_ids": agreeing.person_ids if agreeing else (),
            "link_confidence": 1.0, "link_made_by": desk.made_by,
            "link_reason": _desk_link_reason(decision, desk, agreeing, suggestions)[:500]}


def _not_into_frozen(session: Session, linked: dict[str, Any]) -> dict[str, Any]:
    """An archived dossier takes no new document (a cover sheet or a reference may still
    name one): the document waits in review, the dossier offered as a suggestion that a
    person can follow once the dossier is reactivated."""
    dossier_id = linked.get("dossier_id")
    dossier = session.get(Dossier, dossier_id) if dossier_id is not None else None
    frozen = frozen_because(dossier) if dossier is not None else None
    if dossier is None or frozen is None:
        return linked
    assert dossier.id is not None
    element_id = linked.get("element_id")
    element = session.get(DossierElement, element_id) if element_id is not None else None
    kept = ReviewSuggestion(
        dossier_id=dossier.id, dossier_number=dossier.number, element_id=element_id,
        element_reference=element.reference if element else None,
        person_ids=tuple(linked.get("person_ids", ())),
        confidence=float(linked.get("link_confidence") or 0.0),
        reasons=(str(linked.get("link_reason", "")),))
    others = [s for s in linked.get("suggestions", ()) if s.dossier_id != dossier.id]
    reason = (f"{frozen}: not filed there; reactivate it to file the document there, or file "
              f"it elsewhere (found: {linked.get('link_reason', '')})")
    return {"link_confidence": linked.get("link_confidence"), "link_made_by": LIASSE,
            "link_reason": reason[:500], "suggestions": (kept, *others)}


def _desk_link_reason(decision: LinkDecision, desk: DeskMetadata,
                      agreeing: ReviewSuggestion | None,
                      suggestions: Sequence[ReviewSuggestion]) -> str:
    what = f"dossier {desk.dossier_number}"
    if desk.element_reference:
        what += f", element {desk.element_reference}"
    reason = (f"{what} from the QR code of letter {desk.letter_id}: its returned copy"
              if desk.letter_id else f"{what} set at the desk by {desk.by}")
    if agreeing is not None:
        reason += f"; Liasse agrees: {'; '.join(agreeing.reasons)}"
        if not desk.element_id and agreeing.element_reference:
            reason += f"; element {agreeing.element_reference} found by Liasse"
    others = [s for s in suggestions if s.dossier_id != desk.dossier_id]
    if decision.linked and decision.dossier_id != desk.dossier_id and others:
        reason += (f"; Liasse found dossier {others[0].dossier_number} "
                   f"({'; '.join(others[0].reasons)}), not applied")
    elif others:
        reason += f"; the text also names dossier {others[0].dossier_number}, not applied"
    return reason


def _person_reasons(person_ids: Sequence[int], decision: LinkDecision) -> tuple[str, ...]:
    """Why each person: the evidence naming them (their identifier, name and birth date, the
    element they are the person of), else the link's reason."""
    reasons = [r for s in decision.suggestions for r in s.reasons]
    found = []
    for person_id in person_ids:
        own = [r for r in dict.fromkeys(reasons) if f"of person {person_id}" in r]
        found.append("; ".join(own) or decision.reason)
    return tuple(r[:500] for r in found)


def _suggestions(decision: LinkDecision,
                 candidates: LinkCandidates) -> tuple[ReviewSuggestion, ...]:
    references = {e.id: e.reference for e in candidates.elements}
    found = []
    for s in decision.suggestions:
        dossier = candidates.dossier(s.dossier_id)
        found.append(ReviewSuggestion(
            s.dossier_id, dossier.number if dossier else str(s.dossier_id), s.element_id,
            references.get(s.element_id) if s.element_id else None, s.person_ids,
            s.confidence, s.reasons))
    return tuple(found)


"""``link``: decide which dossier (element, persons) a document belongs to, or ask a person.

Evidence (``classify._evidence``) is grouped per dossier and combined as 1 - prod(1 - w). The
document is linked only when

* the best dossier's confidence reaches ``threshold`` (default 0.9: one dossier number, element
  code, valid identifier, or name with birth date is enough; a name alone never is), and
* no other dossier has strong evidence of its own (a second dossier number, an element or a
  person of another dossier): conflicting evidence goes to review, because a wrong link is
  worse than none, and
* the best dossier is not tied with another (a person in two dossiers and nothing else).

Otherwise the dossiers with any evidence become ranked suggestions for the review queue.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from classify._candidates import Evidence, LinkCandidates
from classify._evidence import gather
from classify._extract import Extraction

DEFAULT_THRESHOLD = 0.9
MAX_SUGGESTIONS = 5
MadeBy = Literal["liasse", "person"]


@dataclass(frozen=True, slots=True)
class LinkSuggestion:
    """A dossier (and maybe element and persons) a reviewer might pick, with the evidence."""

    dossier_id: int
    element_id: int | None
    person_ids: tuple[int, ...]
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """Linked (to a dossier, maybe an element and persons) or sent to review, and why."""

    linked: bool
    reason: str
    confidence: float
    made_by: MadeBy = "liasse"
    dossier_id: int | None = None
    household_id: int | None = None
    element_id: int | None = None
    person_ids: tuple[int, ...] = ()
    suggestions: tuple[LinkSuggestion, ...] = ()


def _combine(evidence: Sequence[Evidence]) -> float:
    distinct = {(e.kind, e.reason): e.weight for e in evidence}
    return round(1 - math.prod(1 - w for w in distinct.values()), 4)


def _element_of(evidence: Sequence[Evidence]) -> int | None:
    elements = {e.element_id for e in evidence if e.element_id is not None}
    return elements.pop() if len(elements) == 1 else None


def _persons_of(evidence: Sequence[Evidence]) -> tuple[int, ...]:
    return tuple(sorted({e.person_id for e in evidence if e.strong and e.person_id is not None}))


def _suggestion(dossier_id: int, evidence: Sequence[Evidence]) -> LinkSuggestion:
    reasons = tuple(dict.fromkeys(e.reason for e in evidence))
    return LinkSuggestion(dossier_id, _element_of(evidence), _persons_of(evidence),
                          _combine(evidence), reasons)


def _key(e: Evidence) -> tuple[str, str]:
    """What a piece of evidence is about, whichever dossier it supports."""
    if e.kind in ("national_id", "name_birth_date"):
        return e.kind, str(e.person_id)
    return e.kind, e.reason


def _conflict(best: Sequence[Evidence], other: LinkSuggestion,
              grouped: dict[int, list[Evidence]]) -> str | None:
    shared = {_key(e) for e in best}
    own = [e for e in grouped[other.dossier_id] if e.strong and _key(e) not in shared]
    if own:
        return f"conflicting evidence: dossier {other.dossier_id} has {own[0].reason}"
    return None


def _review(reason: str, suggestions: tuple[LinkSuggestion, ...]) -> LinkDecision:
    confidence = suggestions[0].confidence if suggestions else 0.0
    return LinkDecision(False, f"review: {reason}", confidence, suggestions=suggestions)


def link(extraction: Extraction, text: str, candidates: LinkCandidates, *,
         threshold: float = DEFAULT_THRESHOLD) -> LinkDecision:
    """Link the document to a dossier, or return ranked suggestions for review (module doc)."""
    grouped: dict[int, list[Evidence]] = defaultdict(list)
    for item in gather(extraction, text, candidates):
        grouped[item.dossier_id].append(item)
    if not grouped:
        return _review("nothing in the text names a known dossier, element or person", ())
    ranked = sorted((_suggestion(d, ev) for d, ev in grouped.items()),
                    key=lambda s: (-s.confidence, s.dossier_id))
    suggestions, best = tuple(ranked[:MAX_SUGGESTIONS]), ranked[0]
    for other in ranked[1:]:
        conflict = _conflict(grouped[best.dossier_id], other, grouped)
        if conflict:
            return _review(conflict, suggestions)
        if other.confidence == best.confidence:
            return _review(f"dossiers {best.dossier_id} and {other.dossier_id} tie", suggestions)
    if best.confidence < threshold:
        return _review(f"best confidence {best.confidence:.2f} is below {threshold:.2f} "
                       f"({'; '.join(best.reasons)})", suggestions)
    dossier = candidates.dossier(best.dossier_id)
    return LinkDecision(
        True, "; ".join(best.reasons), best.confidence, "liasse", best.dossier_id,
        dossier.household_id if dossier else None, best.element_id, best.person_ids,
        suggestions,
    )


def confirm_link(*, dossier_id: int, by: str, element_id: int | None = None,
                 person_ids: tuple[int, ...] = (), household_id: int | None = None,
                 note: str = "") -> LinkDecision:
    """A link a person made or corrected in review: kept as theirs, with their note."""
    reason = f"linked by {by}" + (f": {note}" if note else "")
    return LinkDecision(True, reason, 1.0, "person", dossier_id, household_id, element_id,
                        person_ids)

"""Classification, extraction and linking: pure logic over the text of a document.

``extract(text)`` reads dates, dossier numbers, element codes, national identifiers (checked),
IBANs and amounts; ``Classifier`` types a document (rules, then a learned model, else
keywords); ``link(...)`` decides the dossier, element and persons, or sends the document to
review with ranked suggestions. Every decision carries its reason. Imports only ``core``.
"""

from classify._amounts import Amount, choose_total, find_amounts, parse_number
from classify._candidates import (
    EVIDENCE_WEIGHTS,
    DossierCandidate,
    ElementCandidate,
    Evidence,
    LinkCandidates,
    PersonCandidate,
)
from classify._classifier import Classifier, TrainingExample, TrainingReport, TypePrediction
from classify._dates import DateMention, choose_document_date, find_dates
from classify._evidence import gather as gather_evidence
from classify._extract import Extraction, Reference, ReferencePatterns, extract
from classify._identifiers import (
    Iban,
    NationalId,
    avs_is_valid,
    be_nrn_is_valid,
    codice_fiscale_check_letter,
    codice_fiscale_is_valid,
    find_ibans,
    find_national_ids,
    iban_is_valid,
)
from classify._link import (
    DEFAULT_THRESHOLD,
    LinkDecision,
    LinkSuggestion,
    confirm_link,
    link,
)
from classify._rules import MATCH_KINDS, MatchKind, Rule, RuleHit, evaluate
from classify._taxonomy import LANGUAGES, DocumentType, Taxonomy

__all__ = [
    "DEFAULT_THRESHOLD", "EVIDENCE_WEIGHTS", "LANGUAGES", "MATCH_KINDS", "Amount", "Classifier",
    "DateMention", "DocumentType", "DossierCandidate", "ElementCandidate", "Evidence",
    "Extraction", "Iban", "LinkCandidates", "LinkDecision", "LinkSuggestion", "MatchKind",
    "NationalId", "PersonCandidate", "Reference", "ReferencePatterns", "Rule", "RuleHit",
    "Taxonomy", "TrainingExample", "TrainingReport", "TypePrediction", "avs_is_valid",
    "be_nrn_is_valid", "choose_document_date", "choose_total", "codice_fiscale_check_letter",
    "codice_fiscale_is_valid", "confirm_link", "evaluate", "extract", "find_amounts",
    "find_dates", "find_ibans", "find_national_ids", "gather_evidence", "iban_is_valid", "link",
    "parse_number",
]

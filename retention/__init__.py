"""Retention: schedules and each document's disposition date, legal holds, the dossier
lifecycle (close, archive, reactivate), reviewed destruction with certificates, archival
packages (BagIt) and fixity checks.

The decisions are pure functions (``governing_schedule``, ``disposition_date``,
``may_destroy``) that return their reason; the services around them work on a session, a blob
store and never commit.
"""

from retention._archive import ArchiveReport, archive_key, rendition_key
from retention._bag import BagReport, export_bag, validate_bag
from retention._dates import due_documents, recompute
from retention._destroy import ExecutionReport, ItemOutcome, execute
from retention._disposition import (
    DueItem,
    all_lists,
    approve,
    cancel,
    decide_item,
    due_items,
    list_by_id,
    list_items,
    list_reference,
    propose,
    sweep,
)
from retention._fixity import StoredObject, catalog_objects, last_run, runs
from retention._fixity import run as run_fixity
from retention._holds import covered_documents, list_holds, place_hold, release_hold
from retention._lifecycle import archive_dossier, close_dossier, lifecycle, reactivate_dossier
from retention._renditions import Rendition, document_pdf, pdfa_part, pdfa_rendition
from retention._rules import (
    Approvals,
    Decision,
    DestructionCandidate,
    DossierFacts,
    PersonFacts,
    add_period,
    disposition_date,
    governing_schedule,
    may_destroy,
)
from retention._schedules import (
    create_schedule,
    delete_schedule,
    list_schedules,
    schedule_by_id,
    update_schedule,
)
from retention._targets import (
    HoldTarget,
    Tombstone,
    find_hold_target,
    held_documents,
    hold_target_label,
    tombstone,
)

__all__ = [
    "Approvals",
    "ArchiveReport",
    "BagReport",
    "Decision",
    "DestructionCandidate",
    "DossierFacts",
    "DueItem",
    "ExecutionReport",
    "HoldTarget",
    "ItemOutcome",
    "PersonFacts",
    "Rendition",
    "StoredObject",
    "Tombstone",
    "add_period",
    "all_lists",
    "approve",
    "archive_dossier",
    "archive_key",
    "cancel",
    "catalog_objects",
    "close_dossier",
    "covered_documents",
    "create_schedule",
    "decide_item",
    "delete_schedule",
    "disposition_date",
    "document_pdf",
    "due_documents",
    "due_items",
    "execute",
    "export_bag",
    "find_hold_target",
    "governing_schedule",
    "held_documents",
    "hold_target_label",
    "last_run",
    "lifecycle",
    "list_by_id",
    "list_holds",
    "list_items",
    "list_reference",
    "list_schedules",
    "may_destroy",
    "pdfa_part",
    "pdfa_rendition",
    "place_hold",
    "propose",
    "reactivate_dossier",
    "recompute",
    "release_hold",
    "rendition_key",
    "run_fixity",
    "runs",
    "schedule_by_id",
    "sweep",
    "tombstone",
    "update_schedule",
    "validate_bag",
]

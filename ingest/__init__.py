"""Intake: receive files into batches, run each through the pipeline, report progress."""

from ingest._check import CheckReport, check_consistency
from ingest._config import DEFAULT_LANGUAGES, IntakeConfig
from ingest._corrections import Correction, apply_correction
from ingest._cover_sheet import (
    CoverSheet,
    cover_payload,
    parse_cover_payload,
    render_cover_sheet,
    render_cover_sheets,
)
from ingest._describe import (
    DeskMetadata,
    DocumentDraft,
    ReviewSuggestion,
    check_desk_metadata,
    describe,
    describe_item,
    element_dossier_number,
)
from ingest._dossier_import import COLUMNS as DOSSIER_CSV_COLUMNS
from ingest._dossier_import import ImportSummary, import_dossier_csv
from ingest._doubts import Doubt, ReviewReason, ReviewRules, continuation_marker, review_doubts
from ingest._filing import file_draft, refile_document, stored_doubts
from ingest._indexing import index_documents, indexed_document, reindex_all
from ingest._models import ModelPointer, current_classifier, current_pointer
from ingest._outbox import drain_after_commit, drain_all, drain_index_outbox
from ingest._pipeline import (
    PageRange,
    PipelineContext,
    persist_item,
    plan_ranges,
    prepare_item,
    process_item,
    read_page_range,
)
from ingest._receive import IncomingFile, expand_paths, receive_batch, safe_filename
from ingest._report import BatchReport, ItemReport, batch_report
from ingest._review import (
    BulkOutcome,
    ReviewEntry,
    ReviewPage,
    confirm_document,
    merge_documents,
    relink_document,
    retype_document,
    review_doubts_of,
    review_queue,
    run_bulk,
    split_document,
)
from ingest._sniff import SUPPORTED_TYPES, FileFacts, FileLimits, inspect_file, sniff_type
from ingest._split import DocumentPart, SplitResult, split_pages
from ingest._training import retrain_if_changed, train_classifier
from ingest._watch import DropOutcome, HotFolder, process_ready

__all__ = [
    "DEFAULT_LANGUAGES",
    "DOSSIER_CSV_COLUMNS",
    "SUPPORTED_TYPES",
    "BatchReport",
    "BulkOutcome",
    "CheckReport",
    "Correction",
    "CoverSheet",
    "DeskMetadata",
    "DocumentDraft",
    "DocumentPart",
    "Doubt",
    "DropOutcome",
    "FileFacts",
    "FileLimits",
    "HotFolder",
    "ImportSummary",
    "IncomingFile",
    "IntakeConfig",
    "ItemReport",
    "ModelPointer",
    "PageRange",
    "PipelineContext",
    "ReviewEntry",
    "ReviewPage",
    "ReviewReason",
    "ReviewRules",
    "ReviewSuggestion",
    "SplitResult",
    "apply_correction",
    "batch_report",
    "check_consistency",
    "check_desk_metadata",
    "confirm_document",
    "continuation_marker",
    "cover_payload",
    "current_classifier",
    "current_pointer",
    "describe",
    "describe_item",
    "drain_after_commit",
    "drain_all",
    "drain_index_outbox",
    "element_dossier_number",
    "expand_paths",
    "file_draft",
    "import_dossier_csv",
    "index_documents",
    "indexed_document",
    "inspect_file",
    "merge_documents",
    "parse_cover_payload",
    "persist_item",
    "plan_ranges",
    "prepare_item",
    "process_item",
    "process_ready",
    "read_page_range",
    "receive_batch",
    "refile_document",
    "reindex_all",
    "relink_document",
    "render_cover_sheet",
    "render_cover_sheets",
    "retrain_if_changed",
    "retype_document",
    "review_doubts",
    "review_doubts_of",
    "review_queue",
    "run_bulk",
    "safe_filename",
    "sniff_type",
    "split_document",
    "split_pages",
    "stored_doubts",
    "train_classifier",
]

"""The API routes the viewer calls in-process, gathered in one place.

The viewer shows exactly what the API would: each screen calls the same route functions, with
the same guard (permissions, 404 for what the person may not see) and the same journal entries.
Only this module reaches into ``api.routers``.
"""

from __future__ import annotations

from api.routers import lifecycle as lifecycle_routes
from api.routers import retention as retention_routes
from api.routers import review
from api.routers.auth import Credentials, login
from api.routers.batches import create_batch, get_batch, list_batch_summaries
from api.routers.classification import get_suggestions
from api.routers.documents import destroyed as destroyed_document
from api.routers.dossiers import list_documents, list_elements
from api.routers.journal import get_journal
from api.routers.people import household_members
from api.routers.reports import FiltersDep
from api.routers.reports import report_json as read_report
from api.routers.search import household_periods
from api.routers.templates import LetterRequest, create_letter, get_templates
from api.routers.templates import preview as letter_preview

__all__ = ["Credentials", "FiltersDep", "LetterRequest", "create_batch", "create_letter",
           "destroyed_document", "get_batch", "get_journal", "get_suggestions",
           "get_templates", "household_members", "household_periods", "letter_preview",
           "lifecycle_routes", "list_batch_summaries", "list_documents",
           "list_elements", "login", "read_report", "retention_routes", "review"]

"""The HTTP API: one router per resource under /api/v1, behind sign-in and one guard."""

from api._auth import SESSION_COOKIE, CurrentUser
from api._config import AuthConfig
from api._csrf import CSRF_HEADER, same_origin, session_token
from api._csrf import matches as csrf_matches
from api._csrf import sign as csrf_sign
from api._guard import Guard, GuardDep
from api._oidc import OidcClient, OidcSettings
from api._ratelimit import SignInLimiter
from api._ratelimit_redis import RedisSignInLimiter
from api.app import create_api
from api.deps import ApiContext, BlobStoreDep, ContextDep, IndexDep, SessionDep
from api.routers.audit import CSV_COLUMNS as JOURNAL_CSV_COLUMNS
from api.routers.audit import journal_csv
from api.routers.documents import document_details
from api.routers.search import household_periods, search_hit_json

__all__ = ["CSRF_HEADER", "JOURNAL_CSV_COLUMNS", "SESSION_COOKIE", "ApiContext", "AuthConfig",
           "BlobStoreDep", "ContextDep", "CurrentUser", "Guard", "GuardDep", "IndexDep",
           "OidcClient", "OidcSettings", "RedisSignInLimiter", "SessionDep", "SignInLimiter",
           "create_api", "csrf_matches", "csrf_sign", "document_details", "household_periods",
           "journal_csv", "same_origin", "search_hit_json", "session_token"]

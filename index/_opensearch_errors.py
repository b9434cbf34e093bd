"""The OpenSearch adapter's boundary: every error of opensearch-py or urllib3 becomes one of
ours, saying whether to retry. A connection failure, a time-out, HTTP 429 (too many requests)
and HTTP 5xx are ``core.SearchUnavailable`` (a ``BackendUnavailable``: retried); any other
HTTP 4xx is ``core.SearchRejected`` (a ``BackendRefused``: the same request would be refused
again, so it is not retried and says what to fix). Messages name the
server's URL without its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import urllib3
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import ImproperlyConfigured, OpenSearchException, TransportError

from core.errors import LiasseError, SearchRejected, SearchUnavailable

VENDOR_ERRORS = (OpenSearchException, ImproperlyConfigured, urllib3.exceptions.HTTPError)


def is_transient(status: object) -> bool:
    """Whether an HTTP status (or opensearch-py's "N/A" for no answer) is worth a retry."""
    return not isinstance(status, int) or status == 429 or status >= 500


FIX_REQUEST = ("check LIASSE_OPENSEARCH_URL, its user's rights on the index, and that the index "
               "was built by this version (delete it and run `liasse reindex`)")
FIX_CONFIG = "correct LIASSE_OPENSEARCH_URL (such as http://opensearch:9200) and its options"


def error_for(status: object, message: str) -> LiasseError:
    if is_transient(status):
        return SearchUnavailable(message)
    return SearchRejected(message, fix=FIX_REQUEST)


@contextmanager
def translated(where: str, action: str) -> Iterator[None]:
    """Runs the block, turning vendor errors into ours (``where``: the server, redacted)."""
    try:
        yield
    except OpenSearchConnectionError as exc:
        raise SearchUnavailable(
            f"OpenSearch at {where}: cannot {action}: cannot connect "
            f"({exc.info if exc.info is not None else exc.error})") from exc
    except TransportError as exc:
        raise error_for(exc.status_code, f"OpenSearch at {where}: cannot {action}: HTTP "
                                         f"{exc.status_code} {reason(exc)}") from exc
    except ImproperlyConfigured as exc:
        raise SearchRejected(f"OpenSearch at {where}: cannot {action}: {exc}",
                             fix=FIX_CONFIG) from exc
    except VENDOR_ERRORS as exc:
        raise SearchUnavailable(f"OpenSearch at {where}: cannot {action}: {exc}") from exc


def check_bulk(response: dict[str, Any], what: str) -> None:
    """Raises for the first failed item of a bulk answer (``what``: the index, for messages)."""
    if not response.get("errors"):
        return
    for item in response.get("items", ()):
        for action, result in item.items():
            error = result.get("error")
            if error:
                text = error.get("reason") if isinstance(error, dict) else error
                kind = error.get("type") if isinstance(error, dict) else "error"
                raise error_for(result.get("status"), f"{what}: cannot {action} document "
                                                      f"{result.get('_id')}: {kind}: {text}")
    raise SearchUnavailable(f"{what}: a bulk write reported errors without details")


def reason(exc: TransportError) -> str:
    info = exc.info
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        error = info["error"]
        return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")
    return str(exc.error)


def redacted(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url.strip())
    if "@" not in parts.netloc:
        return url.strip()
    user, _, _secret = parts.netloc.rpartition("@")[0].partition(":")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def hosts_of(client: OpenSearch) -> str:
    hosts = getattr(getattr(client, "transport", None), "hosts", None) or []
    named = [f"{h.get('scheme', 'http')}://{h.get('host')}:{h.get('port')}" for h in hosts
             if isinstance(h, dict)]
    return ", ".join(named) or "an unnamed OpenSearch"

"""The one error tree of Liasse.

Every error a user can meet is a ``LiasseError``: it knows its HTTP status, its CLI exit code
and a stable machine ``code``. Adapters translate vendor errors into these at their boundary,
so nothing above them ever sees a ``botocore``/``tantivy``/``pikepdf`` exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.messages import Message, Param


class LiasseError(Exception):
    """Base of every error Liasse raises on purpose.

    ``message`` is English, for logs; what a person reads is ``as_message()``: the code ``key``
    (``quarantine.empty_file``) with its ``params``, else the generic ``error.<code>``, rendered
    in the reader's language (``core.messages``)."""

    http_status = 500
    exit_code = 1
    code = "error"

    def __init__(self, message: str, *, key: str = "", **params: Param) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params

    def as_message(self) -> Message:
        from core.messages import Message

        return Message(self.key or f"error.{self.code}", dict(self.params))


class InvalidInput(LiasseError):
    """The request or command was malformed (a bad date, an unknown option value...)."""

    http_status = 422
    exit_code = 2
    code = "invalid_input"


class NotFound(LiasseError):
    """The dossier, document, batch... named does not exist (or may not be seen)."""

    http_status = 404
    exit_code = 4
    code = "not_found"


class Gone(NotFound):
    """The thing was there and was destroyed on purpose (a disposition list carried out): the
    answer says when, under which certificate, by whom and under which rule (``payload``).
    Permanent: do not retry."""

    http_status = 410
    code = "destroyed"

    def __init__(self, message: str, payload: dict[str, object]) -> None:
        super().__init__(message)
        self.payload = payload


class Conflict(LiasseError):
    """The change clashes with what is stored (a dossier number already in use...)."""

    http_status = 409
    exit_code = 5
    code = "conflict"


class RejectedFile(LiasseError):
    """A received file cannot be processed. Its message is the reason a clerk reads.

    The original bytes are already stored when this is raised: the item is quarantined, not lost.
    """

    http_status = 422
    exit_code = 6
    code = "rejected_file"


class EmptyFile(RejectedFile):
    code = "empty_file"


class UnsupportedFileType(RejectedFile):
    code = "unsupported_file_type"


class DamagedFile(RejectedFile):
    code = "damaged_file"


class EncryptedFile(RejectedFile):
    code = "encrypted_file"


class OversizedFile(RejectedFile):
    """Too many pages, pages too large, or images with too many pixels (decompression bombs)."""

    code = "oversized_file"


class BackendUnavailable(LiasseError):
    """A transient failure of an outside system (connection refused, time-out, HTTP 5xx or
    429). Worth a retry: tasks retry it with backoff, the outbox keeps its rows queued."""

    http_status = 503
    exit_code = 7
    code = "backend_unavailable"


class BackendRefused(LiasseError):
    """A permanent refusal by an outside system (HTTP 4xx, access denied, a mapping mismatch,
    bad configuration). The same request would be refused again: it is NOT retried, it is
    reported once with ``fix``, what a person must change before it can work."""

    http_status = 502
    exit_code = 14
    code = "backend_refused"

    def __init__(self, message: str, *, fix: str = "") -> None:
        # the refusal's own words and the fix are the outside system's and the operator's
        # (configuration names, vendor reasons): shown as they are, framed in the reader's language
        if fix:
            super().__init__(f"{message} (to fix: {fix})", key="error.refused_detail",
                             detail=message, fix=fix)
        else:
            super().__init__(message)
        self.fix = fix


class StorageError(LiasseError):
    """Object storage failed. Raised as one of its two kinds: ``StorageUnavailable`` (retry)
    or ``StorageRefused`` (don't); catch this one to handle both."""

    http_status = 503
    exit_code = 7
    code = "storage_error"


class StorageUnavailable(StorageError, BackendUnavailable):
    """Object storage cannot be reached or failed for now (connection, time-out, 5xx)."""

    http_status = 503
    exit_code = 7
    code = "storage_unavailable"


class StorageRefused(StorageError, BackendRefused):
    """Object storage refused the request (access denied, a bad key or bucket, no permission
    on a local folder): fix the credentials, the bucket policy or the configuration."""

    http_status = 502
    exit_code = 14
    code = "storage_refused"


class SearchBackendError(LiasseError):
    """The search backend failed. Raised as one of its two kinds: ``SearchUnavailable``
    (retry) or ``SearchRejected`` (don't); catch this one to handle both."""

    http_status = 503
    exit_code = 7
    code = "search_error"


class SearchUnavailable(SearchBackendError, BackendUnavailable):
    """The search server cannot be reached, is overloaded (HTTP 429) or failed (HTTP 5xx)."""

    http_status = 503
    exit_code = 7
    code = "search_unavailable"


class SearchRejected(SearchBackendError, BackendRefused):
    """The search server refused the request as wrong (HTTP 4xx but 429; an index built by
    another mapping; a bad URL). The same request would be refused again; the index, the
    configuration or the code must change (``liasse reindex``, a fix)."""

    http_status = 502
    exit_code = 14
    code = "search_rejected"


class FixityError(LiasseError):
    """Stored bytes no longer hash to the SHA-256 recorded when they were written.

    Not a ``BackendUnavailable``: retrying cannot repair rotten bytes; an archivist must act."""

    http_status = 500
    exit_code = 9
    code = "fixity_error"


class OcrFailure(LiasseError):
    """The OCR engine failed on a page (crashed, timed out). Not retried blindly."""

    http_status = 500
    exit_code = 8
    code = "ocr_failure"


class Unauthenticated(LiasseError):
    """No valid credentials came with the request (no token, an expired session...)."""

    http_status = 401
    exit_code = 10
    code = "unauthenticated"


class Forbidden(LiasseError):
    """The person is known but their roles do not allow this action. Things they may not even
    know exist (a confidential dossier, a document outside their departments) are ``NotFound``
    instead, so a refusal never confirms that they exist."""

    http_status = 403
    exit_code = 11
    code = "forbidden"


class TooManyRequests(LiasseError):
    """Too many failed sign-ins for one user name or one client address; try again later."""

    http_status = 429
    exit_code = 12
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class JournalBroken(LiasseError):
    """The audit journal's hash chain does not hold: an entry was altered, removed or inserted
    outside Liasse."""

    http_status = 500
    exit_code = 13
    code = "journal_broken"

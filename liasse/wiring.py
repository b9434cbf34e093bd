"""Build Liasse's services from settings. Each component receives only its slice of config."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from core import InvalidInput, SessionFactory, make_engine, upgrade
from index import SearchIndex
from ingest import FileLimits, IntakeConfig, PipelineContext, ReviewRules
from letters import Converter, Institution, LetterServices
from liasse.settings import SearchBackend, Settings
from ocr import PageAnalysis
from storage import BlobStore, LocalBlobStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    sessions: SessionFactory
    blobs: BlobStore
    index: SearchIndex
    intake: IntakeConfig

    @property
    def pipeline(self) -> PipelineContext:
        return PipelineContext(sessions=self.sessions, blobs=self.blobs, index=self.index,
                               config=self.intake)

    @property
    def letters(self) -> LetterServices:
        settings = self.settings
        return LetterServices(
            sessions=self.sessions, blobs=self.blobs,
            converter=Converter(command=settings.soffice, timeout_s=settings.letter_timeout,
                                work_dir=self.intake.work_dir),
            institution=Institution(name=settings.institution_name,
                                    address=settings.institution_address,
                                    logo=str(settings.institution_logo or "")))


def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    home = settings.resolved_home
    home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.catalog_url)
    if migrate:
        upgrade(engine)
    work_dir = home / "work"
    work_dir.mkdir(exist_ok=True)
    intake = IntakeConfig(
        work_dir=work_dir, ocr_languages=settings.languages, ocr_workers=settings.ocr_workers,
        ocr_dpi=settings.ocr_dpi,
        limits=FileLimits(max_pages=settings.max_pages,
                          max_page_side_mm=settings.max_page_side_mm,
                          max_image_megapixels=settings.max_image_megapixels),
        analysis=PageAnalysis(separators=settings.separators,
                              barcodes=settings.page_analysis,
                              blank_pages=settings.page_analysis,
                              orientation=settings.page_analysis),
        # One range in embedded mode (this process reads it all); ranges for workers otherwise.
        range_pages=None if settings.embedded_broker else settings.range_pages,
        review=ReviewRules(min_confidence=settings.review_min_confidence),
        split_starts=tuple(c.strip() for c in settings.split_start_codes.split(",") if c.strip()))
    return Services(settings=settings, sessions=SessionFactory(engine),
                    blobs=build_blob_store(settings), index=build_index(settings), intake=intake)


def build_blob_store(settings: Settings) -> BlobStore:
    if settings.s3_endpoint:
        try:
            from storage import S3BlobStore
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise RuntimeError("S3 storage needs the 'minio' package: pip install minio") from exc
        store: BlobStore = S3BlobStore.from_settings(
            settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key,
            secure=settings.s3_secure, region=settings.s3_region,
            bucket_prefix=settings.s3_bucket_prefix)
        return store
    return LocalBlobStore(settings.resolved_home / "objects")


def build_index(settings: Settings) -> SearchIndex:
    if settings.search_backend == SearchBackend.opensearch:
        if not settings.opensearch_url:
            raise InvalidInput("LIASSE_SEARCH_BACKEND=opensearch needs LIASSE_OPENSEARCH_URL "
                               "(such as http://opensearch:9200)")
        from index import OpenSearchIndex

        remote: SearchIndex = OpenSearchIndex.from_url(settings.opensearch_url,
                                                       index_name=settings.opensearch_index)
        return remote
    from index import EmbeddedIndex

    folder = settings.index_dir or settings.resolved_home / "index"
    index: SearchIndex = EmbeddedIndex(folder.expanduser().resolve())
    return index


@lru_cache(maxsize=1)
def services_from_environment() -> Services:
    """The process-wide services, built once from the environment (workers, CLI)."""
    return build_services(Settings())

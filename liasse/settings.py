"""Settings: the only place configuration enters Liasse (environment variables ``LIASSE_*``).

Unset production URLs mean the embedded defaults: an SQLite file, a local object directory, an
embedded search index and an in-process (or filesystem-broker) task queue, all under
``LIASSE_HOME``.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SearchBackend(StrEnum):
    embedded = "embedded"
    opensearch = "opensearch"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIASSE_", env_file=None, extra="ignore")

    home: Path = Field(default=Path("liasse-data"),
                       description="Data directory of the embedded defaults")
    database_url: str | None = Field(default=None,
                                     description="SQLAlchemy URL; default an SQLite file in home")
    broker_url: str | None = Field(default=None,
                                   description="Celery broker; default in-process/filesystem")
    s3_endpoint: str | None = None
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_secure: bool = False
    s3_region: str | None = None
    s3_bucket_prefix: str = "liasse"
    search_backend: SearchBackend = SearchBackend.embedded
    index_dir: Path | None = Field(default=None, description="Folder of the embedded search "
                                   "index; default home/index. Production uses OpenSearch")
    opensearch_url: str | None = None
    opensearch_index: str = Field(default="liasse-documents", pattern=r"^[a-z0-9][a-z0-9_-]*$",
                                  description="OpenSearch alias the documents are searched by")
    ocr_languages: str = Field(default="fra+deu+ita+nld+eng",
                               description="Tesseract languages joined by '+'")
    ocr_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64,
                             description="OCR worker processes of this host process, shared "
                             "by every file in flight (default: the number of cores)")
    items_at_once: int = Field(default=2, ge=1, le=16, description=(
        "Embedded mode: files of a batch processed at the same time, their pages read by the "
        "one pool of OCR workers, so one file's last pages overlap the next file's first ones"))
    ocr_dpi: int = Field(default=300, ge=100, le=600)
    max_upload_mb: int = Field(default=500, ge=1)
    max_pages: int = Field(default=2000, ge=1)
    max_page_side_mm: float = Field(default=1000.0, gt=0)
    max_image_megapixels: float = Field(default=60.0, gt=0)
    separator_codes: str = Field(default="PATCHT", description="Barcode values of separator "
                                 "sheets, comma separated")
    split_start_codes: str = Field(default="", description="Barcode value prefixes (comma "
                                   "separated, e.g. ASN) that start a new document on their page")
    page_analysis: bool = Field(default=True, description="Look for barcodes, blank pages and "
                                "upside-down or skewed pages before OCR")
    review_min_confidence: float = Field(default=60.0, ge=0, le=100, description="Mean OCR "
                                         "confidence below which a document waits in review")
    range_pages: int = Field(default=20, ge=1, description="With a broker, files of more pages "
                             "are read in ranges of this many pages by any free worker")
    broker_visibility_timeout: int = Field(default=3600, ge=5, description="Seconds before a "
                                           "task taken by a worker that died is given to another")
    retrain_hours: float = Field(default=24.0, gt=0, description="How often the scheduler "
                                 "retrains the classifier (only when confirmations changed)")
    outbox_drain_seconds: float = Field(default=30.0, gt=0, description="How often the "
                                        "scheduler drains the index outbox")
    monthly_reports: list[str] = Field(default_factory=list, description="Reports the "
                                       "scheduler files as PDF documents on the 1st of each "
                                       "month, over the month before (e.g. documents,intake)")
    reports_dossier: str = Field(default="ADMIN-STAT", max_length=64, description="The "
                                 "administrative dossier the monthly reports are filed into")
    fixity_share: float = Field(default=0.1, gt=0, le=1, description="Share of the stored "
                                "objects the nightly fixity job re-reads (0.1: all in 10 nights)")
    institution_name: str = Field(default="", description="Signs the letters Liasse writes "
                                  "(the field institution.name)")
    institution_address: str = Field(default="", description="institution.address in letters")
    institution_logo: Path | None = Field(default=None, description="Image file for "
                                          "institution.logo in letters")
    soffice: str = Field(default="soffice", description="LibreOffice's command (letters to PDF)")
    letter_timeout: float = Field(default=120.0, gt=0, description="Seconds LibreOffice may "
                                  "take to turn letters into PDF")
    host: str = "127.0.0.1"
    port: int = 8000
    trusted_proxies: str = Field(default="", description=(
        "Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto are "
        "believed (none by default: the client address is the connection's)"))
    secret_key: str | None = Field(default=None, description="Signs the OpenID sign-in state; "
                                   "default a random key kept in home/secret.key")
    session_hours: float = Field(default=10.0, gt=0, description="Web session lifetime")
    token_days: int = Field(default=365, ge=0, description="API token lifetime; 0: no expiry")
    break_glass_minutes: int = Field(default=60, ge=1, le=24 * 60)
    secure_cookies: bool = Field(default=False, description="Set behind HTTPS")
    login_max_failures: int = Field(default=5, ge=1, description="Per user name and window")
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: float = Field(default=15.0, gt=0)
    oidc_issuer: str | None = Field(default=None, description="OpenID Connect issuer URL; "
                                    "unset: no OpenID sign-in")
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_redirect_url: str | None = Field(default=None, description="Default: this API's "
                                          "/api/v1/auth/oidc/callback")
    oidc_scopes: str = "openid profile email"
    oidc_username_claim: str = "preferred_username"

    @property
    def resolved_home(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def catalog_url(self) -> str:
        return self.database_url or f"sqlite:///{self.resolved_home / 'catalog.sqlite3'}"

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url is None

    @property
    def separators(self) -> tuple[str, ...]:
        return tuple(code.strip() for code in self.separator_codes.split(",") if code.strip())

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(part for part in self.ocr_languages.replace(",", "+").split("+") if part)

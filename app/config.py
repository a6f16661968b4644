"""One validated settings object, read from MST_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "development-only-secret-change-me"


def default_database_url() -> str:
    """SQLite file under ./var/ (the embedded default)."""
    return f"sqlite:///{Path('var') / 'mst.sqlite3'}"


class Settings(BaseSettings):
    """Deployment settings; unsafe production defaults are refused."""

    model_config = SettingsConfigDict(env_prefix="MST_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default_factory=default_database_url)
    secret_key: str = DEFAULT_SECRET
    allow_private_networks: bool = False
    user_agent: str = "ModernSlaveryTracker/0.1 (+https://example.org/modern-slavery-tracker; tracker@example.org)"
    crawl_concurrency: int = Field(default=50, ge=1, le=2000)
    crawl_per_host_concurrency: int = Field(default=2, ge=1, le=50)
    crawl_per_host_delay: float = Field(default=0.5, ge=0, le=120)
    crawl_connect_timeout: float = Field(default=10.0, gt=0)
    crawl_read_timeout: float = Field(default=20.0, gt=0)
    crawl_total_timeout: float = Field(default=60.0, gt=0)
    crawl_max_bytes: int = Field(default=20_000_000, ge=1024)
    crawl_max_requests_per_organisation: int = Field(default=40, ge=2, le=1000)
    crawl_retries: int = Field(default=2, ge=0, le=10)
    crawl_max_retry_after: float = Field(default=30.0, ge=0)
    # A re-discovery request still in progress this long after its claim was left by a crawl that died: claim again.
    rediscovery_claim_timeout_seconds: float = Field(default=3600.0, ge=60)
    registry_csv_url: str = (
        "https://modern-slavery-statement-registry.service.gov.uk/StatementSummaries/StatementSummaries{year}.csv"
    )
    scheduler_embedded: bool = True
    scheduler_lease_seconds: float = Field(default=60.0, ge=5)
    regime: str = "uk-guidance"
    data_dir: Path = Path("var")
    log_level: str = "INFO"
    screening_max_file_bytes: int = 25 * 1024 * 1024

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        """Refuse the development secret and private-network fetching in production."""
        if self.environment == "production":
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ValueError("MST_SECRET_KEY must be set to a random value of 32+ characters in production")
            if self.allow_private_networks:
                raise ValueError("MST_ALLOW_PRIVATE_NETWORKS must not be true in production")
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache)."""
    return Settings()

"""The crawl's knobs in one immutable object, read from Settings or set by tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from app.config import Settings, get_settings


@dataclass(frozen=True)
class CrawlOptions:
    """Politeness, safety and budget limits for one crawl."""

    user_agent: str
    allow_private_networks: bool = False
    concurrency: int = 50
    per_host_concurrency: int = 2
    per_host_delay: float = 0.5
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 20_000_000
    max_requests: int = 40
    retries: int = 2
    max_retry_after: float = 30.0
    backoff_base: float = 0.5
    max_redirects: int = 5
    max_hub_pages: int = 6
    max_sitemap_urls: int = 5000
    verify_workers: int = 2

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: Any) -> CrawlOptions:
        """Options from the process settings (MST_CRAWL_*), with keyword overrides."""
        s = settings or get_settings()
        base = cls(
            user_agent=s.user_agent,
            allow_private_networks=s.allow_private_networks,
            concurrency=s.crawl_concurrency,
            per_host_concurrency=s.crawl_per_host_concurrency,
            per_host_delay=s.crawl_per_host_delay,
            connect_timeout=s.crawl_connect_timeout,
            read_timeout=s.crawl_read_timeout,
            total_timeout=s.crawl_total_timeout,
            max_bytes=s.crawl_max_bytes,
            max_requests=s.crawl_max_requests_per_organisation,
            retries=s.crawl_retries,
            max_retry_after=s.crawl_max_retry_after,
        )
        return replace(base, **overrides)

    def with_timeout(self, seconds: float) -> CrawlOptions:
        """The same options with every timeout bounded by `seconds`."""
        return replace(
            self,
            connect_timeout=min(self.connect_timeout, seconds),
            read_timeout=min(self.read_timeout, seconds),
            total_timeout=seconds,
        )

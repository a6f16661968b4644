"""What discovery found for one website, in the shape `mst discover --json` prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from app.discovery.fetcher import FetchResult

Outcome = Literal["found", "not_found", "broken_link", "blocked_by_robots", "unreachable"]
FoundVia = Literal["homepage", "hub", "sitemap", "request"]  # request: the URL the organisation gave


@dataclass
class HomepageLink:
    """The s54(7) fact: does the homepage lead to the statement, and how prominently."""

    found: bool = False
    prominent: bool = False
    direct: bool = False
    text: str | None = None
    href: str | None = None
    location: str | None = None
    path: list[str] = field(default_factory=list)


@dataclass
class BrokenLink:
    """A link named like a statement whose target failed."""

    text: str
    href: str
    status: int | None
    error: str | None
    on_homepage: bool


@dataclass
class DiscoveryResult:
    """The outcome of discovery for one start URL."""

    url: str
    outcome: Outcome
    statement_url: str | None = None
    statement_kind: str | None = None
    statement_title: str | None = None
    confidence: float | None = None
    found_via: FoundVia | None = None
    homepage_url: str | None = None
    homepage_link: HomepageLink = field(default_factory=HomepageLink)
    history: list[str] = field(default_factory=list)
    broken_links: list[BrokenLink] = field(default_factory=list)
    requests: int = 0
    budget_exhausted: bool = False
    detail: str | None = None
    elapsed_seconds: float = 0.0
    documents: list[FetchResult] = field(default_factory=list, repr=False)

    @property
    def statement_document(self) -> FetchResult | None:
        """The fetch that delivered the statement's bytes (for the archive)."""
        for fetch in reversed(self.documents):
            if fetch.url == self.statement_url and fetch.ok:
                return fetch
        return None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (without the fetched bytes)."""
        data = asdict(replace(self, documents=[]))
        data.pop("documents")
        data["elapsed_seconds"] = round(self.elapsed_seconds, 3)
        return data

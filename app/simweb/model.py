"""The simulated web's data: resources served per path, each site's behaviour and its ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Behaviour = Literal["normal", "silent", "slow", "rate_limited"]


@dataclass(frozen=True)
class Resource:
    """What one path answers."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Truth:
    """What discovery should report for a site."""

    outcome: str
    statement_url: str | None = None
    link_found: bool = False
    prominent: bool = False
    location: str | None = None
    history: tuple[str, ...] = ()
    kind: str | None = None
    found_via: str | None = None


@dataclass
class Site:
    """One simulated website."""

    host: str
    name: str
    scenario: str
    origin: str
    resources: dict[str, Resource] = field(default_factory=dict)
    behaviour: Behaviour = "normal"
    truth: Truth = field(default_factory=lambda: Truth("not_found"))
    slow_seconds: float = 0.0
    group: str | None = None

    @property
    def homepage(self) -> str:
        """The URL discovery starts from."""
        return f"{self.origin}/"

    def url(self, path: str) -> str:
        """An absolute URL on this site."""
        return f"{self.origin}{path}"

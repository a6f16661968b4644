"""robots.txt per origin (RFC 9309), parsed by protego and cached for the whole crawl."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from protego import Protego

from app.discovery.fetcher import Fetcher, FetchResult
from app.discovery.links import join_url

RobotsState = Literal["parsed", "absent", "unavailable", "unreachable"]


@dataclass
class RobotsRules:
    """The rules of one origin: what the crawler may fetch and which sitemaps it announces."""

    state: RobotsState
    parser: Protego | None = None
    fetches: list[FetchResult] = field(default_factory=list)

    def allows(self, url: str, user_agent: str) -> bool:
        """May `user_agent` fetch `url`? Absent rules allow all; a 5xx robots.txt disallows all (RFC 9309)."""
        if self.state == "absent":
            return True
        if self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, user_agent))

    @property
    def sitemaps(self) -> list[str]:
        """Sitemap URLs announced with `Sitemap:` lines."""
        return list(self.parser.sitemaps) if self.parser is not None else []


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class RobotsCache:
    """Fetches each origin's robots.txt once (concurrent askers share the fetch)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._rules: dict[str, asyncio.Task[RobotsRules]] = {}

    def known(self, url: str) -> bool:
        """Whether the origin's rules were already asked for (so no request is spent)."""
        return origin_of(url) in self._rules

    async def rules_for(self, url: str) -> RobotsRules:
        """The rules governing `url`'s origin."""
        origin = origin_of(url)
        task = self._rules.get(origin)
        if task is None:
            task = self._rules[origin] = asyncio.ensure_future(self._load(origin))
        elif task.done():  # the common case: no need to shield a finished fetch
            return task.result()
        return await asyncio.shield(task)

    async def _load(self, origin: str) -> RobotsRules:
        """Fetch /robots.txt, following up to five redirects."""
        url = f"{origin}/robots.txt"
        fetches: list[FetchResult] = []
        for _ in range(6):
            result = await self._fetcher.fetch(url)
            fetches.append(result)
            location = result.headers.get("location")
            target = join_url(url, location) if location else None
            if result.status in (301, 302, 303, 307, 308) and target is not None:
                url = target
                continue
            break
        return _rules_from(fetches[-1], fetches)


def _rules_from(result: FetchResult, fetches: list[FetchResult]) -> RobotsRules:
    """Map the final robots.txt answer to rules."""
    if result.status is None:
        return RobotsRules("unreachable", fetches=fetches)
    if 400 <= result.status < 500 or (result.ok and not result.body.strip()):
        return RobotsRules("absent", fetches=fetches)
    if not result.ok:
        return RobotsRules("unavailable", fetches=fetches)
    text = result.body.decode("utf-8", errors="replace")
    return RobotsRules("parsed", Protego.parse(text), fetches)

"""One organisation's crawl: request budget, robots.txt on every hop, redirects and conditional revisits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol
from urllib.parse import urlsplit

from app.discovery.fetcher import Fetcher, FetchResult
from app.discovery.links import join_url
from app.discovery.robots import RobotsCache

PageError = Literal[
    "blocked_by_robots",
    "budget",
    "timeout",
    "connect",
    "blocked_address",
    "too_large",
    "protocol",
    "bad_url",
    "http",
    "redirect_loop",
]
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Validators:
    """What a revisit may send (If-None-Match / If-Modified-Since) and reuse on 304."""

    etag: str | None
    last_modified: str | None
    body: bytes
    headers: dict[str, str]


class ValidatorStore(Protocol):
    """Remembers validators per URL between runs (in memory here; the archive can persist them)."""

    def get(self, url: str) -> Validators | None: ...

    def put(self, url: str, validators: Validators) -> None: ...


class MemoryValidatorStore:
    """A dictionary of validators, for one process."""

    def __init__(self) -> None:
        self._items: dict[str, Validators] = {}

    def get(self, url: str) -> Validators | None:
        """The validators last seen for `url`."""
        return self._items.get(url)

    def put(self, url: str, validators: Validators) -> None:
        """Remember validators for `url`."""
        self._items[url] = validators


@dataclass
class Page:
    """A URL followed to its end: final URL, answer, and every fetch made on the way."""

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: PageError | None = None
    detail: str | None = None
    not_modified: bool = False
    fetches: list[FetchResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The final answer was 2xx (or a 304 with a remembered body)."""
        return self.error is None and self.status is not None and (200 <= self.status < 300 or self.not_modified)

    @property
    def content_type(self) -> str | None:
        """The declared media type of the final answer."""
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None


class OrganisationCrawl:
    """Fetches pages for one organisation within its request budget."""

    def __init__(self, fetcher: Fetcher, robots: RobotsCache, validators: ValidatorStore | None = None) -> None:
        self.fetcher = fetcher
        self.robots = robots
        self.validators = validators
        self.user_agent = fetcher.options.user_agent
        self.max_requests = fetcher.options.max_requests
        self.requests = 0
        self.budget_exhausted = False
        self.robots_fetches: list[FetchResult] = []

    def can_spend(self, count: int = 1) -> bool:
        """Whether `count` more requests fit the budget (records exhaustion when not)."""
        if self.requests + count > self.max_requests:
            self.budget_exhausted = True
            return False
        return True

    async def allowed(self, url: str) -> bool | None:
        """robots.txt verdict for `url`; None when robots.txt itself could not be reached or the budget ran out."""
        if not self.robots.known(url):
            if not self.can_spend():
                return None
            self.requests += 1
            rules = await self.robots.rules_for(url)
            self.robots_fetches.extend(rules.fetches)
            self.requests += max(len(rules.fetches) - 1, 0)
        rules = await self.robots.rules_for(url)
        if rules.state == "unreachable":
            return None
        return rules.allows(url, self.user_agent)

    async def get(self, url: str) -> Page:
        """Follow `url` through redirects, checking robots.txt and the budget on every hop."""
        page = Page(url=url, final_url=url)
        seen: set[str] = set()
        for _ in range(self.fetcher.options.max_redirects + 1):
            if not await self._step(page, page.final_url):
                return page
            location = page.headers.get("location")
            if page.status not in REDIRECTS or not location:
                return page
            seen.add(page.final_url)
            target = join_url(page.final_url, location.strip())
            if target is None:
                page.error, page.detail = "bad_url", f"malformed redirect target: {location.strip()[:200]}"
                return page
            page.final_url = target
            if page.final_url in seen:
                break
        page.error, page.detail = "redirect_loop", "too many redirects or a redirect loop"
        return page

    async def _step(self, page: Page, url: str) -> bool:
        """Fetch one hop into `page`; False when the walk must stop."""
        if urlsplit(url).scheme not in ("http", "https"):
            page.error, page.detail = "bad_url", f"not an http(s) URL: {url}"
            return False
        verdict = await self.allowed(url)
        if verdict is None:
            if self.budget_exhausted:
                page.error, page.detail = "budget", "request budget exhausted"
            else:
                failed = (await self.robots.rules_for(url)).fetches[-1]
                page.error = failed.error if failed.error in ("timeout", "blocked_address") else "connect"
                page.detail = f"the site did not answer: {failed.detail}"
            return False
        if not verdict:
            page.error, page.detail = "blocked_by_robots", f"robots.txt disallows {url}"
            return False
        if not self.can_spend():
            page.error, page.detail = "budget", "request budget exhausted"
            return False
        self.requests += 1
        remembered = self.validators.get(url) if self.validators else None
        result = await self.fetcher.fetch(url, _conditional_headers(remembered))
        self.requests += max(result.attempts - 1, 0)
        page.fetches.append(result)
        page.status, page.headers, page.body = result.status, result.headers, result.body
        if result.status == 304 and remembered is not None:
            result.not_modified, result.body = True, remembered.body
            result.headers = {**remembered.headers, **result.headers}
            page.not_modified, page.body, page.headers = True, result.body, result.headers
        if result.error is not None:
            page.error, page.detail = result.error, result.detail
            return False
        if result.ok and self.validators is not None:
            self._remember(url, result)
        if page.status is not None and page.status >= 400:
            page.error, page.detail = "http", f"HTTP {page.status}"
        return True

    def _remember(self, url: str, result: FetchResult) -> None:
        """Store validators when the server offered any."""
        etag, modified = result.headers.get("etag"), result.headers.get("last-modified")
        if self.validators is not None and (etag or modified):
            self.validators.put(url, Validators(etag, modified, result.body, result.headers))


def _conditional_headers(remembered: Validators | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a revisit."""
    headers: dict[str, str] = {}
    if remembered is not None and remembered.etag:
        headers["If-None-Match"] = remembered.etag
    if remembered is not None and remembered.last_modified:
        headers["If-Modified-Since"] = remembered.last_modified
    return headers

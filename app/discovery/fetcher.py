"""One polite, bounded HTTP GET: host gates, global concurrency, retries with backoff, size cap, SSRF checks."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Literal
from urllib.parse import SplitResult, urlsplit

import aiohttp

from app.discovery.options import CrawlOptions
from app.discovery.ssrf import BlockedAddressError, SafeResolver, check_literal_host

FetchError = Literal["timeout", "connect", "blocked_address", "too_large", "protocol", "bad_url"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
CHUNK = 64 * 1024


@dataclass
class FetchResult:
    """What one request (with its retries) gave back."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: FetchError | None = None
    detail: str | None = None
    attempts: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        """A 2xx answer whose body arrived whole (or a 304 whose remembered body was put back)."""
        if self.error is not None or self.status is None:
            return False
        return 200 <= self.status < 300 or (self.status == 304 and self.not_modified)

    @property
    def content_type(self) -> str | None:
        """The declared media type, without parameters."""
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None


class HostGate:
    """Per-host concurrency and minimum delay between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._semaphore = asyncio.Semaphore(concurrency)
        self._delay = delay
        self._next_start = 0.0
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()
        async with self._lock:
            wait = self._next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next_start = time.monotonic() + self._delay

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


class Fetcher:
    """An async HTTP client shared by every organisation in a crawl."""

    def __init__(self, options: CrawlOptions) -> None:
        self.options = options
        self.requests_sent = 0
        self.seconds_in_flight = 0.0  # summed over requests: with the wall time, how full the request slots were
        self._global = asyncio.Semaphore(options.concurrency)
        self._hosts: dict[str, HostGate] = {}
        self._client: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        o = self.options
        connector = aiohttp.TCPConnector(
            resolver=SafeResolver(o.allow_private_networks),
            limit=o.concurrency,
            limit_per_host=o.per_host_concurrency,
            ttl_dns_cache=60,
        )
        self._client = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            headers={"User-Agent": o.user_agent, "Accept": ACCEPT},
            timeout=aiohttp.ClientTimeout(
                total=None, connect=o.connect_timeout, sock_connect=o.connect_timeout, sock_read=o.read_timeout
            ),
            trust_env=False,
        )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.close()

    def _gate(self, parts: SplitResult) -> HostGate:
        """The gate of the URL's host (scheme, name and port)."""
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        gate = self._hosts.get(key)
        if gate is None:
            gate = self._hosts[key] = HostGate(self.options.per_host_concurrency, self.options.per_host_delay)
        return gate

    async def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url` once, retrying 429/5xx with backoff (honouring Retry-After); never raises for network faults."""
        result = FetchResult(url=url)
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            host = None
        if not host or parts.scheme not in ("http", "https"):
            result.error, result.detail = "bad_url", "only absolute http(s) URLs are fetched"
            return result
        try:
            check_literal_host(host, self.options.allow_private_networks)
        except BlockedAddressError as exc:
            result.error, result.detail = "blocked_address", str(exc)
            return result
        for attempt in range(self.options.retries + 1):
            async with self._gate(parts), self._global:
                result = await self._attempt(url, headers or {})
            result.attempts = attempt + 1
            wait = self._retry_wait(result, attempt)
            if wait is None:
                break
            await asyncio.sleep(wait)
        return result

    def _retry_wait(self, result: FetchResult, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the answer is final."""
        if attempt >= self.options.retries:
            return None
        if result.status not in RETRY_STATUSES and result.error != "protocol":
            return None
        after = retry_after_seconds(result.headers.get("retry-after"))
        if after is not None:
            return after if after <= self.options.max_retry_after else None
        return float(self.options.backoff_base * (2**attempt) * (1 + random.random() / 2))

    async def _attempt(self, url: str, headers: dict[str, str]) -> FetchResult:
        """One request with the total timeout and the size cap."""
        assert self._client is not None, "use `async with Fetcher(...)`"
        result = FetchResult(url=url)
        self.requests_sent += 1
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.options.total_timeout):
                await self._stream(url, headers, result)
        except TimeoutError:
            result.error, result.detail = "timeout", f"no complete answer within {self.options.total_timeout:g}s"
        except (aiohttp.ClientError, OSError, ValueError) as exc:
            result.error, result.detail = classify(exc)
        finally:
            self.seconds_in_flight += time.monotonic() - started
        return result

    async def _stream(self, url: str, headers: dict[str, str], result: FetchResult) -> None:
        """Read the answer into `result`, aborting once the body passes the size cap."""
        assert self._client is not None
        limit = self.options.max_bytes
        async with self._client.get(url, headers=headers, allow_redirects=False) as response:
            result.status = response.status
            result.headers = {str(k).lower(): v for k, v in response.headers.items()}
            declared = result.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                result.error, result.detail = "too_large", f"declared {declared} bytes, cap is {limit}"
                return
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.content.iter_chunked(CHUNK):
                size += len(chunk)
                if size > limit:
                    result.error, result.detail = "too_large", f"body passed the {limit}-byte cap"
                    return
                chunks.append(chunk)
            result.body = b"".join(chunks)


def classify(exc: BaseException) -> tuple[FetchError, str]:
    """Name a network failure by its root cause: an SSRF refusal, a refused connect, a timeout, a bad URL."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        os_error = getattr(seen, "os_error", None)  # aiohttp keeps the connect failure here
        seen = seen.__cause__ or seen.__context__ or (os_error if os_error not in chain else None)
    detail = next((str(e) for e in reversed(chain) if str(e)), type(exc).__name__)
    if any(isinstance(e, BlockedAddressError) for e in chain):
        return "blocked_address", detail
    if any(isinstance(e, aiohttp.ClientConnectorError | ConnectionRefusedError) for e in chain):
        return "connect", detail
    if any(isinstance(e, TimeoutError | aiohttp.ServerTimeoutError) for e in chain):
        return "timeout", detail
    if any(isinstance(e, aiohttp.InvalidURL) for e in chain):
        return "bad_url", detail
    return "protocol", detail


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or HTTP-date), or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

"""Fixtures: the simulated web in a thread, small hand-written local servers, and test-sized crawl options."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace

import pytest
from aiohttp import web

from app.discovery.options import CrawlOptions
from app.simweb.generator import SCENARIOS
from app.simweb.server import SimWebServer, bind

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
TEST_AGENT = "ModernSlaveryTracker/0.1 (+https://example.org/mst; tests@example.org)"


@pytest.fixture()
def options() -> CrawlOptions:
    """Test-sized options: loopback allowed, no per-host delay, short timeouts and backoff."""
    return CrawlOptions(
        user_agent=TEST_AGENT,
        allow_private_networks=True,
        per_host_delay=0.0,
        connect_timeout=3.0,
        read_timeout=3.0,
        total_timeout=4.0,
        retries=2,
        backoff_base=0.01,
        max_retry_after=2.0,
    )


@pytest.fixture(scope="session")
def simweb() -> Iterator[SimWebServer]:
    """One site per scenario (plus their parent-group site), served on 127.0.0.1."""
    with SimWebServer(sites=len(SCENARIOS), seed=7, scenarios=list(SCENARIOS)) as server:
        yield server


class LocalServer:
    """A tiny aiohttp server in a thread whose routes a test writes by hand; it counts requests per path."""

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}
        self.headers: list[dict[str, str]] = []
        self._sock = bind(0)
        self.port = self._sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """An absolute URL on this server."""
        return f"http://{host}:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        self.headers.append(dict(request.headers))
        handler = self.routes.get(request.path)
        return await handler(request) if handler else web.Response(status=404, text="not found")

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, handler_cancellation=True)
        await runner.setup()
        await web.SockSite(runner, self._sock).start()
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    def _run(self) -> None:
        self._loop.run_until_complete(self._serve())

    def __enter__(self) -> LocalServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)


def html(body: str, title: str = "Page") -> Handler:
    """A handler answering a small HTML page."""
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    return handler


def raw(body: bytes, content_type: str = "application/octet-stream", status: int = 200) -> Handler:
    """A handler answering fixed bytes."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type, status=status)

    return handler


@pytest.fixture()
def local_server() -> Iterator[Callable[[dict[str, Handler]], LocalServer]]:
    """Start LocalServers for a test; all are stopped afterwards."""
    started: list[LocalServer] = []

    def start(routes: dict[str, Handler]) -> LocalServer:
        server = LocalServer(routes).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__()


def strict(options: CrawlOptions) -> CrawlOptions:
    """The same options with private networks refused (the production default)."""
    return replace(options, allow_private_networks=False)

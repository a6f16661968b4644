"""Serves a SimulatedWeb from one asyncio process on 127.0.0.1, telling sites apart by the Host header."""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from collections import Counter
from collections.abc import Sequence
from urllib.parse import unquote

from aiohttp import web

from app.simweb.generator import etag_of
from app.simweb.model import Resource, Site
from app.simweb.web import SimulatedWeb

STATS_HOST = "simweb.localhost"  # http://simweb.localhost:PORT/ answers the request counters as JSON
LAST_MODIFIED = "Mon, 02 Sep 2024 09:00:00 GMT"
NOT_FOUND = Resource(
    status=404,
    body=b"<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>",
)


class SimWebApp:
    """The request handler: latency injection, behaviours, conditional answers and statistics."""

    def __init__(self, simweb: SimulatedWeb, latency: tuple[float, float] = (0.0, 0.0), seed: int = 1) -> None:
        self.web = simweb
        self.latency = latency
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._rate_limited: set[str] = set()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request as the addressed site would."""
        host = request.host.rsplit(":", 1)[0].lower()
        if host == STATS_HOST:
            return web.json_response(dict(self.stats))
        self.stats["requests"] += 1
        site = self.web.sites.get(host)
        if site is None:
            return _respond(NOT_FOUND, request)
        if site.behaviour == "silent":
            await asyncio.sleep(3600)
        low, high = self.latency
        await asyncio.sleep(self._rng.uniform(low, high) + site.slow_seconds)
        path = unquote(request.raw_path)
        resource = site.resources.get(path) or site.resources.get(request.path) or NOT_FOUND
        if site.behaviour == "rate_limited" and resource.content_type == "application/pdf" and self._first(site, path):
            self.stats["429"] += 1
            return web.Response(status=429, headers={"Retry-After": "1"}, text="Too many requests")
        response = _respond(resource, request)
        self.stats[str(response.status)] += 1
        return response

    def _first(self, site: Site, path: str) -> bool:
        """True the first time a rate-limited site's path is asked for."""
        key = f"{site.host}{path}"
        if key in self._rate_limited:
            return False
        self._rate_limited.add(key)
        return True


def _respond(resource: Resource, request: web.Request) -> web.Response:
    """The response for a resource, answering 304 to a matching If-None-Match."""
    headers = dict(resource.headers)
    if resource.status == 200:
        etag = etag_of(resource.body)
        headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
    if resource.content_type:
        headers["Content-Type"] = resource.content_type
    return web.Response(status=resource.status, body=resource.body, headers=headers)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


async def serve(sock: socket.socket, app: SimWebApp, stop: asyncio.Event) -> None:
    """Serve on `sock` until `stop` is set."""
    application = web.Application(client_max_size=1024 * 1024)
    application.router.add_route("GET", "/{tail:.*}", app.handle)
    runner = web.AppRunner(
        application, access_log=None, handle_signals=False, handler_cancellation=True, shutdown_timeout=0.5
    )
    await runner.setup()
    site = web.SockSite(runner, sock)
    await site.start()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


class SimWebServer:
    """A simulated web served from a background thread (for tests and the demo)."""

    def __init__(
        self,
        sites: int = 40,
        seed: int = 1,
        latency: tuple[float, float] = (0.0, 0.0),
        scenarios: Sequence[str] | None = None,
        port: int = 0,
    ) -> None:
        self._sock = bind(port)
        self.port = self._sock.getsockname()[1]
        self.web = SimulatedWeb(sites, self.port, seed, scenarios)
        self.app = SimWebApp(self.web, latency, seed)
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="simweb", daemon=True)
        self._ready = threading.Event()

    def _run(self) -> None:
        """The thread's event loop."""
        asyncio.set_event_loop(self._loop)
        self._stop = asyncio.Event()
        self._loop.call_soon(self._ready.set)
        self._loop.run_until_complete(serve(self._sock, self.app, self._stop))

    def start(self) -> SimWebServer:
        """Start serving; return self."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def __enter__(self) -> SimWebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

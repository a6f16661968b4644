"""The fetcher and the per-organisation session: size cap, retries, Retry-After, budget, revisits, timeouts."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from aiohttp import web

from app.discovery.crawler import discover
from app.discovery.fetcher import Fetcher, retry_after_seconds
from app.discovery.options import CrawlOptions
from app.discovery.robots import RobotsCache
from app.discovery.session import MemoryValidatorStore, OrganisationCrawl
from tests.discovery.conftest import TEST_AGENT, html, raw


def fetch(options: CrawlOptions, url: str, headers: dict[str, str] | None = None):
    async def run():
        async with Fetcher(options) as fetcher:
            return await fetcher.fetch(url, headers)

    return asyncio.run(run())


def test_user_agent_names_the_project_and_a_contact(local_server, options) -> None:
    server = local_server({"/": html("hello")})
    assert fetch(options, server.url("/")).ok
    assert server.headers[0]["User-Agent"] == TEST_AGENT


def test_download_is_aborted_past_the_size_cap(local_server, options) -> None:
    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        await response.prepare(request)
        for _ in range(1000):
            await response.write(b"x" * 8192)
        return response

    server = local_server({"/endless": endless, "/declared": raw(b"y" * 50_000)})
    capped = replace(options, max_bytes=20_000)
    streamed = fetch(capped, server.url("/endless"))
    assert streamed.error == "too_large" and streamed.body == b""
    declared = fetch(capped, server.url("/declared"))
    assert declared.error == "too_large" and "declared" in (declared.detail or "")


def test_429_is_retried_after_the_time_the_server_asks(local_server, options) -> None:
    calls: list[float] = []

    async def limited(request: web.Request) -> web.Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return web.Response(text="ok")

    server = local_server({"/": limited})
    result = fetch(options, server.url("/"))
    assert result.ok and result.attempts == 2
    assert calls[1] - calls[0] >= 0.95


def test_retry_after_beyond_the_cap_is_not_waited_for(local_server, options) -> None:
    server = local_server({"/": raw(b"busy", status=503)})

    async def busy(request: web.Request) -> web.Response:
        return web.Response(status=503, headers={"Retry-After": "3600"})

    server.routes["/"] = busy
    started = time.monotonic()
    result = fetch(options, server.url("/"))
    assert result.status == 503 and result.attempts == 1 and time.monotonic() - started < 2


def test_5xx_is_retried_with_backoff_then_given_up(local_server, options) -> None:
    server = local_server({"/": raw(b"down", status=502)})
    result = fetch(replace(options, retries=2), server.url("/"))
    assert result.status == 502 and result.attempts == 3 and server.hits["/"] == 3


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_silent_host_times_out_within_the_total_timeout(local_server, options) -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response(text="late")

    server = local_server({"/": silent, "/robots.txt": raw(b"", status=404)})
    started = time.monotonic()
    result = asyncio.run(discover(server.url("/"), replace(options, read_timeout=0.5, total_timeout=0.8)))
    assert result.outcome == "unreachable" and time.monotonic() - started < 3


def test_refused_connection_is_unreachable(options) -> None:
    result = asyncio.run(discover("http://127.0.0.1:9/", options))  # the discard port: nothing listens
    assert result.outcome == "unreachable" and result.requests == 1


def test_request_budget_bounds_one_organisation(local_server, options) -> None:
    links = "".join(
        f'<a href="/legal/{i}">Legal notice {i}</a><a href="/m{i}">Modern slavery {i}</a>' for i in range(30)
    )
    routes = {"/": html(links), "/robots.txt": raw(b"", status=404)}
    routes.update({f"/legal/{i}": html("<p>Nothing here</p>") for i in range(30)})
    routes.update({f"/m{i}": html("<p>Nothing here</p>") for i in range(30)})
    server = local_server(routes)
    result = asyncio.run(discover(server.url("/"), replace(options, max_requests=7)))
    assert result.requests == 7 and result.budget_exhausted
    assert result.outcome == "not_found" and "budget" in (result.detail or "")
    assert sum(server.hits.values()) == 7


def test_revisit_sends_validators_and_reuses_the_body_on_304(local_server, options) -> None:
    etag = '"v1"'

    async def page(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text="<html><body>statement</body></html>",
            content_type="text/html",
            headers={"ETag": etag, "Last-Modified": "Mon, 02 Sep 2024 09:00:00 GMT"},
        )

    server = local_server({"/s": page, "/robots.txt": raw(b"", status=404)})
    store = MemoryValidatorStore()

    async def visit():
        async with Fetcher(options) as fetcher:
            return await OrganisationCrawl(fetcher, RobotsCache(fetcher), store).get(server.url("/s"))

    first, second = asyncio.run(visit()), asyncio.run(visit())
    assert first.ok and not first.not_modified
    assert second.ok and second.not_modified and second.status == 304 and second.body == first.body
    assert server.headers[-1]["If-None-Match"] == etag
    assert server.headers[-1]["If-Modified-Since"] == "Mon, 02 Sep 2024 09:00:00 GMT"


def test_per_host_delay_spaces_requests_to_one_host(local_server, options) -> None:
    stamps: list[float] = []

    async def stamp(request: web.Request) -> web.Response:
        stamps.append(time.monotonic())
        return web.Response(text="ok")

    server = local_server({"/": stamp})

    async def run():
        async with Fetcher(replace(options, per_host_delay=0.3, per_host_concurrency=1)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url("/")) for _ in range(3)))

    asyncio.run(run())
    assert stamps[2] - stamps[0] >= 0.55  # three starts, 0.3 s apart (the first arrival also pays the connect)


def test_global_concurrency_is_bounded(local_server, options) -> None:
    active, peak = 0, 0

    async def slow(request: web.Request) -> web.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.1)
        active -= 1
        return web.Response(text="ok")

    server = local_server({"/": slow})

    async def run():
        async with Fetcher(replace(options, concurrency=3, per_host_concurrency=50)) as fetcher:
            await asyncio.gather(*(fetcher.fetch(server.url(f"/?{i}")) for i in range(12)))

    asyncio.run(run())
    assert peak == 3

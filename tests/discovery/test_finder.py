"""The search on hand-written sites: cross-domain redirects, robots on the statement, content over URL."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from app.discovery.crawler import discover
from app.simweb.content import code_of_conduct_paragraphs, paragraphs_html, statement_paragraphs
from app.simweb.pdf import make_pdf
from tests.discovery.conftest import html, raw

STATEMENT_PDF = make_pdf("Modern Slavery Statement 2024", statement_paragraphs("Acme Ltd", 2024, "retail"))
NO_ROBOTS = raw(b"", status=404)


def redirect(location: str, status: int = 302):
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler


def test_redirect_to_a_parent_group_on_another_host(local_server, options) -> None:
    parent = local_server({"/robots.txt": NO_ROBOTS, "/group/msa-2024": raw(STATEMENT_PDF)})
    target = parent.url("/group/msa-2024", host="parent.localhost")
    child = local_server(
        {
            "/robots.txt": NO_ROBOTS,
            "/": html('<footer><a href="/msa">Modern Slavery Statement</a></footer>'),
            "/msa": redirect(target, 301),
        }
    )
    result = asyncio.run(discover(child.url("/", host="child.localhost"), options))
    assert result.outcome == "found" and result.statement_url == target and result.statement_kind == "pdf"
    assert result.homepage_link.href == child.url("/msa", host="child.localhost")
    assert parent.hits["/robots.txt"] == 1  # the other host's robots.txt is asked too


def test_statement_path_forbidden_by_robots_is_reported(local_server, options) -> None:
    robots = raw(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server = local_server(
        {
            "/robots.txt": robots,
            "/": html('<a href="/private/ms.pdf">Modern Slavery Statement</a>'),
            "/private/ms.pdf": raw(STATEMENT_PDF),
        }
    )
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "blocked_by_robots" and "/private/ms.pdf" in (result.detail or "")
    assert "/private/ms.pdf" not in server.hits


def test_robots_rules_for_our_agent_only(local_server, options) -> None:
    robots = raw(b"User-agent: OtherBot\nDisallow:\n\nUser-agent: ModernSlaveryTracker\nDisallow: /\n")
    server = local_server({"/robots.txt": robots, "/": html("hello")})
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "blocked_by_robots" and server.hits == {"/robots.txt": 1}


def test_robots_5xx_means_keep_out(local_server, options) -> None:
    server = local_server({"/robots.txt": raw(b"oops", status=500), "/": html("hello")})
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "blocked_by_robots" and "/" not in server.hits


def test_pdf_told_by_content_not_by_url(local_server, options) -> None:
    server = local_server(
        {
            "/robots.txt": NO_ROBOTS,
            "/": html('<a href="/doc?id=7">Modern Slavery Statement</a>'),
            "/doc": raw(STATEMENT_PDF, content_type="text/html"),
        }
    )
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "found" and result.statement_kind == "pdf"


def test_link_named_statement_leading_to_a_code_of_conduct_does_not_count(local_server, options) -> None:
    code = html(paragraphs_html(code_of_conduct_paragraphs("Acme Ltd")), title="Supplier Code of Conduct")
    server = local_server(
        {"/robots.txt": NO_ROBOTS, "/": html('<a href="/code">Modern Slavery Statement</a>'), "/code": code}
    )
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "not_found" and result.statement_url is None and not result.homepage_link.found


def test_sitemap_announced_in_robots(local_server, options) -> None:
    server = local_server({"/": html("<p>Welcome</p>"), "/reports/modern-slavery-2024": raw(STATEMENT_PDF)})
    sitemap = f"<urlset><url><loc>{server.url('/reports/modern-slavery-2024')}</loc></url></urlset>".encode()
    server.routes["/robots.txt"] = raw(f"Sitemap: {server.url('/maps/a.xml')}\n".encode(), content_type="text/plain")
    server.routes["/maps/a.xml"] = raw(sitemap, content_type="application/xml")
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "found" and result.found_via == "sitemap" and not result.homepage_link.found
    assert "/sitemap.xml" not in server.hits


def test_redirect_loop_is_a_broken_link(local_server, options) -> None:
    server = local_server(
        {
            "/robots.txt": NO_ROBOTS,
            "/": html('<a href="/a">Modern Slavery Statement</a>'),
            "/a": redirect("/b"),
            "/b": redirect("/a"),
        }
    )
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "broken_link" and result.broken_links[0].error == "redirect_loop"


def test_a_failing_site_does_not_stop_the_others(local_server, options) -> None:
    from app.discovery.crawler import discover_many
    from app.discovery.verify import Verdict

    server = local_server(
        {
            "/robots.txt": NO_ROBOTS,
            "/": html('<a href="/s.pdf">Modern Slavery Statement</a>'),
            "/s.pdf": raw(STATEMENT_PDF),
        }
    )

    def verify(data: bytes, content_type: str | None) -> Verdict:
        if b"%PDF" in data[:8]:
            raise RuntimeError("verifier bug")
        return Verdict(False, 0.9, "html")

    async def run():
        urls = [server.url("/"), server.url("/", host="other.localhost")]
        return [r async for r in discover_many(urls, options, verify)]

    results = asyncio.run(run())
    assert len(results) == 2 and all("verifier bug" in (r.detail or "") for r in results)


def test_a_crawl_can_run_on_a_given_fetcher_whose_counters_tell_how_busy_it_was(local_server, options) -> None:
    from app.discovery.crawler import discover_many
    from app.discovery.fetcher import Fetcher

    async def slow_statement(request: web.Request) -> web.Response:
        await asyncio.sleep(0.2)
        return web.Response(body=STATEMENT_PDF, content_type="application/pdf")

    server = local_server(
        {"/robots.txt": NO_ROBOTS, "/": html('<a href="/s.pdf">Modern Slavery Statement</a>'), "/s.pdf": slow_statement}
    )

    async def run():
        async with Fetcher(options) as fetcher:
            results = [r async for r in discover_many([server.url("/")], options, fetcher=fetcher)]
        return results, fetcher

    results, fetcher = asyncio.run(run())
    assert results[0].outcome == "found" and fetcher.requests_sent == results[0].requests == 3
    assert 0.2 <= fetcher.seconds_in_flight < 10


def test_crawls_run_on_uvloop_where_it_is_installed() -> None:
    from app.discovery.crawler import run_crawl

    pytest.importorskip("uvloop")

    async def loop_module() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert run_crawl(loop_module()).startswith("uvloop")


def test_malformed_links_and_redirects_do_not_stop_discovery(local_server, options) -> None:
    server = local_server(
        {
            "/robots.txt": NO_ROBOTS,
            "/": html(
                '<a href="http://[bad/">Modern Slavery Statement</a>'
                '<a href="/old-msa">Modern Slavery Act statement 2019</a>'
                '<footer><a href="/msa.pdf">Modern Slavery Statement</a></footer>'
            ),
            "/old-msa": redirect("http://[broken/"),
            "/msa.pdf": raw(STATEMENT_PDF),
        }
    )
    result = asyncio.run(discover(server.url("/"), options))
    assert result.outcome == "found" and result.statement_url == server.url("/msa.pdf")

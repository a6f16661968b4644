"""Benchmark worker: the same discovery as a Scrapy spider (runs only in the benchmark's own venv with Scrapy).

Same homepage -> statement links -> hubs (best first, at most 6, two hops) -> sitemap strategy, the same link
ranking and the same verifier (quick HTML text pass or extraction worker, then the statement detector) as `mst`;
Scrapy does the fetching, robots.txt (Protego), retries, redirects, timeouts, size cap and concurrency.
"""

from __future__ import annotations

import argparse
import heapq
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads

from app.discovery.finder import MAX_DEPTH, Lead, statement_leads
from app.discovery.links import ParsedPage, parse_links
from app.discovery.ranking import hub_score, same_site, worth_a_look
from app.discovery.sitemaps import sitemap_locations
from app.discovery.verify import detector_verifier, document_kind
from app.extraction.pool import shared_pool


class LocalhostResolver(CachingThreadedResolver):
    """RFC 6761: names under .localhost are 127.0.0.1 (as in mst's resolver)."""

    def getHostByName(self, name: str, timeout: Any = None) -> Any:
        if name == "localhost" or name.endswith(".localhost"):
            return defer.succeed("127.0.0.1")
        return super().getHostByName(name, timeout)


class DiscoverySpider(scrapy.Spider):
    """Finds each homepage's statement."""

    name = "discovery"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.results: list[dict[str, Any]] = []
        self.verify_slots = defer.DeferredSemaphore(2)

    def start_requests(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(
                url, callback=self.parse_home, errback=self.home_failed, cb_kwargs={"start": url}, dont_filter=True
            )

    async def start(self) -> Any:
        for request in self.start_requests():
            yield request

    def home_failed(self, failure: Any) -> None:
        start = failure.request.cb_kwargs["start"]
        outcome = "blocked_by_robots" if failure.check(IgnoreRequest) else "unreachable"
        self.results.append({"url": start, "outcome": outcome, "statement_url": None, "prominent": False})

    async def fetch(self, url: str) -> Any:
        """Download through Scrapy's downloader (robots, retries, redirects); None on failure, 'robots' if banned."""
        try:
            return await maybe_deferred_to_future(self.crawler.engine.download(scrapy.Request(url, dont_filter=True)))
        except IgnoreRequest:
            return "robots"
        except Exception:
            return None

    def parse(self, response: Any) -> ParsedPage:
        if document_kind(response.body, response.headers.get("Content-Type", b"").decode()) != "html":
            return ParsedPage("", [])
        return parse_links(
            response.body, response.url, response.headers.get("Content-Type", b"").decode(), worth_a_look
        )

    async def parse_home(self, response: Any, start: str) -> None:
        state: dict[str, Any] = {
            "visited": {start, response.url},
            "broken": False,
            "blocked": False,
            "home": response.url,
        }
        home = self.parse(response)
        found, prominent = await self.try_leads(statement_leads(home.links, ()), state, True), True
        if not found:
            found, prominent = await self.hubs(home, state) or await self.sitemap(state), False
        outcome = (
            "found"
            if found
            else "broken_link"
            if state["broken"]
            else ("blocked_by_robots" if state["blocked"] else "not_found")
        )
        self.results.append(
            {"url": start, "outcome": outcome, "statement_url": found, "prominent": bool(found and prominent)}
        )

    async def try_leads(self, leads: list[Lead], state: dict[str, Any], descend: bool) -> Any:
        for lead in leads:
            if lead.url in state["visited"]:
                continue
            state["visited"].add(lead.url)
            response = await self.fetch(lead.url)
            if response == "robots":
                state["blocked"] = True
                continue
            if response is None or response.status >= 300:
                state["broken"] = True
                continue
            state["visited"].add(response.url)
            verdict = await maybe_deferred_to_future(
                self.verify_slots.run(
                    threads.deferToThread,
                    detector_verifier,
                    response.body,
                    response.headers.get("Content-Type", b"").decode() or None,
                )
            )
            if verdict.is_statement:
                if descend and verdict.kind == "html" and verdict.confidence < 0.9:  # a landing page listing years
                    dated = [
                        x for x in statement_leads(self.parse(response).links, lead.chain) if x.year and x.score >= 60
                    ]
                    found = await self.try_leads(dated, state, False) if dated else None
                    if found:
                        return found
                return response.url
            if descend and verdict.kind == "html" and len(lead.chain) <= MAX_DEPTH:
                found = await self.try_leads(statement_leads(self.parse(response).links, lead.chain), state, True)
                if found:
                    return found
        return None

    async def hubs(self, home: ParsedPage, state: dict[str, Any]) -> Any:
        queue: list[tuple[int, int, Lead]] = []
        queued: set[str] = set()

        def push(links: list[Any], chain: tuple[Any, ...]) -> None:
            best = sorted(
                (
                    (hub_score(link), link)
                    for link in links
                    if link.href not in state["visited"]
                    and link.href not in queued
                    and same_site(link.href, state["home"])
                ),
                key=lambda item: (-item[0], item[1].order),
            )
            for score, link in [item for item in best if item[0] > 0][:4]:
                queued.add(link.href)
                heapq.heappush(
                    queue, (-(score - 5 * len(chain)), len(queued), Lead(link.href, (*chain, link), score, None))
                )

        push(home.links, ())
        fetched = 0
        while queue and fetched < 6:
            lead = heapq.heappop(queue)[2]
            if lead.url in state["visited"]:
                continue
            fetched += 1
            state["visited"].add(lead.url)
            response = await self.fetch(lead.url)
            if response in (None, "robots") or response.status >= 300:
                continue
            parsed = self.parse(response)
            found = await self.try_leads(statement_leads(parsed.links, lead.chain), state, True)
            if found:
                return found
            if len(lead.chain) < MAX_DEPTH:
                push(parsed.links, lead.chain)
        return None

    async def sitemap(self, state: dict[str, Any]) -> Any:
        netloc = urlsplit(state["home"]).netloc
        announced: list[str] = []
        for middleware in self.crawler.engine.downloader.middleware.middlewares:
            if isinstance(middleware, RobotsTxtMiddleware):
                parser = middleware._parsers.get(netloc)
                announced = list(getattr(getattr(parser, "rp", None), "sitemaps", []) or [])
        urls = announced or [f"{urlsplit(state['home']).scheme}://{netloc}/sitemap.xml"]
        links = []
        for _ in range(4):
            if not urls:
                break
            response = await self.fetch(urls.pop(0))
            if response in (None, "robots") or response.status >= 300:
                continue
            is_index, locations = sitemap_locations(response.body)
            if is_index:
                urls.extend(locations[:3])
                continue
            from app.discovery.sitemaps import _as_link

            links.extend(_as_link(url, i) for i, url in enumerate(locations))
        found = await self.try_leads(statement_leads(links, ())[:3], state, False)
        return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    urls = [site["homepage"] for site in json.loads(args.truth.read_text())]
    process = CrawlerProcess(
        {
            "USER_AGENT": "ModernSlaveryTracker/0.1 (+https://example.org/mst; bench@example.org)",
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
            "DOWNLOAD_DELAY": 0,
            "DOWNLOAD_TIMEOUT": args.timeout,
            "RETRY_TIMES": 2,
            "RETRY_HTTP_CODES": [429, 500, 502, 503, 504],
            "DOWNLOAD_MAXSIZE": 20_000_000,
            "COOKIES_ENABLED": False,
            "DNS_RESOLVER": f"{__name__}.LocalhostResolver",
            "LOG_LEVEL": "CRITICAL",
            "TELNETCONSOLE_ENABLED": False,
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "REDIRECT_MAX_TIMES": 5,
            "REACTOR_THREADPOOL_MAXSIZE": 10,
            "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        }
    )
    crawler = process.create_crawler(DiscoverySpider)
    started = time.monotonic()
    process.crawl(crawler, urls=urls)
    process.start()
    wall = time.monotonic() - started
    shared_pool().close()
    time.sleep(0.2)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    args.out.write_text(
        json.dumps(
            {
                "wall_seconds": wall,
                "results": crawler.spider.results,
                "requests_reported": crawler.stats.get_value("downloader/request_count"),
                "cpu_seconds": own.ru_utime + own.ru_stime,
                "cpu_seconds_children": children.ru_utime + children.ru_stime,
                "peak_rss_mb": own.ru_maxrss / 1024,
                "peak_rss_children_mb": children.ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()

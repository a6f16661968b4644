"""Run discovery for one website or for many at once over one shared, polite client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable

from app.discovery.fetcher import Fetcher
from app.discovery.finder import Finder
from app.discovery.options import CrawlOptions
from app.discovery.result import DiscoveryResult
from app.discovery.robots import RobotsCache
from app.discovery.session import OrganisationCrawl, ValidatorStore
from app.discovery.verify import Verifier, detector_verifier


async def discover(
    url: str, options: CrawlOptions, verify: Verifier | None = None, validators: ValidatorStore | None = None
) -> DiscoveryResult:
    """Discover the statement of the website at `url`."""
    async with Fetcher(options) as fetcher:
        crawl = OrganisationCrawl(fetcher, RobotsCache(fetcher), validators)
        return await Finder(crawl, verify or detector_verifier).run(url)


async def discover_many(
    urls: Iterable[str],
    options: CrawlOptions,
    verify: Verifier | None = None,
    validators: ValidatorStore | None = None,
    keep_documents: bool = True,
    sites_in_flight: int | None = None,
) -> AsyncIterator[DiscoveryResult]:
    """Discover many websites concurrently; results come out as each website finishes."""
    pending: asyncio.Queue[str | None] = asyncio.Queue()
    for url in urls:
        pending.put_nowait(url)
    results: asyncio.Queue[DiscoveryResult | None] = asyncio.Queue()
    workers = sites_in_flight or max(options.concurrency * 2, 4)
    async with Fetcher(options) as fetcher:
        robots = RobotsCache(fetcher)
        slots = asyncio.Semaphore(options.verify_workers)

        async def work() -> None:
            while True:
                try:
                    url = pending.get_nowait()
                except asyncio.QueueEmpty:
                    break
                if url is None:
                    break
                crawl = OrganisationCrawl(fetcher, robots, validators)
                finder = Finder(crawl, verify or detector_verifier, keep_documents, slots)
                await results.put(await finder.run(url))

        tasks = [asyncio.create_task(work()) for _ in range(min(workers, pending.qsize()) or 1)]
        done = asyncio.gather(*tasks)
        done.add_done_callback(lambda _: results.put_nowait(None))
        while (result := await results.get()) is not None:
            yield result
        await done

"""Benchmark worker: `mst` discovery over every homepage in a ground-truth file (run by bench/discovery.py)."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.discovery.crawler import discover_many, run_crawl
from app.discovery.fetcher import Fetcher
from app.discovery.options import CrawlOptions
from app.extraction.pool import shared_pool


async def crawl(urls: list[str], options: CrawlOptions) -> tuple[list[dict[str, object]], float, int]:
    """Discover every URL; keep only what accuracy needs, and the fetcher's seconds in flight and attempts."""
    async with Fetcher(options) as fetcher:
        results = [
            {
                "url": r.url,
                "outcome": r.outcome,
                "statement_url": r.statement_url,
                "prominent": r.homepage_link.prominent,
                "requests": r.requests,
            }
            async for r in discover_many(urls, options, keep_documents=False, fetcher=fetcher)
        ]
    return results, fetcher.seconds_in_flight, fetcher.requests_sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    urls = [site["homepage"] for site in json.loads(args.truth.read_text())]
    options = CrawlOptions(
        user_agent="ModernSlaveryTracker/0.1 (+https://example.org/mst; bench@example.org)",
        allow_private_networks=True,
        concurrency=args.concurrency,
        per_host_concurrency=2,
        per_host_delay=0.0,
        connect_timeout=args.timeout,
        read_timeout=args.timeout,
        total_timeout=args.timeout,
        retries=2,
        max_retry_after=5.0,
    )
    started = time.monotonic()
    results, in_flight, attempts = run_crawl(crawl(urls, options))
    wall = time.monotonic() - started
    shared_pool().close()
    time.sleep(0.2)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    args.out.write_text(
        json.dumps(
            {
                "wall_seconds": wall,
                "results": results,
                "slots_busy": in_flight / wall,  # requests in flight on average (at most the concurrency)
                "mean_request_ms": 1000 * in_flight / max(attempts, 1),
                "cpu_seconds": own.ru_utime + own.ru_stime,
                "cpu_seconds_children": children.ru_utime + children.ru_stime,
                "peak_rss_mb": own.ru_maxrss / 1024,
                "peak_rss_children_mb": children.ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()

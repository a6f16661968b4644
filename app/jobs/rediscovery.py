"""Re-discovery requests: fetch the statement URL an organisation gave, verify and archive it, record the outcome."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import session_scope
from app.discovery.fetcher import Fetcher
from app.discovery.options import CrawlOptions
from app.discovery.result import DiscoveryResult
from app.discovery.robots import RobotsCache
from app.discovery.session import OrganisationCrawl
from app.discovery.verify import Verifier, detector_verifier
from app.jobs.context import JobContext
from app.models import Organisation, RediscoveryRequest, utcnow
from app.statements.service import record_discovery
from app.statements.store import ContentStore


def queued_requests(session: Session, limit: int | None) -> list[tuple[int, int, str | None]]:
    """(request id, organisation id, URL) of queued requests, oldest first."""
    r = RediscoveryRequest
    query = select(r.id, r.organisation_id, r.statement_url).where(r.status == "queued")
    return [tuple(row) for row in session.execute(query.order_by(r.requested_at, r.id).limit(limit))]  # type: ignore[misc]


async def fetch_given(url: str, options: CrawlOptions, verify: Verifier = detector_verifier) -> DiscoveryResult:
    """Fetch one given URL (robots.txt, SSRF guard, redirects, retries as in discovery) and verify it is a statement."""
    started = time.monotonic()
    async with Fetcher(options) as fetcher:
        crawl = OrganisationCrawl(fetcher, RobotsCache(fetcher))
        page = await crawl.get(url)
        result = DiscoveryResult(url, "not_found", found_via="request", requests=fetcher.requests_sent)
    result.documents = [*crawl.robots_fetches, *page.fetches]
    result.elapsed_seconds = time.monotonic() - started
    if page.error == "blocked_by_robots":
        result.outcome, result.detail = "blocked_by_robots", page.detail
    elif not page.ok or not page.body:
        result.outcome = "broken_link" if page.status else "unreachable"
        result.detail = page.detail or (f"HTTP {page.status}" if page.status else page.error) or "no content"
    else:
        verdict = await asyncio.to_thread(verify, page.body, page.content_type)
        if verdict.is_statement:
            result.outcome, result.statement_url, result.statement_kind = "found", page.final_url, verdict.kind
            result.statement_title, result.confidence = verdict.title, verdict.confidence
        else:
            result.detail = "not a modern slavery statement: " + "; ".join(verdict.reasons or ["the detector said no"])
    return result


def record_request(session: Session, request_id: int, result: DiscoveryResult, store: ContentStore) -> str:
    """Archive what the request's fetch found and mark it done or failed with the reason (its own transaction)."""
    request = session.get(RediscoveryRequest, request_id)
    organisation = session.get(Organisation, request.organisation_id) if request is not None else None
    if request is None or organisation is None:
        return "gone"
    recorded = record_discovery(session, organisation, result, store)
    done = result.outcome == "found" and recorded.statement is not None
    request.status, request.processed_at = ("done" if done else "failed"), utcnow()
    if done and recorded.statement is not None:
        change = "a new version" if recorded.new_version else "no change since the last visit"
        request.outcome = f"statement {recorded.statement.id} archived from {result.statement_url} ({change})"
    else:
        request.outcome = f"{result.outcome}: {result.detail or 'no statement at the URL'}"[:500]
    session.flush()
    return request.status


async def process_requests(context: JobContext, store: ContentStore) -> Counter[str]:
    """Process queued requests one by one, each claimed (in_progress) before its fetch."""
    options = CrawlOptions.from_settings(context.settings, **context.options)
    with session_scope(context.sessions) as session:
        pending = queued_requests(session, context.limit)
    outcomes: Counter[str] = Counter()
    for request_id, _, url in pending:
        if not _claim(context, request_id):
            continue
        result = await fetch_given(url or "", options)
        outcomes[await asyncio.to_thread(_record, context, request_id, result, store)] += 1
    return outcomes


def _claim(context: JobContext, request_id: int) -> bool:
    """Mark a queued request in progress; False when another run took it first."""
    with session_scope(context.sessions) as session:
        request = session.get(RediscoveryRequest, request_id, with_for_update=True)
        if request is None or request.status != "queued":
            return False
        request.status, request.attempts = "in_progress", (request.attempts or 0) + 1
        return True


def _record(context: JobContext, request_id: int, result: DiscoveryResult, store: ContentStore) -> str:
    """One request's outcome in its own transaction."""
    with session_scope(context.sessions) as session:
        return record_request(session, request_id, result, store)

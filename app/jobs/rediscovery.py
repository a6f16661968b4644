"""Re-discovery requests: fetch the statement URL an organisation gave, verify and archive it, record the outcome."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, or_, select
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

MAX_ATTEMPTS = 3  # claims of one request before it is given up as failed
Claim = Literal["claimed", "taken", "given_up"]


def claimable(stale_before: datetime) -> ColumnElement[bool]:
    """Queued, or left in progress by a crawl that claimed it before `stale_before` (or before claims were dated)."""
    r = RediscoveryRequest
    stale = (r.status == "in_progress") & or_(r.claimed_at.is_(None), r.claimed_at < stale_before)
    return (r.status == "queued") | stale


def queued_requests(
    session: Session, limit: int | None, stale_before: datetime | None = None
) -> list[tuple[int, int, str | None]]:
    """(request id, organisation id, URL) of requests to process, oldest first: queued ones and stale claims."""
    r = RediscoveryRequest
    due = claimable(stale_before) if stale_before is not None else r.status == "queued"
    query = select(r.id, r.organisation_id, r.statement_url).where(due)
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
    """Process queued requests (and those a dead crawl left in progress) one by one, each claimed before its fetch."""
    options = CrawlOptions.from_settings(context.settings, **context.options)
    timeout = timedelta(seconds=context.settings.rediscovery_claim_timeout_seconds)
    with session_scope(context.sessions) as session:
        pending = queued_requests(session, context.limit, utcnow() - timeout)
    outcomes: Counter[str] = Counter()
    for request_id, _, url in pending:
        claim = claim_request(context, request_id, timeout)
        if claim == "given_up":
            outcomes["failed"] += 1
        if claim != "claimed":
            continue
        result = await fetch_given(url or "", options)
        outcomes[await asyncio.to_thread(_record, context, request_id, result, store)] += 1
    return outcomes


def claim_request(context: JobContext, request_id: int, timeout: timedelta) -> Claim:
    """Mark a request in progress, dated; 'taken' when another live run has it, 'given_up' after MAX_ATTEMPTS claims.

    A request is claimable while queued, or while in progress under a claim older than `timeout` (the crawl that
    claimed it died before recording an outcome).
    """
    now = utcnow()
    with session_scope(context.sessions) as session:
        request = session.get(RediscoveryRequest, request_id, with_for_update=True)
        if request is None or not _claimable(request, now - timeout):
            return "taken"
        attempts = request.attempts or 0
        if request.status == "in_progress" and attempts >= MAX_ATTEMPTS:
            request.status, request.processed_at = "failed", now
            request.outcome = (
                f"abandoned: gave up after {attempts} attempts; each crawl stopped before recording an outcome"
            )
            return "given_up"
        request.status, request.attempts, request.claimed_at = "in_progress", attempts + 1, now
        return "claimed"


def _claimable(request: RediscoveryRequest, stale_before: datetime) -> bool:
    """`claimable` for a loaded row."""
    if request.status == "queued":
        return True
    return request.status == "in_progress" and (request.claimed_at is None or request.claimed_at < stale_before)


def _record(context: JobContext, request_id: int, result: DiscoveryResult, store: ContentStore) -> str:
    """One request's outcome in its own transaction."""
    with session_scope(context.sessions) as session:
        return record_request(session, request_id, result, store)

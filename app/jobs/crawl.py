"""Discovery for the organisations that are due: crawl concurrently, record each result in its own transaction."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import session_scope
from app.discovery.crawler import discover_many, run_crawl
from app.discovery.options import CrawlOptions
from app.discovery.result import DiscoveryResult
from app.jobs.cadence import next_visit
from app.jobs.context import JobContext, JobOutcome
from app.jobs.rediscovery import process_requests
from app.models import CrawlSchedule, Organisation, utcnow
from app.statements.archive import ArchiveValidators
from app.statements.service import record_discovery
from app.statements.store import ContentStore

FAILURES = ("unreachable",)


def due_organisations(session: Session, now: datetime, limit: int | None) -> list[tuple[int, str]]:
    """(id, website) of organisations with a website whose visit is due, never-visited first, then most overdue."""
    query = (
        select(Organisation.id, Organisation.website)
        .outerjoin(CrawlSchedule, CrawlSchedule.organisation_id == Organisation.id)
        .where(Organisation.website.is_not(None), Organisation.website != "")
        .where((CrawlSchedule.next_due_at.is_(None)) | (CrawlSchedule.next_due_at <= now))
        .order_by(CrawlSchedule.next_due_at.is_not(None), CrawlSchedule.next_due_at, Organisation.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [(row.id, _homepage(row.website)) for row in session.execute(query)]


def _homepage(website: str | None) -> str:
    """A start URL from the register's website field."""
    website = (website or "").strip()
    return website if "://" in website else f"https://{website}"


def record_result(session: Session, organisation_id: int, result: DiscoveryResult, store: ContentStore) -> None:
    """Record one organisation's result and schedule its next visit (idempotent per run: a new check row)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        return
    record_discovery(session, organisation, result, store)
    schedule = session.get(CrawlSchedule, organisation_id) or CrawlSchedule(organisation_id=organisation_id)
    failures = (schedule.consecutive_failures or 0) + 1 if result.outcome in FAILURES else 0
    when, days, reason = next_visit(
        utcnow(),
        result.outcome,
        failures,
        (organisation.financial_year_end_month, organisation.financial_year_end_day),
    )
    schedule.consecutive_failures, schedule.last_outcome = failures, result.outcome
    schedule.last_checked_at, schedule.next_due_at, schedule.interval_days, schedule.reason = (
        utcnow(),
        when,
        days,
        reason,
    )
    session.add(schedule)
    session.flush()


async def crawl(context: JobContext, targets: list[tuple[int, str]]) -> Counter[str]:
    """Discover every target and record each result as it arrives."""
    options = CrawlOptions.from_settings(context.settings, **{"fetch_history": True, **context.options})
    store = ContentStore(context.settings.data_dir / "archive")
    by_url: dict[str, list[int]] = {}
    for organisation_id, url in targets:
        by_url.setdefault(url, []).append(organisation_id)
    outcomes: Counter[str] = Counter()
    with session_scope(context.sessions) as session:
        validators = ArchiveValidators.for_organisations(session, store, [i for i, _ in targets])
    async for result in discover_many(list(by_url), options, validators=validators):
        for organisation_id in by_url[result.url]:
            await asyncio.to_thread(_record, context, organisation_id, result, store)
            outcomes[result.outcome] += 1
        if context.progress:
            context.progress(sum(outcomes.values()), len(targets))
    return outcomes


def _record(context: JobContext, organisation_id: int, result: DiscoveryResult, store: ContentStore) -> None:
    """One organisation's result in its own transaction."""
    with session_scope(context.sessions) as session:
        record_result(session, organisation_id, result, store)


def crawl_due(context: JobContext) -> JobOutcome:
    """The job: first the queued re-discovery requests, then up to `limit` due organisations."""
    store = ContentStore(context.settings.data_dir / "archive")
    requests = run_crawl(process_requests(context, store))
    with session_scope(context.sessions) as session:
        targets = due_organisations(session, utcnow(), context.limit)
    outcomes = run_crawl(crawl(context, targets)) if targets else Counter()
    summary: dict[str, object] = {"organisations": len(targets), "outcomes": dict(outcomes)}
    if requests:
        summary["requests"] = dict(requests)
    return JobOutcome(sum(outcomes.values()) + sum(requests.values()), summary)

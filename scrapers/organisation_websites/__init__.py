"""Organisation websites: discovery for every organisation that is due a visit."""

from __future__ import annotations

from app.jobs.context import JobContext, JobOutcome
from app.jobs.crawl import crawl_due


def run(context: JobContext) -> JobOutcome:
    """Crawl the due organisations (at most `context.limit`)."""
    return crawl_due(context)

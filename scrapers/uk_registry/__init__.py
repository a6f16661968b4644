"""UK registry: the yearly StatementSummaries{YEAR}.csv downloads become registry statements."""

from __future__ import annotations

import asyncio

from app.db import session_scope
from app.discovery.fetcher import Fetcher
from app.discovery.options import CrawlOptions
from app.errors import InvalidInput
from app.jobs.context import JobContext, JobOutcome
from app.models import utcnow
from app.statements.registry import import_rows, read_rows


async def _download(url: str, options: CrawlOptions) -> bytes | None:
    """The CSV's bytes; None when the year's file does not exist (yet)."""
    async with Fetcher(options) as fetcher:
        result = await fetcher.fetch(url)
    if result.status == 404:
        return None
    if not result.ok:
        raise InvalidInput(f"{url}: download failed: {result.error or result.status} {result.detail or ''}".strip())
    return result.body


def run(context: JobContext) -> JobOutcome:
    """Import this year's and earlier years' CSVs (as configured)."""
    settings = context.settings
    options = CrawlOptions.from_settings(settings, max_bytes=200_000_000, total_timeout=600.0, read_timeout=120.0)
    this_year = utcnow().year
    years = context.options.get("years") or list(
        range(this_year - int(context.options.get("years_back", 1)), this_year + 1)
    )
    summary: dict[str, object] = {}
    rows = 0
    for year in years:
        url = settings.registry_csv_url.format(year=year)
        data = asyncio.run(_download(url, options))
        if data is None:
            summary[str(year)] = "not published"
            continue
        with session_scope(context.sessions) as session:
            outcome = import_rows(
                session, read_rows(data, f"StatementSummaries{year}.csv"), f"StatementSummaries{year}.csv"
            )
        rows += outcome.rows
        summary[str(year)] = {
            "rows": outcome.rows,
            "created": outcome.statements_created,
            "updated": outcome.statements_updated,
            "coverage_added": outcome.coverage_added,
            "unmatched": len(outcome.unmatched),
        }
    return JobOutcome(rows, summary)

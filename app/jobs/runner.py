"""Run one job by name: record the run, check its yield against the source's expected range."""

from __future__ import annotations

import logging
from dataclasses import replace

from app.db import get_sessionmaker, session_scope
from app.errors import NotFound
from app.jobs.context import JobContext
from app.jobs.sources import Source, all_sources
from app.models import JobRun, utcnow

logger = logging.getLogger(__name__)


def get_source(name: str) -> Source:
    """The job called `name`, or NotFound listing the known ones."""
    sources = all_sources()
    if name not in sources:
        raise NotFound(f"no job called {name!r}; known jobs: {', '.join(sorted(sources))}")
    return sources[name]


def run_job(name: str, context: JobContext, trigger: str = "manual") -> JobRun:
    """Run a job now and return its recorded run (failures are recorded, then re-raised)."""
    source = get_source(name)
    if context.limit is None and "limit" in source.options:
        context = replace(context, limit=int(source.options["limit"]))
    context = replace(context, options={**{k: v for k, v in source.options.items() if k != "limit"}, **context.options})
    with session_scope(context.sessions) as session:
        run = JobRun(name=name, trigger=trigger, started_at=utcnow(), status="running")
        session.add(run)
    try:
        outcome = source.entry(context)
    except Exception as error:
        _finish(context, run, "failed", {}, f"{type(error).__name__}: {error}")
        raise
    problem = None
    if not source.expected_min <= outcome.yielded <= source.expected_max:
        problem = f"yielded {outcome.yielded}, expected {source.expected_min}-{source.expected_max}"
        logger.warning("job %s %s", name, problem)
    summary = {"yielded": outcome.yielded, **outcome.summary}
    return _finish(context, run, "failed" if problem else "succeeded", summary, problem)


def _finish(context: JobContext, run: JobRun, status: str, summary: dict[str, object], error: str | None) -> JobRun:
    """Close the run's record."""
    with session_scope(context.sessions) as session:
        stored = session.get(JobRun, run.id)
        assert stored is not None
        stored.status, stored.summary, stored.error, stored.finished_at = status, summary, error, utcnow()
        return stored


def default_context(limit: int | None = None) -> JobContext:
    """A context over the configured database and settings."""
    from app.config import get_settings

    return JobContext(settings=get_settings(), sessions=get_sessionmaker(), limit=limit)

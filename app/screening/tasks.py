"""Scheduled work for screening: the job `screening.screen_statements` (listed in app/jobs/jobs.yaml)."""

from __future__ import annotations

from dataclasses import asdict

from app.db import session_scope
from app.jobs.context import JobContext, JobOutcome
from app.screening.statement_flags import screen_statements


def screen_statements_job(context: JobContext) -> JobOutcome:
    """Screen statement versions never screened, or screened before the orders register last changed."""
    with session_scope(context.sessions) as session:
        run = screen_statements(session, limit=context.limit)
    return JobOutcome(run.screened, asdict(run))

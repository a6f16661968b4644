"""Scheduled work for scoring: the job `scoring.rescore_statements` (listed in app/jobs/jobs.yaml)."""

from __future__ import annotations

from dataclasses import asdict

from app.db import session_scope
from app.jobs.context import JobContext, JobOutcome
from app.scoring.service import rescore_statements


def rescore_statements_job(context: JobContext) -> JobOutcome:
    """Assess stored statement versions not yet assessed with the current ruleset versions (idempotent)."""
    with session_scope(context.sessions) as session:
        result = rescore_statements(session, limit=context.limit)
    return JobOutcome(sum(result.scored.values()), asdict(result))

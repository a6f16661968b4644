"""Scheduled work for scoring: the job `scoring.rescore_statements` (listed in app/jobs/jobs.yaml)."""

from __future__ import annotations

from app.compliance.service import on_assessments
from app.db import session_scope
from app.jobs.context import JobContext, JobOutcome
from app.scoring.service import rescore_statements


def rescore_statements_job(context: JobContext) -> JobOutcome:
    """Assess stored versions not yet assessed with the current ruleset versions, then recompute the organisations
    their statements cover (idempotent: a second run finds nothing to score and recomputes nothing)."""
    with session_scope(context.sessions) as session:
        result = rescore_statements(session, limit=context.limit)
        report = on_assessments(session, result.version_ids)
    details = {
        "scored": result.scored,
        "skipped_current": result.skipped_current,
        "failed": result.failed,
        "recomputed_organisations": report.organisations,
        "statuses_written": report.written,
    }
    return JobOutcome(sum(result.scored.values()), details)

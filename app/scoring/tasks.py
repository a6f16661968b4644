"""Scheduled work for scoring: the job `scoring.rescore_statements`."""

from __future__ import annotations

from app.db import session_scope
from app.scoring.service import RescoreResult, rescore_statements


def rescore_statements_job() -> RescoreResult:
    """Job `scoring.rescore_statements`: re-score stored statements whose assessment predates the ruleset version."""
    with session_scope() as session:
        return rescore_statements(session)


JOBS = {"scoring.rescore_statements": rescore_statements_job}

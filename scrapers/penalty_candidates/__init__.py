"""Penalty-review candidates: the compliance.flag_candidates job."""

from __future__ import annotations

from app.compliance.tasks import flag_candidates
from app.jobs.context import JobContext, JobOutcome


def run(context: JobContext) -> JobOutcome:
    """Run compliance.flag_candidates."""
    return flag_candidates(context)

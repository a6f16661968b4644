"""Compliance statuses: the compliance.recompute_statuses job."""

from __future__ import annotations

from app.compliance.tasks import recompute_statuses
from app.jobs.context import JobContext, JobOutcome


def run(context: JobContext) -> JobOutcome:
    """Run compliance.recompute_statuses."""
    return recompute_statuses(context)

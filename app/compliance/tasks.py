"""Scheduled work (registered as folders under scrapers/), each job idempotent: a second run changes nothing more."""

from __future__ import annotations

from app.compliance import service
from app.compliance.notifications import deliver_due
from app.compliance.recompute import recompute_all
from app.compliance.regimes import get_regime
from app.db import session_scope
from app.jobs.context import JobContext, JobOutcome


def recompute_statuses(context: JobContext) -> JobOutcome:
    """compliance.recompute_statuses: the daily pass (deadlines that passed); writes only what changed."""
    with session_scope(context.sessions) as session:
        report = recompute_all(session, get_regime(context.settings.regime))
    return JobOutcome(
        report.written,
        {"organisations": report.organisations, "examined": report.examined, "changed": len(report.changes)},
    )


def flag_candidates(context: JobContext) -> JobOutcome:
    """compliance.flag_candidates: open review cases for new penalty candidates."""
    with session_scope(context.sessions) as session:
        result = service.flag_candidates(session, get_regime(context.settings.regime))
    return JobOutcome(result["opened"], {"candidates": result["candidates"]})


def deliver_webhooks(context: JobContext) -> JobOutcome:
    """notifications.deliver_webhooks: try due webhook and e-mail deliveries."""
    with session_scope(context.sessions) as session:
        return JobOutcome(deliver_due(session, limit=context.limit or 200))

"""Webhook and e-mail deliveries: the notifications.deliver_webhooks job."""

from __future__ import annotations

from app.compliance.tasks import deliver_webhooks
from app.jobs.context import JobContext, JobOutcome


def run(context: JobContext) -> JobOutcome:
    """Run notifications.deliver_webhooks."""
    return deliver_webhooks(context)

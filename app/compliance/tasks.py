"""Scheduled work, each job idempotent: running it twice changes nothing more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.compliance import service
from app.compliance.notifications import deliver_due
from app.compliance.recompute import recompute_all
from app.compliance.regimes import default_regime
from app.db import session_scope


def recompute_statuses() -> dict[str, Any]:
    """compliance.recompute_statuses: the daily pass (deadlines that passed) — writes only what changed."""
    with session_scope() as session:
        report = recompute_all(session, default_regime())
        return {"organisations": report.organisations, "examined": report.examined, "written": report.written}


def flag_candidates() -> dict[str, int]:
    """compliance.flag_candidates: open review cases for new penalty candidates."""
    with session_scope() as session:
        return service.flag_candidates(session, default_regime())


def deliver_webhooks() -> dict[str, int]:
    """notifications.deliver_webhooks: try due webhook and e-mail deliveries."""
    with session_scope() as session:
        return {"tried": deliver_due(session)}


JOBS: dict[str, tuple[Callable[[], Any], str]] = {
    "compliance.recompute_statuses": (recompute_statuses, "daily"),
    "compliance.flag_candidates": (flag_candidates, "daily"),
    "notifications.deliver_webhooks": (deliver_webhooks, "every minute"),
}

"""Writes to the audit log: sign-ins, failures and changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.accounts import AuditEvent, User


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    subject_type: str | None = None,
    subject_id: object = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event (flushed with the caller's transaction)."""
    event = AuditEvent(
        actor_user_id=user.id if user else None,
        actor=actor or (user.email if user else "anonymous"),
        action=action,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        ip=ip,
        details=details or {},
    )
    session.add(event)
    session.flush()
    return event
